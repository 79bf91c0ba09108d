"""Why a quiz action was refused, with the HTTP status and the message the learner reads."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext_lazy

from lms.http import Refused


class QuizError(Refused):
    """A refused quiz action. `message` is translated and shown to the learner as it is."""

    status = 400
    title = gettext_lazy("That did not work")


class InvalidSubmission(QuizError):
    """The posted form is not one this quiz could have produced (tampered or malformed)."""

    status = 400


class QuizUnavailable(QuizError):
    """The quiz cannot be taken by this person now (a draft, or no questions)."""

    status = 403


class AttemptLimitReached(QuizError):
    status = 409


class CoolingDown(QuizError):
    """The learner must wait before the next attempt."""

    status = 429

    def __init__(self, message: str, available_at: datetime) -> None:
        super().__init__(message)
        self.available_at = available_at


class AttemptClosed(QuizError):
    """The attempt has been submitted (or timed out): nothing about it can change any more."""

    status = 409


class AnswerLocked(QuizError):
    """The learner has already seen the feedback for this answer, so it cannot change."""

    status = 409


class AlreadySubmitted(AttemptClosed):
    """Submit pressed again for an attempt already handed in (a double click, or a page restored
    with the Back button): the learner is shown the result, which is what they asked for."""
