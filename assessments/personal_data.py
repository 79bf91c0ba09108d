"""The quizzes' section of a learner's data export (lms.services.personal_data)."""

from __future__ import annotations

from typing import Any

from lms.services import json_ready

from .models import Answer, Attempt


def quiz_attempts(user) -> list[dict[str, Any]]:
    """Every attempt with the answers given (their text is the learner's own words)."""
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
        )
    )
    answers = Answer.objects.filter(attempt__user=user).order_by("attempt_id", "id")
    answers_by_attempt: dict[int, list[dict[str, Any]]] = {}
    for answer in answers.values(
        "attempt_id", "question_id", "selected", "text", "points", "feedback"
    ):
        answers_by_attempt.setdefault(answer.pop("attempt_id"), []).append(answer)
    for attempt in attempts:
        attempt["answers"] = answers_by_attempt.get(attempt["id"], [])
    return [json_ready(attempt) for attempt in attempts]
