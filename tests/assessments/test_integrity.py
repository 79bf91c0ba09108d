"""Rules the server enforces: limits, cool-down, time limit, drafts, Back button, secret keys."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.models import Answer, Attempt, QuizPage
from assessments.services import build_question_stream
from tests.assessments import helpers
from tests.assessments.factories import (
    Q1,
    Q1_RIGHT,
    Q1_WRONG,
    Q2,
    Q2_A,
    Q2_B,
    Q3,
    Q4,
    SECRETS,
    sample_questions,
)

pytestmark = pytest.mark.django_db


def _start_url(quiz):
    return f"/en/assessments/quiz/{quiz.pk}/start/"


# Attempt limits and cool-down --------------------------------------------------------------------


def test_attempt_limit(learner_client, quiz):
    quiz.max_attempts = 2
    quiz.save()
    for _ in range(2):
        attempt = helpers.start(learner_client, quiz)
        helpers.answer_all(learner_client, attempt, {Q1: [Q1_RIGHT]})
    intro = learner_client.get(quiz.url).content.decode()
    assert "You have used all 2 attempts at this quiz." in intro
    assert "Start the quiz" not in intro
    response = learner_client.post(_start_url(quiz))
    assert response.status_code == 409
    assert "You have used all 2 attempts at this quiz." in response.content.decode()
    assert Attempt.objects.count() == 2


def test_single_attempt(learner_client, quiz):
    quiz.max_attempts = 1
    quiz.save()
    attempt = helpers.start(learner_client, quiz)
    assert "You have used 1 of your 1 attempt." in learner_client.get(quiz.url).content.decode()
    helpers.answer_all(learner_client, attempt, {})
    response = learner_client.post(_start_url(quiz))
    assert response.status_code == 409
    assert "You have used your only attempt at this quiz." in response.content.decode()


def test_cool_down_between_attempts(learner_client, quiz):
    quiz.cooldown_minutes = 60
    quiz.save()
    attempt = helpers.start(learner_client, quiz)
    helpers.answer_all(learner_client, attempt, {})
    response = learner_client.post(_start_url(quiz))
    assert response.status_code == 429
    assert 3500 < int(response["Retry-After"]) <= 3600
    assert "You can start your next attempt from" in response.content.decode()
    Attempt.objects.filter(pk=attempt.pk).update(
        submitted_at=timezone.now() - timedelta(minutes=61)
    )
    second = helpers.start(learner_client, quiz)
    assert second.number == 2


def test_staff_preview_of_a_draft_is_not_limited_or_counted(learner_client, trainer_client, quiz):
    quiz.is_draft = True
    quiz.max_attempts = 1
    quiz.save()
    intro = learner_client.get(quiz.url).content.decode()
    assert "This quiz is not open yet." in intro and "Start the quiz" not in intro
    response = learner_client.post(_start_url(quiz))
    assert response.status_code == 403
    assert "This quiz is not open yet." in response.content.decode()
    assert not Attempt.objects.exists()

    for _ in range(2):
        attempt = helpers.start(trainer_client, quiz)
        assert attempt.is_preview
        helpers.answer_all(trainer_client, attempt, {Q1: [Q1_RIGHT]})
    assert Attempt.objects.filter(is_preview=True).count() == 2


# Time limit --------------------------------------------------------------------------------------


def _timed(quiz, minutes=10):
    quiz.time_limit_minutes = minutes
    quiz.save()
    return quiz


def test_time_limit_shows_a_countdown(learner_client, quiz):
    attempt = helpers.start(learner_client, _timed(quiz))
    assert attempt.deadline - attempt.started_at == timedelta(minutes=10)
    page = learner_client.get(helpers.page_url(attempt, 1)).content.decode()
    assert 'role="timer"' in page and "about 10 minutes" in page
    assert "quiz-timer.js" in page


def test_time_out_submits_the_saved_answers(learner_client, quiz):
    attempt = helpers.start(learner_client, _timed(quiz))
    helpers.post_page(learner_client, attempt, 1, "next", **{Q1: [Q1_RIGHT]})
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(minutes=5))
    response = learner_client.get(helpers.page_url(attempt, 2))
    assert response["Location"] == helpers.result_url(attempt)
    attempt.refresh_from_db()
    assert attempt.timed_out and attempt.status == Attempt.Status.COMPLETED
    assert attempt.score == 1
    assert "The time limit ran out" in learner_client.get(response["Location"]).content.decode()


def test_a_page_posted_after_the_deadline_is_not_saved(learner_client, quiz):
    attempt = helpers.start(learner_client, _timed(quiz))
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(minutes=5))
    response = helpers.post_page(learner_client, attempt, 1, "next", **{Q1: [Q1_RIGHT]})
    assert response["Location"] == helpers.result_url(attempt)
    attempt.refresh_from_db()
    assert attempt.timed_out and attempt.score == 0
    assert Answer.objects.get(attempt=attempt, question_id=Q1).selected == []


def test_a_page_posted_just_after_the_deadline_counts_and_submits(learner_client, quiz):
    """Within the grace period (network latency), the page's answers are saved, then submitted."""
    attempt = helpers.start(learner_client, _timed(quiz))
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=5))
    response = helpers.post_page(learner_client, attempt, 1, "next", **{Q1: [Q1_RIGHT]})
    assert response["Location"] == helpers.result_url(attempt)
    attempt.refresh_from_db()
    assert attempt.timed_out and attempt.score == 1


def test_an_overdue_attempt_does_not_block_the_next_one(learner_client, quiz):
    attempt = helpers.start(learner_client, _timed(quiz))
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(hours=1))
    second = helpers.start(learner_client, quiz)
    assert second.pk != attempt.pk and second.number == 2
    attempt.refresh_from_db()
    assert attempt.timed_out and not attempt.is_open


