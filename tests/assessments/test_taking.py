"""Taking a quiz through HTTP: layouts, navigation, resume, settings, results."""

import re

import pytest
from django.test import Client

from assessments.models import Answer, Attempt, QuizPage
from assessments.services import build_question_stream, question_block_id
from tests.assessments import helpers
from tests.assessments.factories import (
    Q1,
    Q1_RIGHT,
    Q1_WRONG,
    Q2,
    Q2_A,
    Q2_B,
    Q2_C,
    Q3,
    Q4,
    SECRETS,
    QuizPageFactory,
    choice_questions,
    sample_questions,
)

pytestmark = pytest.mark.django_db

ALL_RIGHT = {Q1: [Q1_RIGHT], Q2: [Q2_A, Q2_B], Q3: ["false"]}


@pytest.fixture
def choice_quiz(module_page):
    """The sample quiz without its essay: 4 points, marked entirely on submit."""
    return QuizPageFactory(
        parent=module_page,
        purpose=QuizPage.Purpose.LESSON_CHECK,
        questions=build_question_stream(sample_questions()[:3]),
        pass_mark=75,
    )


def test_intro_invites_to_sign_in_then_to_start(client, learner, quiz):
    response = client.get(quiz.url)
    assert response.status_code == 200
    assert "Sign in to take this quiz" in response.content.decode()
    client.force_login(learner)
    content = client.get(quiz.url).content.decode()
    assert "Start the quiz" in content
    assert f"/en/assessments/quiz/{quiz.pk}/start/" in content


