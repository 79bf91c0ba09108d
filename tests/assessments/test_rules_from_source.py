"""The localisation rule for quizzes: limits and timers come from the source-language quiz.

A trainer changes a rule on the English (source) quiz only; the French copy keeps the old value
until someone synchronises translations. Starting through the French copy must still obey it.
"""

from datetime import timedelta

import pytest
from wagtail.models import Locale

from assessments.models import Attempt, QuizPage
from tests.assessments import helpers
from tests.assessments.factories import Q1, Q1_RIGHT

pytestmark = pytest.mark.django_db


@pytest.fixture
def french_quiz(quiz):
    french = quiz.copy_for_translation(Locale.objects.get(language_code="fr"), copy_parents=True)
    french.title = "Quiz du module"
    french.save_revision().publish()
    return QuizPage.objects.get(pk=french.pk)


def _publish_on_source(quiz: QuizPage, **rules) -> None:
    for name, value in rules.items():
        setattr(quiz, name, value)
    quiz.save_revision().publish()


def _start_french(client, french_quiz):
    return client.post(f"/fr/assessments/quiz/{french_quiz.pk}/start/")


def test_attempt_limit_published_on_the_source_holds_for_the_french_copy(
    learner_client, learner, quiz, french_quiz
):
    _publish_on_source(quiz, max_attempts=2)
    french_quiz.refresh_from_db()
    assert french_quiz.max_attempts is None  # not synchronised yet
    for _ in range(2):
        attempt = helpers.start(learner_client, french_quiz, language="fr")
        helpers.answer_all(learner_client, attempt, {Q1: [Q1_RIGHT]})
    response = _start_french(learner_client, french_quiz)
    assert response.status_code == 409
    assert Attempt.objects.filter(user=learner).count() == 2


def test_cooldown_published_on_the_source_holds_for_the_french_copy(
    learner_client, learner, quiz, french_quiz
):
    _publish_on_source(quiz, cooldown_minutes=60)
    attempt = helpers.start(learner_client, french_quiz, language="fr")
    helpers.answer_all(learner_client, attempt, {Q1: [Q1_RIGHT]})
    response = _start_french(learner_client, french_quiz)
    assert response.status_code != 302
    assert Attempt.objects.filter(user=learner).count() == 1


def test_time_limit_published_on_the_source_holds_for_the_french_copy(
    learner_client, quiz, french_quiz
):
    _publish_on_source(quiz, time_limit_minutes=30, pass_mark=90)
    attempt = helpers.start(learner_client, french_quiz, language="fr")
    assert attempt.language == "fr"
    assert attempt.deadline is not None
    assert attempt.deadline - attempt.started_at == timedelta(minutes=30)
    assert attempt.quiz_settings["pass_mark"] == 90
