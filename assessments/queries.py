"""Item statistics: facility and distractor counts per question, pooled across languages."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from uuid import UUID

from django.db.models import Avg, Count, Max, Q
from django.utils.translation import gettext as _

from courses.localisation import source_copy

from .blocks import TRUE_FALSE
from .models import Answer, Attempt, QuizPage
from .services.content import snapshot_questions


@dataclass
class ChoiceStatistic:
    id: str
    text: str
    correct: bool
    count: int
    percent: float


@dataclass
class QuestionStatistic:
    id: str
    number: int | None
    type: str
    prompt: str
    category: str
    max_points: int
    answers: int = 0
    answered: int = 0
    fully_correct: int = 0
    marked: int = 0
    mean_points: Decimal | None = None
    choices: list[ChoiceStatistic] = field(default_factory=list)

    @property
    def facility(self) -> float | None:
        """Share of answers that earned full marks (unanswered counts as not correct)."""
        return round(100 * self.fully_correct / self.answers, 1) if self.answers else None

    @property
    def mean_percent(self) -> float | None:
        if self.mean_points is None or not self.max_points:
            return None
        return round(float(self.mean_points) * 100 / self.max_points, 1)


@dataclass
class QuizStatistics:
    quiz: QuizPage | None
    attempts: int
    completed: int
    passed: int
    mean_percent: Decimal | None
    questions: list[QuestionStatistic]


def item_statistics(quiz_translation_key: UUID) -> QuizStatistics:
    """Facility and distractor counts per question of one quiz, pooled across every language.

    Answers are matched by block id and choices by choice id, which translations share. Texts come
    from the source-language page. Preview attempts and open attempts are left out.
    """
    source = source_copy(QuizPage, quiz_translation_key)
    summary = (
        Attempt.objects.for_quiz(quiz_translation_key)
        .counted()
        .submitted()
        .aggregate(
            attempts=Count("id"),
            completed=Count("id", filter=Q(status=Attempt.Status.COMPLETED)),
            passed=Count("id", filter=Q(passed=True)),
            mean=Avg("percent", filter=Q(status=Attempt.Status.COMPLETED)),
        )
    )
    answers = Answer.objects.for_statistics(quiz_translation_key)
    per_question = {
        row["question_id"]: row
        for row in answers.values("question_id").annotate(
            answers=Count("id"),
            answered=Count("id", filter=~Q(selected=[]) | ~Q(text="")),
            fully_correct=Count("id", filter=Q(is_correct=True)),
            marked=Count("points"),
            mean_points=Avg("points"),
            max_points=Max("max_points"),
            question_type=Max("question_type"),
        )
    }
    picks: Counter[tuple[str, str]] = Counter()
    for question_id, selected in (
        answers.exclude(selected=[]).values_list("question_id", "selected").iterator()
    ):
        for choice_id in selected or []:
            picks[(question_id, choice_id)] += 1

    questions: list[QuestionStatistic] = []
    known = snapshot_questions(source.questions.raw_data) if source else []
    for number, question in enumerate(known, start=1):
        stat = QuestionStatistic(
            id=question["id"],
            number=number,
            type=question["type"],
            prompt=question["prompt"],
            category=question["category"],
            max_points=question["points"],
        )
        _fill_statistic(stat, per_question.pop(question["id"], None))
        if question["type"] == TRUE_FALSE:
            options = [
                ("true", _("True"), question["correct"]),
                ("false", _("False"), not question["correct"]),
            ]
        else:
            options = [(c["id"], c["text"], c["correct"]) for c in question.get("choices", [])]
        stat.choices = [
            ChoiceStatistic(
                id=choice_id,
                text=text,
                correct=correct,
                count=picks[(question["id"], choice_id)],
                percent=round(100 * picks[(question["id"], choice_id)] / stat.answers, 1)
                if stat.answers
                else 0.0,
            )
            for choice_id, text, correct in options
        ]
        questions.append(stat)
    for question_id, row in per_question.items():  # questions since removed from the quiz
        stat = QuestionStatistic(
            id=question_id,
            number=None,
            type=row["question_type"],
            prompt=_("(a question no longer in the quiz)"),
            category="",
            max_points=row["max_points"] or 0,
        )
        _fill_statistic(stat, row)
        questions.append(stat)
    return QuizStatistics(
        quiz=source,
        attempts=summary["attempts"],
        completed=summary["completed"],
        passed=summary["passed"],
        mean_percent=summary["mean"],
        questions=questions,
    )


def _fill_statistic(stat: QuestionStatistic, row: dict | None) -> None:
    if row is None:
        return
    stat.answers = row["answers"]
    stat.answered = row["answered"]
    stat.fully_correct = row["fully_correct"]
    stat.marked = row["marked"]
    stat.mean_points = row["mean_points"]