def test_anonymous_visitors_cannot_start(client, quiz):
    response = client.post(f"/en/assessments/quiz/{quiz.pk}/start/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Attempt.objects.exists()


def test_page_by_page_with_navigation_review_and_submit(learner_client, choice_quiz):
    attempt = helpers.start(learner_client, choice_quiz)
    assert attempt.page_count == 3
    response = helpers.post_page(learner_client, attempt, 1, "next", **{Q1: [Q1_RIGHT]})
    assert response["Location"] == helpers.page_url(attempt, 2)
    response = helpers.post_page(learner_client, attempt, 2, "previous", **{Q2: [Q2_A]})
    assert response["Location"] == helpers.page_url(attempt, 1)
    # The saved answers are shown again.
    page_one = learner_client.get(helpers.page_url(attempt, 1)).content.decode()
    assert f'value="{Q1_RIGHT}" checked' in page_one
    # A browser posts the checked radio button again (posting nothing would clear the answer).
    response = helpers.post_page(learner_client, attempt, 1, "page-3", **{Q1: [Q1_RIGHT]})
    assert response["Location"] == helpers.page_url(attempt, 3)
    response = helpers.post_page(learner_client, attempt, 3, "review", **{Q3: ["false"]})
    assert response["Location"].endswith(f"/attempts/{attempt.pk}/review/")
    review = learner_client.get(response["Location"]).content.decode()
    assert "You have answered 3 of 3 questions." in review
    response = learner_client.post(helpers.submit_url(attempt))
    assert response["Location"] == helpers.result_url(attempt)
    attempt.refresh_from_db()
    # Q2 half right: 1 + 1 + 1 of 4 points = 75%, exactly the pass mark.
    assert (attempt.status, attempt.score, attempt.percent, attempt.passed) == (
        Attempt.Status.COMPLETED,
        3,
        75,
        True,
    )
    result = learner_client.get(helpers.result_url(attempt)).content.decode()
    assert "You scored 3 of 4 points (75%)." in result
    assert "SUCCESS-TEXT" in result and "FAIL-TEXT" not in result


def test_failing_shows_the_fail_text(learner_client, choice_quiz):
    attempt = helpers.start(learner_client, choice_quiz)
    helpers.answer_all(learner_client, attempt, {Q1: [Q1_WRONG]})
    attempt.refresh_from_db()
    assert attempt.passed is False and attempt.percent == 0
    result = learner_client.get(helpers.result_url(attempt)).content.decode()
    assert "FAIL-TEXT" in result and "SUCCESS-TEXT" not in result
    assert "You did not reach the pass mark this time." in result


def test_all_questions_on_one_page(learner_client, choice_quiz):
    choice_quiz.layout = QuizPage.Layout.ONE_PAGE
    choice_quiz.save()
    attempt = helpers.start(learner_client, choice_quiz)
    assert attempt.page_count == 1
    content = learner_client.get(helpers.page_url(attempt, 1)).content.decode()
    assert content.count("<fieldset") == 3
    assert learner_client.get(helpers.page_url(attempt, 2)).status_code == 404
    response = helpers.post_page(learner_client, attempt, 1, "save", **{Q1: [Q1_RIGHT]})
    assert response["Location"] == helpers.page_url(attempt, 1)
    response = helpers.post_page(learner_client, attempt, 1, "submit", **ALL_RIGHT)
    assert response["Location"] == helpers.result_url(attempt)
    attempt.refresh_from_db()
    assert attempt.percent == 100 and attempt.passed


def test_resume_after_closing_the_browser(learner, choice_quiz):
    first = Client()
    first.force_login(learner)
    attempt = helpers.start(first, choice_quiz)
    helpers.post_page(first, attempt, 1, "next", **{Q1: [Q1_RIGHT]})

    later = Client()  # a new browser: no session, no cookies
    later.force_login(learner)
    assert "Continue your attempt" in later.get(choice_quiz.url).content.decode()
    response = later.post(f"/en/assessments/quiz/{choice_quiz.pk}/start/")
    assert response["Location"] == f"/en/assessments/attempts/{attempt.pk}/"
    response = later.get(response["Location"])
    assert response["Location"] == helpers.page_url(attempt, 2)  # the first unanswered question
    assert Attempt.objects.count() == 1


def test_answers_at_the_end(learner_client, choice_quiz):
    attempt = helpers.start(learner_client, choice_quiz)
    helpers.answer_all(learner_client, attempt, {Q1: [Q1_WRONG], Q2: [Q2_A, Q2_C]})
    result = learner_client.get(helpers.result_url(attempt)).content.decode()
    assert "FEEDBACK-Q1-WRONG" in result  # feedback for the picked choice
    assert "FEEDBACK-Q1-RIGHT" not in result  # not for choices the learner did not pick
    assert "EXPLAIN-Q1" in result and "EXPLAIN-Q2" in result
    assert "correct answer" in result


def test_score_only_never_shows_the_answers(learner_client, choice_quiz):
    choice_quiz.feedback_timing = QuizPage.FeedbackTiming.NEVER
    choice_quiz.save()
    attempt = helpers.start(learner_client, choice_quiz)
    helpers.answer_all(learner_client, attempt, {Q1: [Q1_WRONG]})
    result = learner_client.get(helpers.result_url(attempt)).content.decode()
    assert "You scored 0 of 4 points" in result
    for secret in SECRETS:
        assert secret not in result
    assert "tag-correct" not in result and "choice-correct" not in result


def test_feedback_after_each_question_locks_the_answer(learner_client, quiz):
    quiz.feedback_timing = QuizPage.FeedbackTiming.AFTER_EACH
    quiz.save()
    attempt = helpers.start(learner_client, quiz)
    page = learner_client.get(helpers.page_url(attempt, 1)).content.decode()
    assert "Check my answer" in page and "EXPLAIN-Q1" not in page
    response = helpers.post_page(learner_client, attempt, 1, "check")
    assert response.status_code == 400  # nothing to check yet
    assert "Answer the question before you check it." in response.content.decode()
    response = helpers.post_page(learner_client, attempt, 1, "check", **{Q1: [Q1_WRONG]})
    assert response["Location"] == helpers.page_url(attempt, 1)
    page = learner_client.get(helpers.page_url(attempt, 1)).content.decode()
    assert "FEEDBACK-Q1-WRONG" in page and "EXPLAIN-Q1" in page and "Not correct." in page
    assert "disabled" in page and "Check my answer" not in page
    # The next question's key stays hidden.
    page_two = learner_client.get(helpers.page_url(attempt, 2)).content.decode()
    assert "EXPLAIN-Q2" not in page_two and "FEEDBACK-Q2-A" not in page_two
    # The checked answer cannot change any more.
    response = helpers.post_page(learner_client, attempt, 1, "next", **{Q1: [Q1_RIGHT]})
    assert response.status_code == 409
    assert Answer.objects.get(question_id=Q1).selected == [Q1_WRONG]
    assert helpers.post_page(learner_client, attempt, 1, "next")["Location"].endswith("/page/2/")
    # Checking an essay locks it for marking.
    response = helpers.post_page(learner_client, attempt, 4, "check", **{Q4: ["An essay."]})
    assert "will mark it" in learner_client.get(response["Location"]).content.decode()
    learner_client.post(helpers.submit_url(attempt))
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.AWAITING_MARKING and attempt.score == 0


def test_checking_is_refused_when_answers_come_at_the_end(learner_client, quiz):
    attempt = helpers.start(learner_client, quiz)
    response = helpers.post_page(learner_client, attempt, 1, "check", **{Q1: [Q1_RIGHT]})
    assert response.status_code == 400
    assert not Answer.objects.exists()


def test_draw_n_questions(learner_client, module_page):
    quiz = QuizPageFactory(
        parent=module_page, questions=build_question_stream(choice_questions(10))
    )
    quiz.draw_count = 3
    quiz.save()
    attempt = helpers.start(learner_client, quiz)
    assert len(attempt.questions) == 3
    source_ids = [question_block_id(f"n-q{n}") for n in range(1, 11)]
    drawn = [question["id"] for question in attempt.questions]
    assert set(drawn) <= set(source_ids)
    # Without random order the drawn questions keep the quiz's order.
    assert drawn == sorted(drawn, key=source_ids.index)
    intro = learner_client.get(quiz.url).content.decode()
    assert "<dt>Questions</dt><dd>3</dd>" in intro
    helpers.answer_all(learner_client, attempt, {qid: [] for qid in drawn})
    attempt.refresh_from_db()
    assert attempt.max_score == 3
    assert Answer.objects.filter(attempt=attempt).count() == 3


def test_random_question_and_choice_order(learner_client, module_page):
    quiz = QuizPageFactory(
        parent=module_page, questions=build_question_stream(choice_questions(20))
    )
    source_ids = [question_block_id(f"n-q{n}") for n in range(1, 21)]
    attempt = helpers.start(learner_client, quiz)
    assert [q["id"] for q in attempt.questions] == source_ids
    assert all(q["choices"][0]["text"] == "Yes" for q in attempt.questions)
    helpers.answer_all(learner_client, attempt, {})

    quiz.random_question_order = True
    quiz.random_choice_order = True
    quiz.save()
    attempt = helpers.start(learner_client, quiz)
    drawn = [q["id"] for q in attempt.questions]
    assert sorted(drawn) == sorted(source_ids) and drawn != source_ids  # 1 in 20! to fail
    assert any(q["choices"][0]["text"] == "No" for q in attempt.questions)  # 1 in 2**20
    # Marking does not depend on the display order.
    helpers.answer_all(
        learner_client,
        attempt,
        {
            q["id"]: [next(c["id"] for c in q["choices"] if c["text"] == "Yes")]
            for q in attempt.questions
        },
    )
    attempt.refresh_from_db()
    assert attempt.percent == 100


def test_scores_per_topic(learner_client, choice_quiz):
    attempt = helpers.start(learner_client, choice_quiz)
    helpers.answer_all(learner_client, attempt, {Q1: [Q1_RIGHT], Q2: [Q2_C], Q3: ["true"]})
    attempt.refresh_from_db()
    topics = {row["category"]: row for row in attempt.category_scores}
    assert topics["Concepts"]["points"] == 1.0 and topics["Concepts"]["max_points"] == 2
    assert topics["Practice"]["points"] == 0.0 and topics["Practice"]["max_points"] == 2
    result = learner_client.get(helpers.result_url(attempt)).content.decode()
    assert "Scores by topic" in result and "Concepts" in result


def test_essay_page_reminds_learners_not_to_write_real_details(learner_client, quiz):
    attempt = helpers.start(learner_client, quiz)
    page = learner_client.get(helpers.page_url(attempt, 4)).content.decode()
    assert "Do not write real people's names or anything else that could identify them." in page
    assert 'aria-describedby="answer-' in page and 'maxlength="10000"' in page


def test_question_page_is_accessible_markup(learner_client, quiz):
    attempt = helpers.start(learner_client, quiz)
    page = learner_client.get(helpers.page_url(attempt, 2)).content.decode()
    assert "<fieldset" in page and "<legend" in page
    ids = re.findall(r'<input type="checkbox" id="([^"]+)"', page)
    assert len(ids) == 4
    assert all(f'<label for="{input_id}">' in page for input_id in ids)
    assert "Select every answer that applies." in page
    assert page.count("<h1>") == 1


def test_partial_credit_scores_print_with_one_decimal_in_the_readers_format(
    learner_client, choice_quiz
):
    """Partial credit sums to cents (6.66 of 19): shown as 6.7 of 19, 6,7 z 19 in Czech."""
    from decimal import Decimal

    attempt = helpers.start(learner_client, choice_quiz)
    helpers.answer_all(learner_client, attempt, {Q1: [Q1_WRONG]})
    Attempt.objects.filter(pk=attempt.pk).update(
        score=Decimal("6.66"), max_score=19, percent=Decimal("35.05")
    )
    english = learner_client.get(helpers.result_url(attempt)).content.decode()
    assert "You scored 6.7 of 19 points (35.1%)." in english
    czech = learner_client.get(helpers.result_url(attempt, "cs")).content.decode()
    assert "6,7 z 19" in czech and "6,66" not in czech
