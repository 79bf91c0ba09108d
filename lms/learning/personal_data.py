"""The learning journey's sections of a learner's data export (lms.services.personal_data)."""

from __future__ import annotations

from typing import Any

from lms.services import json_ready

from . import confidence
from .models import Enrolment, LearningRecord, LessonProgress, ModuleProgress


def enrolments(user) -> list[dict[str, Any]]:
    rows = Enrolment.objects.filter(user=user).values("module_key", "enrolled_at")
    return [json_ready(row) for row in rows]


def lesson_progress(user) -> list[dict[str, Any]]:
    rows = LessonProgress.objects.filter(user=user).values(
        "lesson_key",
        "module_key",
        "first_viewed_at",
        "last_viewed_at",
        "seconds_spent",
        "completed_at",
        "completed_language",
    )
    return [json_ready(row) for row in rows]


def module_progress(user) -> list[dict[str, Any]]:
    rows = ModuleProgress.objects.filter(user=user).values(
        "module_key",
        "status",
        "lessons_done",
        "lessons_total",
        "best_score",
        "quiz_passed",
        "started_at",
        "completed_at",
        "last_activity_at",
    )
    return [json_ready(row) for row in rows]


def learning_records(user) -> list[dict[str, Any]]:
    records = LearningRecord.objects.filter(user=user).order_by("id").values("statement")
    return [row["statement"] for row in records]


SECTIONS = {
    "enrolments": enrolments,
    "lesson_progress": lesson_progress,
    "module_progress": module_progress,
    "learning_records": learning_records,
    # Only THAT the learner answered or skipped; the answers themselves are anonymous.
    "confidence_self_assessments": confidence.personal_data,
}
