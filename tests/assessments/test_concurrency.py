"""Two requests at once on PostgreSQL: one scored attempt, never two."""

import time

import pytest
from django.db import connection
from django.test import Client

from assessments import marking, services
from assessments.models import Attempt
from assessments.services import build_question_stream
from tests.assessments import helpers
from tests.assessments.factories import Q1, Q1_RIGHT, QuizPageFactory, sample_questions
from tests.concurrency import in_parallel

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks"),
]


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def slow_scoring(monkeypatch):
    """Hold the attempt's lock a moment, so the second request surely arrives while it is held."""
    original = marking.totals

    def slow_totals(*args, **kwargs):
        time.sleep(0.3)
        return original(*args, **kwargs)

    monkeypatch.setattr(marking, "totals", slow_totals)


@pytest.fixture
def finalised(monkeypatch):
    calls = []

    def record(attempt):
        # Called inside the transaction that makes the result final.
        assert connection.in_atomic_block
        calls.append(attempt.pk)

    monkeypatch.setattr(services.attempts, "on_attempt_finalised", record)
    return calls


def test_two_submits_at_once_make_one_scored_attempt(learner, module_page, slow_scoring, finalised):
    # One single-choice question, marked on submit.
    quiz = QuizPageFactory(
        parent=module_page, max_attempts=1, questions=build_question_stream(sample_questions()[:1])
    )
    first, second = _client(learner), _client(learner)
    attempt = helpers.start(first, quiz)

    def submit(client):
        return lambda: (
            helpers.post_page(client, attempt, 1, "submit", **{Q1: [Q1_RIGHT]}).status_code
        )

    statuses = in_parallel(submit(first), submit(second))
    assert sorted(statuses) == [302, 409]
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.COMPLETED
    assert attempt.result_version == 1 and attempt.score == 1
    assert finalised == [attempt.pk]
    assert attempt.answers.count() == 1
    # And the limit of one attempt holds.
    assert first.post(f"/en/assessments/quiz/{quiz.pk}/start/").status_code == 409


def test_two_starts_at_once_make_one_attempt(learner, module_page):
    quiz = QuizPageFactory(parent=module_page, max_attempts=1)
    first, second = _client(learner), _client(learner)
    url = f"/en/assessments/quiz/{quiz.pk}/start/"
    responses = in_parallel(lambda: first.post(url), lambda: second.post(url))
    assert [r.status_code for r in responses] == [302, 302]
    assert responses[0]["Location"] == responses[1]["Location"]
    assert Attempt.objects.count() == 1


def test_a_last_allowed_attempt_cannot_be_started_twice(learner, module_page):
    quiz = QuizPageFactory(parent=module_page, max_attempts=2)
    first, second = _client(learner), _client(learner)
    helpers.answer_all(first, helpers.start(first, quiz), {})
    url = f"/en/assessments/quiz/{quiz.pk}/start/"
    responses = in_parallel(lambda: first.post(url), lambda: second.post(url))
    assert [r.status_code for r in responses] == [302, 302]
    assert Attempt.objects.count() == 2
    assert Attempt.objects.open().count() == 1


def test_submit_and_save_at_once(learner, module_page, slow_scoring):
    """A save racing a submit either lands before it or is refused: never after the score."""
    quiz = QuizPageFactory(parent=module_page)
    first, second = _client(learner), _client(learner)
    attempt = helpers.start(first, quiz)
    statuses = in_parallel(
        lambda: first.post(helpers.submit_url(attempt)).status_code,
        lambda: helpers.post_page(second, attempt, 1, "save", **{Q1: [Q1_RIGHT]}).status_code,
    )
    attempt.refresh_from_db()
    saved = attempt.answers.get(question_id=Q1).selected == [Q1_RIGHT]
    assert statuses[0] == 302
    assert (statuses[1], attempt.score) in {(302, 1), (409, 0)}
    assert saved == (attempt.score == 1)
