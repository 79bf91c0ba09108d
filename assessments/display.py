"""What the quiz templates show: an attempt's questions with the learner's answers.

Templates only ever receive these objects, never the snapshot or the page's stream, and a
question's key (which choices are correct, feedback, explanation) is copied in only when it may be
shown: on the result page when the quiz reveals answers, or after the learner has checked (and so
locked) that one answer in "feedback after each question" mode. Keys therefore cannot reach the
HTML of an open attempt by accident.

Texts come from the attempt's snapshot. When the learner switches language mid-attempt, the texts
of the quiz's translation are shown instead wherever the question (block id, type and choice ids)
is the same; scoring always uses the snapshot. Without a copy in the reader's language the texts
stay those of the language the attempt was taken in (its snapshot's), before the source's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.images import get_image_model

from courses.localisation import words_copy

from .blocks import ESSAY, MULTIPLE_SELECT, TRUE_FALSE
from .forms import answer_field_name
from .models import Answer, Attempt, QuizPage
from .services import snapshot_questions

RENDITION = "max-800x600"


@dataclass
class ChoiceView:
    id: str
    text: str
    selected: bool
    correct: bool | None = None  # None: not revealed
    feedback: str = ""


@dataclass
class QuestionView:
    number: int
    id: str
    type: str
    prompt: str
    points: int
    category: str
    alt_text: str = ""
    image: Any = None
    choices: list[ChoiceView] = field(default_factory=list)
    text: str = ""
    answered: bool = False
    locked: bool = False
    revealed: bool = False
    explanation: str = ""
    points_awarded: Decimal | None = None
    is_correct: bool | None = None
    awaiting_marking: bool = False
    trainer_feedback: str = ""
    show_decision_aid: bool = False
    min_words: int | None = None
    max_words: int | None = None

    @property
    def field_name(self) -> str:
        return answer_field_name(self.id)

    @property
    def is_essay(self) -> bool:
        return self.type == ESSAY

    @property
    def is_multiple(self) -> bool:
        return self.type == MULTIPLE_SELECT


@dataclass
class AttemptView:
    attempt: Attempt
    quiz: QuizPage | None
    questions: list[QuestionView]
    number: int = 1
    page_count: int = 1
    nav: list[dict] = field(default_factory=list)
    answered_count: int = 0
    seconds_left: int | None = None

    @property
    def minutes_left(self) -> int | None:
        if self.seconds_left is None:
            return None
        return -(-self.seconds_left // 60)

    @property
    def total(self) -> int:
        return len(self.attempt.questions)

    @property
    def is_last(self) -> bool:
        return self.number >= self.page_count

    @property
    def one_page(self) -> bool:
        return self.attempt.layout == QuizPage.Layout.ONE_PAGE

    @property
    def after_each(self) -> bool:
        return self.attempt.feedback_timing == QuizPage.FeedbackTiming.AFTER_EACH

    @property
    def checked(self) -> bool:
        """Every question on the page has been checked (and locked) in after-each mode."""
        return bool(self.questions) and all(question.locked for question in self.questions)

    @property
    def unanswered(self) -> list[QuestionView]:
        return [question for question in self.questions if not question.answered]


def attempt_page(attempt: Attempt, number: int, language: str, now: datetime | None = None):
    """Page `number` of an open attempt (a constant number of queries, whatever its length)."""
    now = now or timezone.now()
    answers = {answer.question_id: answer for answer in attempt.answers.all()}
    quiz = words_copy(QuizPage, attempt.quiz_key, language, attempt.language)
    questions = question_views(
        attempt, attempt.questions_on_page(number), answers, quiz, reveal_all=False
    )
    return AttemptView(
        attempt=attempt,
        quiz=quiz,
        questions=questions,
        number=number,
        page_count=attempt.page_count,
        nav=_nav(attempt, answers, number),
        answered_count=sum(1 for answer in answers.values() if answer.is_answered),
        seconds_left=_seconds_left(attempt, now),
    )


def review_page(attempt: Attempt, language: str, now: datetime | None = None) -> AttemptView:
    """Every question of an open attempt with whether it is answered, before handing it in."""
    now = now or timezone.now()
    answers = {answer.question_id: answer for answer in attempt.answers.all()}
    quiz = words_copy(QuizPage, attempt.quiz_key, language, attempt.language)
    questions = question_views(attempt, attempt.questions, answers, quiz, reveal_all=False)
    return AttemptView(
        attempt=attempt,
        quiz=quiz,
        questions=questions,
        number=attempt.page_count,
        page_count=attempt.page_count,
        nav=_nav(attempt, answers, 0),
        answered_count=sum(1 for question in questions if question.answered),
        seconds_left=_seconds_left(attempt, now),
    )


def result_page(attempt: Attempt, language: str) -> AttemptView:
    answers = {answer.question_id: answer for answer in attempt.answers.all()}
    quiz = words_copy(QuizPage, attempt.quiz_key, language, attempt.language)
    questions = question_views(
        attempt, attempt.questions, answers, quiz, reveal_all=attempt.reveals_answers()
    )
    return AttemptView(
        attempt=attempt,
        quiz=quiz,
        questions=questions,
        answered_count=sum(1 for question in questions if question.answered),
    )


def question_views(
    attempt: Attempt,
    questions: list[dict],
    answers: dict[str, Answer],
    quiz: QuizPage | None,
    reveal_all: bool,
) -> list[QuestionView]:
    numbers = {question["id"]: index for index, question in enumerate(attempt.questions, start=1)}
    translated = {}
    if quiz is not None and quiz.locale.language_code != attempt.language:
        translated = {q["id"]: q for q in snapshot_questions(quiz.questions.raw_data)}
    shown = [_translated(question, translated.get(question["id"])) for question in questions]
    renditions = _renditions({q["image"] for q in shown if q.get("image")})
    return [
        _question_view(
            question,
            numbers.get(question["id"], 0),
            answers.get(question["id"]),
            reveal_all,
            renditions.get(question.get("image")),
        )
        for question in shown
    ]


def _translated(question: dict, translation: dict | None) -> dict:
    """The snapshot question with the texts of its translation, when it is the same question."""
    if translation is None or translation["type"] != question["type"]:
        return question
    choices = {choice["id"]: choice for choice in translation.get("choices", [])}
    if set(choices) != {choice["id"] for choice in question.get("choices", [])}:
        return question
    merged = dict(question)
    for key in ("prompt", "alt_text", "category", "explanation", "feedback_true", "feedback_false"):
        if translation.get(key):
            merged[key] = translation[key]
    if translation.get("image") and translation.get("alt_text"):
        merged["image"] = translation["image"]
    merged["choices"] = [
        {
            **choice,
            "text": choices[choice["id"]]["text"],
            "feedback": choices[choice["id"]]["feedback"],
        }
        for choice in question.get("choices", [])
    ]
    return merged


def _question_view(
    question: dict, number: int, answer: Answer | None, reveal_all: bool, image: Any
) -> QuestionView:
    selected = set(answer.selected) if answer else set()
    locked = bool(answer and answer.checked_at)
    revealed = reveal_all or locked
    marked = answer is not None and answer.points is not None
    view = QuestionView(
        number=number,
        id=question["id"],
        type=question["type"],
        prompt=question["prompt"],
        points=question["points"],
        category=question.get("category", ""),
        alt_text=question.get("alt_text", ""),
        image=image,
        text=answer.text if answer else "",
        answered=bool(answer and answer.is_answered),
        locked=locked,
        revealed=revealed,
        show_decision_aid=bool(question.get("show_decision_aid")),
        min_words=question.get("min_words"),
        max_words=question.get("max_words"),
    )
    if question["type"] == TRUE_FALSE:
        options = [
            {
                "id": "true",
                "text": _("True"),
                "correct": bool(question.get("correct")),
                "feedback": question.get("feedback_true", ""),
            },
            {
                "id": "false",
                "text": _("False"),
                "correct": not question.get("correct"),
                "feedback": question.get("feedback_false", ""),
            },
        ]
    else:
        options = question.get("choices", [])
    for option in options:
        is_selected = option["id"] in selected
        view.choices.append(
            ChoiceView(
                id=option["id"],
                text=option["text"],
                selected=is_selected,
                correct=bool(option.get("correct")) if revealed else None,
                feedback=option.get("feedback", "") if revealed and is_selected else "",
            )
        )
    if question["type"] == ESSAY:
        # A trainer's points and comment give nothing away: shown once marked, in every mode.
        view.awaiting_marking = bool(answer and answer.is_answered and not marked)
        if marked:
            view.points_awarded = answer.points
            view.trainer_feedback = answer.feedback
    if revealed and (question["type"] != ESSAY or marked):
        view.explanation = question.get("explanation", "")
        view.points_awarded = answer.points if answer else Decimal(0)
        view.is_correct = answer.is_correct if answer else False
    return view


def _renditions(image_ids: set) -> dict:
    if not image_ids:
        return {}
    images = get_image_model().objects.filter(pk__in=image_ids).prefetch_renditions(RENDITION)
    return {image.pk: image.get_rendition(RENDITION) for image in images}


def _nav(attempt: Attempt, answers: dict[str, Answer], current: int) -> list[dict]:
    if attempt.layout == QuizPage.Layout.ONE_PAGE:
        return []
    return [
        {
            "number": index,
            "answered": bool(answers.get(question["id"]) and answers[question["id"]].is_answered),
            "current": index == current,
        }
        for index, question in enumerate(attempt.questions, start=1)
    ]


def _seconds_left(attempt: Attempt, now: datetime) -> int | None:
    if attempt.deadline is None:
        return None
    return max(0, int((attempt.deadline - now).total_seconds()))
