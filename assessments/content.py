"""Quizzes from the content files: the courses loader calls this for each module's quiz."""

from __future__ import annotations

from typing import Any

from wagtail.models import Page

from courses.loader import LoadReport, upsert_page
from courses.models import ModulePage

from .models import QuizPage
from .services import build_question_stream


def load_quiz(module: ModulePage, quiz: dict[str, Any], report: LoadReport) -> Page:
    """The module's end-of-module quiz; question block ids come from the questions' own ids."""

    def paragraph(text: str) -> str:
        text = (text or "").strip()
        return text if not text or text.startswith("<") else f"<p>{text}</p>"

    return upsert_page(
        module,
        QuizPage,
        quiz["slug"],
        {
            "title": quiz["title"],
            "intro": paragraph(quiz.get("intro", "")),
            "pass_mark": quiz["pass_mark"],
            "draw_count": quiz.get("draw_count"),
            "random_question_order": bool(quiz.get("random_question_order")),
            "random_choice_order": bool(quiz.get("random_choice_order")),
            "success_text": paragraph(quiz.get("success_text", "")),
            "fail_text": paragraph(quiz.get("fail_text", "")),
            "questions": build_question_stream(quiz["questions"]),
        },
        report,
    )
