"""What the quiz page says matches what is enforced, and what the learner is doing."""

import pytest
from wagtail.models import Locale

from tests.assessments.helpers import start

pytestmark = pytest.mark.django_db


def test_an_attempt_in_progress_is_not_called_no_attempt(learner_client, quiz):
    start(learner_client, quiz)
    html = learner_client.get(quiz.url).content.decode()
    assert "You have not taken this quiz yet." not in html
    assert "You have an attempt in progress" in html


def test_a_translated_quiz_states_the_source_quizs_limits(learner_client, quiz):
    french = quiz.copy_for_translation(Locale.objects.get(language_code="fr"), copy_parents=True)
    french.save_revision().publish()
    quiz.max_attempts, quiz.pass_mark = 2, 80
    quiz.save_revision().publish()  # the French copy still holds the old values
    html = learner_client.get(french.url).content.decode()
    assert "80%" in html
    assert "2 tentatives" in html or "2 attempts" in html


def test_scores_by_topic_are_named_once(learner_client, quiz):
    from tests.assessments.helpers import answer_all, result_url

    attempt = start(learner_client, quiz)
    answer_all(learner_client, attempt, {})
    html = learner_client.get(result_url(attempt)).content.decode()
    assert html.count("Scores by topic") == 1