def test_periodic_task_finalises_abandoned_timed_attempts(learner_client, quiz):
    from assessments.tasks import finalise_overdue_attempts

    attempt = helpers.start(learner_client, _timed(quiz))
    assert finalise_overdue_attempts.delay().get() == 0
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(hours=1))
    assert finalise_overdue_attempts.delay().get() == 1
    attempt.refresh_from_db()
    assert attempt.timed_out and attempt.status == Attempt.Status.COMPLETED


# Back button and closed attempts -----------------------------------------------------------------


def test_back_button_cannot_reopen_a_submitted_attempt(learner_client, quiz):
    attempt = helpers.start(learner_client, quiz)
    page = learner_client.get(helpers.page_url(attempt, 1))
    assert "no-store" in page["Cache-Control"]
    helpers.answer_all(learner_client, attempt, {Q1: [Q1_WRONG]})
    attempt.refresh_from_db()
    score = attempt.score
    # Going back to a question page shows the result instead.
    response = learner_client.get(helpers.page_url(attempt, 1))
    assert response.status_code == 302
    assert response["Location"] == helpers.result_url(attempt)
    # Re-posting the old page (as a restored page would) changes nothing: moving on is refused,
    # submitting again shows the result, saying why nothing changed.
    response = helpers.post_page(learner_client, attempt, 1, "next", **{Q1: [Q1_RIGHT]})
    assert response.status_code == 409
    assert "already been submitted" in response.content.decode()
    for again in (
        lambda: helpers.post_page(learner_client, attempt, 1, "submit", **{Q1: [Q1_RIGHT]}),
        lambda: learner_client.post(helpers.submit_url(attempt)),
    ):
        response = again()
        assert response.status_code == 302
        assert response["Location"] == helpers.result_url(attempt)
        result = learner_client.get(response["Location"]).content.decode()
        assert "You had already handed in this attempt, so nothing was changed." in result
    attempt.refresh_from_db()
    assert attempt.score == score
    assert Answer.objects.get(attempt=attempt, question_id=Q1).selected == [Q1_WRONG]
    for url in (helpers.result_url(attempt), quiz.url, f"/en/assessments/attempts/{attempt.pk}/"):
        response = learner_client.get(url)
        assert "no-store" in response["Cache-Control"], url


def test_learners_cannot_see_each_others_attempts(learner_client, client, quiz):
    from tests.factories import LearnerFactory

    attempt = helpers.start(learner_client, quiz)
    client.force_login(LearnerFactory())
    assert client.get(helpers.page_url(attempt, 1)).status_code == 404
    assert client.get(helpers.result_url(attempt)).status_code == 404
    response = helpers.post_page(client, attempt, 1, "submit", **{Q1: [Q1_RIGHT]})
    assert response.status_code == 404
    assert client.post(helpers.submit_url(attempt)).status_code == 404
    attempt.refresh_from_db()
    assert attempt.is_open and not attempt.answers.exists()


# Answer keys never leave the server before submission --------------------------------------------


def _assert_no_secrets(response):
    content = response.content.decode()
    for secret in SECRETS:
        assert secret not in content, secret
    assert "choice-correct" not in content and "tag-correct" not in content


def test_answer_keys_are_absent_from_every_response_before_submission(learner_client, quiz):
    quiz.time_limit_minutes = 30
    quiz.save()
    _assert_no_secrets(learner_client.get(quiz.url))
    attempt = helpers.start(learner_client, quiz)
    for number in range(1, 5):
        _assert_no_secrets(learner_client.get(helpers.page_url(attempt, number)))
    for number, answers in ((1, {Q1: [Q1_WRONG]}), (2, {Q2: [Q2_A]}), (3, {Q3: ["true"]})):
        response = helpers.post_page(learner_client, attempt, number, "save", **answers)
        _assert_no_secrets(learner_client.get(response["Location"]))
    _assert_no_secrets(helpers.post_page(learner_client, attempt, 1, "next", **{Q2: ["x"]}))
    _assert_no_secrets(learner_client.get(f"/en/assessments/attempts/{attempt.pk}/review/"))
    _assert_no_secrets(learner_client.get(quiz.url))
    # The marking guidance is for trainers only, even after submission.
    helpers.post_page(learner_client, attempt, 4, "submit", **{Q4: ["My answer"]})
    assert "GUIDANCE-Q4" not in learner_client.get(helpers.result_url(attempt)).content.decode()


# Edits while attempts are open -------------------------------------------------------------------


def test_open_attempts_keep_the_questions_they_started_with(learner_client, quiz):
    attempt = helpers.start(learner_client, quiz)
    # A trainer swaps the right answer of Q1, doubles its points and publishes.
    questions = sample_questions()
    questions[0]["points"] = 2
    questions[0]["prompt"] = "EDITED PROMPT"
    questions[0]["choices"][0]["correct"] = False
    questions[0]["choices"][1]["correct"] = True
    quiz.questions = build_question_stream(questions)
    quiz.pass_mark = 100
    quiz.save_revision().publish()

    page = learner_client.get(helpers.page_url(attempt, 1)).content.decode()
    assert "EDITED PROMPT" not in page
    helpers.answer_all(learner_client, attempt, {Q1: [Q1_RIGHT], Q2: [Q2_A, Q2_B], Q3: ["false"]})
    attempt.refresh_from_db()
    assert attempt.score == 4 and attempt.max_score == 9  # marked against the original key
    assert attempt.pass_mark == 50

    second = helpers.start(learner_client, QuizPage.objects.get(pk=quiz.pk))
    helpers.answer_all(learner_client, second, {Q1: [Q1_RIGHT]})
    second.refresh_from_db()
    assert second.score == 0 and second.max_score == 10  # the new version
