"""The quizzes' section of a learner's data export (lms.services.personal_data).

Readable as well as complete: each attempt names its quiz and module in the learner's language,
and each answer carries the question as it was asked (the attempt's own copy of its questions,
in the language the attempt was taken in) and the texts of the choices the learner picked.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses.localisation import reader_language, titles_in
from courses.models import ModulePage
from lms.models import LearnerProfile
from lms.services import json_ready

from .blocks import TRUE_FALSE
from .models import Answer, Attempt, QuizPage

TITLE = gettext_lazy("Quizzes: your attempts and answers")
QUESTION_TYPES = {
    "single_choice": gettext_lazy("Single choice"),
    "multiple_select": gettext_lazy("Multiple select"),
    "true_false": gettext_lazy("True or false"),
    "essay": gettext_lazy("Essay"),
}


def _chosen_texts(question: dict[str, Any], selected: list[str]) -> list[str]:
    """The words of the choices the learner picked, in the order the question lists them."""
    if question.get("type") == TRUE_FALSE:
        options = {"true": _("True"), "false": _("False")}
    else:
        options = {choice["id"]: choice["text"] for choice in question.get("choices", [])}
    return [text for choice_id, text in options.items() if choice_id in set(selected or [])]


def _answer(question: dict[str, Any] | None, number: int | None, row: dict) -> dict[str, Any]:
    question = question or {}
    return {
        "number": number,
        "question": question.get("prompt", ""),
        "question_type": str(QUESTION_TYPES.get(row["question_type"], row["question_type"])),
        "chosen": _chosen_texts(question, row["selected"]),
        "text": row["text"],
        "points": None if row["points"] is None else str(row["points"]),
        "max_points": row["max_points"],
        "feedback": row["feedback"],
        "question_id": row["question_id"],
        "selected": row["selected"],
    }


def quiz_attempts(user) -> list[dict[str, Any]]:
    """Every attempt with the questions asked and the answers given (the learner's own words)."""
    attempts = list(
        Attempt.objects.filter(user=user)
        .order_by("started_at")
        .values(
            "id",
            "quiz_key",
            "module_key",
            "number",
            "language",
            "status",
            "started_at",
            "submitted_at",
            "completed_at",
            "score",
            "max_score",
            "percent",
            "passed",
            "questions",
        )
    )
    profile = LearnerProfile.objects.filter(user=user).values("preferred_language").first()
    language = reader_language(profile["preferred_language"] if profile else None)
    quizzes = titles_in(QuizPage, {a["quiz_key"] for a in attempts}, language)
    modules = titles_in(
        ModulePage, {a["module_key"] for a in attempts if a["module_key"]}, language
    )
    answers = Answer.objects.filter(attempt__user=user).order_by("attempt_id", "id")
    answers_by_attempt: dict[int, list[dict[str, Any]]] = {}
    for row in answers.values(
        "attempt_id",
        "question_id",
        "question_type",
        "selected",
        "text",
        "points",
        "max_points",
        "feedback",
    ):
        answers_by_attempt.setdefault(row.pop("attempt_id"), []).append(row)
    labels = dict(Attempt.Status.choices)
    result = []
    for attempt in attempts:
        asked = attempt.pop("questions") or []
        numbers = {question["id"]: index for index, question in enumerate(asked, start=1)}
        by_id = {question["id"]: question for question in asked}
        rows = sorted(
            answers_by_attempt.get(attempt["id"], []),
            key=lambda row: numbers.get(row["question_id"], len(numbers) + 1),
        )
        attempt.update(
            quiz=quizzes.get(attempt["quiz_key"], ""),
            module=modules.get(attempt["module_key"], ""),
            status=str(labels.get(attempt["status"], attempt["status"])),
            score=None if attempt["score"] is None else str(attempt["score"]),
            percent=None if attempt["percent"] is None else str(attempt["percent"]),
            answers=[
                _answer(by_id.get(row["question_id"]), numbers.get(row["question_id"]), row)
                for row in rows
            ],
        )
        result.append(json_ready(attempt))
    return result
