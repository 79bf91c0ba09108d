"""What the revised content asks of the quiz engine: a bank drawn anew, word limits, the aid."""

import pytest

from assessments.forms import answer_field_name
from assessments.models import QuizPage
from assessments.services import build_question_stream
from courses.content_schema import CONTENT_DIR
from courses.loader import LoadReport, load_decision_aid
from tests.assessments.factories import QuizPageFactory, choice_questions, sample_questions
from tests.assessments.helpers import answer_all, page_url, result_url, start


@pytest.fixture
def bank_quiz(module_page):
    return QuizPageFactory(
        parent=module_page,
        slug="bank-quiz",
        questions=build_question_stream(choice_questions(20)),
        draw_count=12,
        random_question_order=True,
        random_choice_order=True,
        max_attempts=None,
        cooldown_minutes=0,
        pass_mark=100,
    )


@pytest.mark.django_db
def test_each_retake_draws_its_own_twelve_from_the_bank(learner_client, bank_quiz):
    drawn = []
    for _ in range(4):
        attempt = start(learner_client, bank_quiz)
        assert len(attempt.questions) == 12
        drawn.append(frozenset(q["id"] for q in attempt.questions))
        answer_all(learner_client, attempt, {})
    # 4 draws of 12 from 20 are all the same with a chance of about 1 in 10^15.
    assert len(set(drawn)) > 1


def _essay_quiz(module_page, **essay):
    questions = sample_questions()
    questions[3].update(essay)
    return QuizPageFactory(
        parent=module_page,
        slug="essay-quiz",
        questions=build_question_stream(questions),
        layout=QuizPage.Layout.ONE_PAGE,
    )


@pytest.mark.django_db
def test_an_essay_over_its_word_limit_is_refused_with_the_limit(learner_client, module_page):
    quiz = _essay_quiz(module_page, min_words=3, max_words=5)
    attempt = start(learner_client, quiz)
    page = learner_client.get(page_url(attempt, 1)).content.decode()
    assert "Write between 3 and 5 words." in page

    essay = answer_field_name(next(q["id"] for q in attempt.questions if q["type"] == "essay"))
    response = learner_client.post(
        page_url(attempt, 1), {"action": "save", essay: "one two three four five six"}
    )
    assert response.status_code == 400
    assert "write at most 5 words" in response.content.decode()
    assert not attempt.answers.exists()

    response = learner_client.post(
        page_url(attempt, 1), {"action": "save", essay: "one two three four"}
    )
    assert response.status_code in (200, 302)
    assert attempt.answers.get(text__startswith="one").text == "one two three four"


@pytest.mark.django_db
def test_feedback_on_a_flagged_question_shows_the_decision_aid(learner_client, module_page):
    load_decision_aid(CONTENT_DIR, LoadReport())
    questions = sample_questions()
    questions[0]["decision_aid"] = True
    quiz = QuizPageFactory(
        parent=module_page,
        slug="aid-quiz",
        questions=build_question_stream(questions),
        layout=QuizPage.Layout.ONE_PAGE,
    )
    attempt = start(learner_client, quiz)
    answer_all(learner_client, attempt, {})
    html = learner_client.get(result_url(attempt)).content.decode()
    assert html.count('class="decision-aid"') == 1
    assert "Act at once" in html
