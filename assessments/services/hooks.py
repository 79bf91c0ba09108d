"""Hooks and queries for other apps."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from ..models import Attempt, QuizPage

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def on_attempt_finalised(attempt: Attempt) -> None:
    """Called inside the submit or marking transaction each time an attempt's final result is set.

    That is: when an attempt is submitted with nothing left to mark, when a trainer marks its last
    essay, and again when a trainer re-scores an answer of a final attempt. The "Learning journey"
    work updates the learner's module progress here (in the same transaction, as DESIGN.md's
    decision 4 asks); it must be idempotent, e.g. recompute from `best_score` / `has_passed`.
    Preview attempts (staff trying a draft, `attempt.is_preview`) should be ignored there.
    `record_quiz_result` ignores previews and is idempotent (one record per result version).
    """
    from lms.learning.services import record_quiz_result

    record_quiz_result(attempt)


def has_passed(user: User, quiz_translation_key: UUID) -> bool:
    """Whether any final attempt of the learner at this quiz (in any language) passed."""
    return (
        Attempt.objects.for_quiz(quiz_translation_key)
        .counted()
        .completed()
        .filter(user=user, passed=True)
        .exists()
    )


def localised_quiz(attempt: Attempt, language: str) -> QuizPage | None:
    """The quiz page in `language` when it exists, else the copy the attempt was started on."""
    pages = list(
        QuizPage.objects.filter(
            translation_key=attempt.quiz_key,
            locale__language_code__in={language, attempt.language},
        ).select_related("locale")
    )
    pages.sort(key=lambda page: (page.locale.language_code != language, not page.live))
    return pages[0] if pages else None
