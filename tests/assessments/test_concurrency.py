"""Two requests at once on PostgreSQL: one scored attempt, never two; one announcement."""

import time
from datetime import timedelta

import pytest
from django.db import connection
from django.http import QueryDict
from django.test import Client
from django.utils import timezone

from assessments import marking, services
from assessments.forms import answer_field_name
from assessments.models import Attempt, QuizPage
from assessments.services import build_question_stream
from assessments.signals import attempt_finalised
from certificates.models import Certificate
from lms.learning.models import LearningRecord, ModuleProgress
from lms.learning.services import complete_lesson
from tests.assessments import helpers
from tests.assessments.factories import (
    Q1,
    Q1_RIGHT,
    QuizPageFactory,
    choice_questions,
    sample_questions,
)
from tests.concurrency import in_parallel
from tests.factories import LessonPageFactory, ModulePageFactory

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
        return lambda: helpers.post_page(client, attempt, 1, "submit", **{Q1: [Q1_RIGHT]})

    responses = in_parallel(submit(first), submit(second))
    # The second waited for the first's lock, then found the attempt handed in: both show the
    # result (a browser shows the answer to the later click of a double click).
    assert [r.status_code for r in responses] == [302, 302]
    assert {r["Location"] for r in responses} == {helpers.result_url(attempt)}
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


def test_the_task_and_the_sweep_at_once_announce_a_result_once(
    learner, module_page, settings, monkeypatch
):
    """The web process died before queueing the task; a late task and the sweep then meet."""
    settings.ASSESSMENTS_ANNOUNCE_INLINE = False
    quiz = QuizPageFactory(
        parent=module_page,
        slug="module-quiz",
        purpose=QuizPage.Purpose.MODULE_QUIZ,
        questions=build_question_stream(choice_questions(2)),
        layout=QuizPage.Layout.ONE_PAGE,
        pass_mark=50,
    )
    complete_lesson(learner, LessonPageFactory(parent=module_page, slug="one"), language="en")
    ModulePageFactory(parent=module_page.get_parent(), title="Second", number=2, slug="second")
    monkeypatch.setattr(services.hooks, "_enqueue_announcement", lambda attempt_id: None)
    attempt = services.start_attempt(learner, quiz)
    data = QueryDict(mutable=True)
    data["action"] = "submit"
    for question in attempt.questions:
        data[answer_field_name(question["id"])] = question["choices"][0]["id"]
    services.save_page(learner, attempt.pk, 1, data)

    def slow_receiver(sender, attempt, **kwargs):
        time.sleep(0.3)  # holds the attempt's lock while the other one arrives

    attempt_finalised.connect(slow_receiver, sender=Attempt, dispatch_uid="test-slow-receiver")
    try:
        later = timezone.now() + timedelta(minutes=1)
        results = in_parallel(
            lambda: services.announce_result(attempt.pk),
            lambda: services.announce_pending_results(now=later),
        )
    finally:
        attempt_finalised.disconnect(sender=Attempt, dispatch_uid="test-slow-receiver")
    assert sorted(int(result) for result in results) == [0, 1]
    attempt.refresh_from_db()
    assert attempt.announced_version == attempt.result_version == 1
    quiz_records = LearningRecord.objects.filter(
        user=learner, object_type=LearningRecord.ObjectType.QUIZ
    )
    assert quiz_records.count() == 1
    progress = ModuleProgress.objects.get(user=learner, module_key=module_page.translation_key)
    assert progress.status == ModuleProgress.Status.COMPLETED
    assert Certificate.objects.filter(user=learner).count() == 1
