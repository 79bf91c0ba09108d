"""Events and queries for other apps."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from ..models import Attempt
from ..signals import attempt_finalised

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def on_attempt_finalised(attempt: Attempt) -> None:
    """Announce a final result, inside the submit or marking transaction, each time it is set.

    That is: when an attempt is submitted with nothing left to mark, when a trainer marks its last
    essay, and again when a trainer re-scores an answer of a final attempt. The learning journey
    listens to `signals.attempt_finalised` and updates the learner's module progress in the same
    transaction (docs/architecture.md); its receiver ignores previews and is idempotent.
    """
    attempt_finalised.send(sender=Attempt, attempt=attempt)


def has_passed(user: User, quiz_translation_key: UUID) -> bool:
    """Whether any attempt of the learner at this quiz (in any language) has passed.

    `passed` is set only once the outcome is certain, possibly before an essay is marked.
    """
    return (
        Attempt.objects.for_quiz(quiz_translation_key)
        .counted()
        .filter(user=user, passed=True)
        .exists()
    )
