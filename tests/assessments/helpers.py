"""Driving a quiz through HTTP the way a browser does."""

from __future__ import annotations

from django.urls import reverse

from assessments.forms import answer_field_name
from assessments.models import Attempt, QuizPage


def start(client, quiz: QuizPage, language: str = "en") -> Attempt:
    response = client.post(f"/{language}/assessments/quiz/{quiz.pk}/start/")
    assert response.status_code == 302, response.content[:500]
    return Attempt.objects.order_by("-pk").first()


def page_url(attempt: Attempt, number: int = 1, language: str = "en") -> str:
    return f"/{language}/assessments/attempts/{attempt.pk}/page/{number}/"


def result_url(attempt: Attempt, language: str = "en") -> str:
    return f"/{language}/assessments/attempts/{attempt.pk}/result/"


def submit_url(attempt: Attempt, language: str = "en") -> str:
    return f"/{language}/assessments/attempts/{attempt.pk}/submit/"


def answer(question_id: str, *values: str) -> dict:
    return {answer_field_name(question_id): list(values)}


def post_page(client, attempt: Attempt, number: int, action: str = "next", **answers):
    data: dict = {"action": action}
    for question_id, values in answers.items():
        data[answer_field_name(question_id)] = values
    return client.post(page_url(attempt, number), data)


def answer_all(client, attempt: Attempt, answers: dict[str, list[str]], action_last="submit"):
    """Answer every question of an attempt page by page (or on its one page), then submit."""
    attempt.refresh_from_db()
    responses = []
    for number in range(1, attempt.page_count + 1):
        data: dict = {}
        for question in attempt.questions_on_page(number):
            if question["id"] in answers:
                data[answer_field_name(question["id"])] = answers[question["id"]]
        data["action"] = action_last if number == attempt.page_count else "next"
        responses.append(client.post(page_url(attempt, number), data))
    return responses[-1]


def admin_url(name: str, *args) -> str:
    return reverse(f"assessments_admin:{name}", args=args)
