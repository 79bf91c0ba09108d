"""The learning journey's sections of a learner's data export (lms.services.personal_data)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from courses.localisation import reader_language, titles_in
from courses.models import LessonPage, ModulePage
from lms.models import LearnerProfile
from lms.services import json_ready

from . import confidence
from .models import Enrolment, LearningRecord, LessonProgress, ModuleProgress


def _language(user) -> str:
    """The learner's language for titles: their preferred one, else the source language."""
    profile = LearnerProfile.objects.filter(user=user).values("preferred_language").first()
    return reader_language(profile["preferred_language"] if profile else None)


def enrolments(user) -> list[dict[str, Any]]:
    rows = list(Enrolment.objects.filter(user=user).values("module_key", "enrolled_at"))
    titles = titles_in(ModulePage, {row["module_key"] for row in rows}, _language(user))
    return [json_ready({"module": titles.get(row["module_key"], ""), **row}) for row in rows]


def lesson_progress(user) -> list[dict[str, Any]]:
    rows = list(
        LessonProgress.objects.filter(user=user)
        .order_by("first_viewed_at")
        .values(
            "lesson_key",
            "module_key",
            "first_viewed_at",
            "last_viewed_at",
            "seconds_spent",
            "completed_at",
            "completed_language",
        )
    )
    language = _language(user)
    modules = titles_in(ModulePage, {row["module_key"] for row in rows}, language)
    lessons = titles_in(LessonPage, {row["lesson_key"] for row in rows}, language)
    return [
        json_ready(
            {
                "module": modules.get(row["module_key"], ""),
                "lesson": lessons.get(row["lesson_key"], ""),
                **row,
            }
        )
        for row in rows
    ]


def module_progress(user) -> list[dict[str, Any]]:
    rows = list(
        ModuleProgress.objects.filter(user=user).values(
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
    )
    titles = titles_in(ModulePage, {row["module_key"] for row in rows}, _language(user))
    labels = dict(ModuleProgress.Status.choices)
    return [
        json_ready(
            {
                "module": titles.get(row["module_key"], ""),
                **row,
                "status": str(labels.get(row["status"], row["status"])),
                "best_score": None if row["best_score"] is None else str(row["best_score"]),
            }
        )
        for row in rows
    ]


def learning_records(user) -> list[dict[str, Any]]:
    records = LearningRecord.objects.filter(user=user).order_by("id").values("statement")
    return [row["statement"] for row in records]


TITLES = {
    "enrolments": _("Modules you enrolled in"),
    "lesson_progress": _("Lessons"),
    "module_progress": _("Progress per module"),
    "learning_records": _("Learning records (xAPI statements)"),
    "confidence_self_assessments": _("Confidence self-assessments (answered or skipped only)"),
}

SECTIONS = {
    "enrolments": enrolments,
    "lesson_progress": lesson_progress,
    "module_progress": module_progress,
    "learning_records": learning_records,
    # Only THAT the learner answered or skipped; the answers themselves are anonymous.
    "confidence_self_assessments": confidence.personal_data,
}
