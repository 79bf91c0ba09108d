"""Trainers mark essays: the attempt is rescored, and the learner told once it is final."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import marking  # scoring rules (assessments/marking.py)
from ..blocks import ESSAY
from ..exceptions import QuizError
from ..models import Answer, Attempt
from .attempts import _score

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def mark_answer(
    answer_id: int,
    marker: User,
    points: Decimal,
    feedback: str = "",
    *,
    now: datetime | None = None,
) -> Attempt:
    """A trainer's points for an essay (first marking or re-scoring); the attempt is rescored.

    When nothing is left to mark the attempt becomes final and the learner is told by email, in
    their language, once the transaction has committed (a re-score tells them again).
    """
    now = now or timezone.now()
    with transaction.atomic():
        attempt_id = Answer.objects.values_list("attempt_id", flat=True).get(pk=answer_id)
        attempt = Attempt.objects.select_for_update().get(pk=attempt_id)
        if attempt.is_open:
            raise QuizError(_("This attempt has not been submitted yet."))
        answer = Answer.objects.select_for_update().get(pk=answer_id)
        if answer.question_type != ESSAY:
            raise QuizError(_("Only essay answers are marked by hand."))
        points = Decimal(points).quantize(marking.CENT)
        if not Decimal(0) <= points <= answer.max_points:
            raise QuizError(_("Give between 0 and %(max)d points.") % {"max": answer.max_points})
        answer.points = points
        answer.is_correct = points == answer.max_points
        answer.feedback = feedback.strip()
        answer.marked_by = marker
        answer.marked_at = now
        answer.save(
            update_fields=[
                "points",
                "is_correct",
                "feedback",
                "marked_by",
                "marked_at",
                "updated_at",
            ]
        )
        all_points = dict(attempt.answers.values_list("question_id", "points"))
        _score(attempt, all_points, now)
        if attempt.status == Attempt.Status.COMPLETED:
            from ..tasks import notify_result

            attempt_pk = attempt.pk
            transaction.on_commit(lambda: notify_result.delay(attempt_pk))
    return attempt
