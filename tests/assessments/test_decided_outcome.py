"""A result does not wait for the trainer when the essay cannot change it (issue 12, point 6)."""

from decimal import Decimal

import pytest

from assessments.models import Attempt, QuizPage
from assessments.services import build_question_stream, mark_answer
from certificates.models import Certificate
from lms.learning.models import ModuleProgress
from lms.learning.services import complete_lesson
from tests.assessments.factories import QuizPageFactory, sample_questions
from tests.assessments.helpers import answer_all, result_url, start

pytestmark = pytest.mark.django_db

# The sample quiz: 4 automatically marked points (q1 1, q2 2, q3 1) and a 5-point essay.
RIGHT = {"t-q1": 0, "t-q2": (0, 1), "t-q3": "false"}


def _quiz(module_page, pass_mark):
    return QuizPageFactory(
        parent=module_page,
        slug="module-quiz",  # the module's own quiz, the one completion asks for
        pass_mark=pass_mark,
        questions=build_question_stream(sample_questions()),
        layout=QuizPage.Layout.ONE_PAGE,
    )


def _answers(attempt, right: bool):
    answers = {}
    for question in attempt.questions:
        if question["type"] == "essay":
            answers[question["id"]] = ["A considered answer about consultation."]
        elif question["type"] == "true_false":
            answers[question["id"]] = ["false" if right else "true"]
        else:
            correct = [c["id"] for c in question["choices"] if c["correct"]]
            wrong = [c["id"] for c in question["choices"] if not c["correct"]][:1]
            answers[question["id"]] = correct if right else wrong
    return answers


def test_marked_points_that_reach_the_pass_mark_pass_at_once(learner_client, module_page):
    quiz = _quiz(module_page, pass_mark=40)  # 40% of 9 = 3.6 points: the 4 marked points pass
    attempt = start(learner_client, quiz)
    answer_all(learner_client, attempt, _answers(attempt, right=True))
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.AWAITING_MARKING and attempt.passed is True
    html = learner_client.get(result_url(attempt)).content.decode()
    assert "You passed: your marked answers already reach the pass mark." in html
    assert "A trainer will still mark your written answers" in html


def test_an_outcome_no_essay_mark_can_change_fails_at_once(learner_client, module_page):
    quiz = _quiz(module_page, pass_mark=100)  # one wrong automatic answer: 100% is out of reach
    attempt = start(learner_client, quiz)
    answer_all(learner_client, attempt, _answers(attempt, right=False))
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.AWAITING_MARKING and attempt.passed is False
    assert "even full marks for your written answers" in (
        learner_client.get(result_url(attempt)).content.decode()
    )


def test_an_open_outcome_still_waits_for_the_trainer(learner_client, module_page):
    quiz = _quiz(module_page, pass_mark=50)  # 4 of 9 marked: the essay decides
    attempt = start(learner_client, quiz)
    answer_all(learner_client, attempt, _answers(attempt, right=True))
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.AWAITING_MARKING and attempt.passed is None


def test_a_decided_pass_completes_the_module_and_the_marking_follows(
    learner_client, learner, module_page, lesson_page, trainer
):
    complete_lesson(learner, lesson_page, language="en", seconds_spent=60)
    quiz = _quiz(module_page, pass_mark=40)
    attempt = start(learner_client, quiz)
    answer_all(learner_client, attempt, _answers(attempt, right=True))
    progress = ModuleProgress.objects.get(user=learner, module_key=module_page.translation_key)
    assert progress.quiz_passed and progress.status == ModuleProgress.Status.COMPLETED
    issued = Certificate.objects.filter(user=learner).count()
    assert Certificate.objects.filter(user=learner, kind=Certificate.Kind.MODULE).count() == 1
    # The trainer marks the essay later: the result stands, nothing is issued twice.
    essay = attempt.answers.get(question_type="essay")
    mark_answer(essay.pk, trainer, Decimal(2), "Good points on consultation.")
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.COMPLETED and attempt.passed is True
    assert Certificate.objects.filter(user=learner).count() == issued
    assert (
        "Good points on consultation." in learner_client.get(result_url(attempt)).content.decode()
    )
