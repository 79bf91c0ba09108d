"""A final result reaches the learning journey through the assessments outbox (services/hooks.py).

Deferred (production, ASSESSMENTS_ANNOUNCE_INLINE false): the submission commits alone and the
task `announce_result` delivers the result after the commit; the sweep delivers what was left
behind; each result version is delivered once. Inline (tests and development by default): as
before, inside the submission's transaction. Celery tasks are eager here, so the task queued on
commit runs in the test's thread.
"""

from __future__ import annotations

import importlib
from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from assessments import services, tasks
from assessments.forms import answer_field_name
from assessments.models import Attempt, QuizPage
from assessments.services import build_question_stream
from assessments.signals import attempt_finalised
from certificates.models import Certificate
from lms.learning.models import LearningRecord, ModuleProgress
from tests.assessments import helpers
from tests.assessments.factories import (
    Q1,
    Q1_RIGHT,
    Q2,
    Q2_A,
    Q2_B,
    Q3,
    Q4,
    QuizPageFactory,
    choice_questions,
    module_quiz_that_completes,
    sample_questions,
)

pytestmark = pytest.mark.django_db

QUESTIONS = 3
# Statements of the final page's "Submit" (one question per page) through the HTTP interface,
# measured on PostgreSQL (the session and the signed-in user came from the cache): deferred 6
# (savepoint, the attempt locked, its answers, one upsert of every answer, the attempt's scored
# fields, release); inline 47: those and the learning journey's reaction (progress, records,
# module completed, certificate issued and signed), then the announcement marked. Before the
# outbox every submit was the inline one less that mark: 46. The bounds leave room for the
# session and the user read from the database.
MAX_QUERIES_SUBMIT_DEFERRED = 8
MAX_QUERIES_SUBMIT_INLINE = 49


@pytest.fixture
def deferred(settings):
    settings.ASSESSMENTS_ANNOUNCE_INLINE = False


@pytest.fixture
def module_quiz(module_page, learner):
    """The module's quiz, one question per page; the learner has done the module's lesson, so
    passing the quiz completes the module (a second module keeps the programme unfinished)."""
    return module_quiz_that_completes(
        module_page, learner, choice_questions(QUESTIONS), QuizPage.Layout.ONE_QUESTION_PER_PAGE
    )


@pytest.fixture
def practice_quiz(module_page):
    """A lesson check in the same module: its result does not complete the module."""
    return QuizPageFactory(
        parent=module_page,
        purpose=QuizPage.Purpose.LESSON_CHECK,
        questions=build_question_stream(choice_questions(1, prefix="p")),
    )


@pytest.fixture
def announcements():
    """Every attempt the signal is sent for."""
    sent: list[int] = []

    def receiver(sender, attempt, **kwargs):
        sent.append(attempt.pk)

    attempt_finalised.connect(receiver, sender=Attempt, dispatch_uid="test-outbox-spy")
    yield sent
    attempt_finalised.disconnect(sender=Attempt, dispatch_uid="test-outbox-spy")


def _page_data(attempt: Attempt, number: int, action: str, passing: bool = True) -> dict:
    data: dict = {"action": action}
    for question in attempt.questions_on_page(number):
        choice = question["choices"][0 if passing else 1]["id"]
        data[answer_field_name(question["id"])] = choice
    return data


def _ready_to_submit(client, quiz: QuizPage, passing: bool = True) -> tuple[Attempt, str, dict]:
    """An attempt answered up to its last page: that page's URL and its "Submit" post."""
    attempt = helpers.start(client, quiz)
    for number in range(1, attempt.page_count):
        response = client.post(
            helpers.page_url(attempt, number), _page_data(attempt, number, "next", passing)
        )
        assert response.status_code == 302
    last = attempt.page_count
    return attempt, helpers.page_url(attempt, last), _page_data(attempt, last, "submit", passing)


def _quiz_records(user) -> int:
    return LearningRecord.objects.filter(
        user=user, object_type=LearningRecord.ObjectType.QUIZ
    ).count()


def _completed(user, module_page) -> bool:
    progress = ModuleProgress.objects.filter(
        user=user, module_key=module_page.translation_key
    ).first()
    return progress is not None and progress.status == ModuleProgress.Status.COMPLETED


def _certificates(user) -> int:
    return Certificate.objects.filter(user=user, kind=Certificate.Kind.MODULE).count()


# Deferred: after the commit, by the task ----------------------------------------------------------


def test_a_passing_submit_is_announced_after_its_commit_by_the_task(
    deferred,
    learner_client,
    learner,
    module_page,
    module_quiz,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    queued: list[int] = []
    delay = tasks.announce_result.delay
    monkeypatch.setattr(tasks.announce_result, "delay", lambda pk: queued.append(pk) or delay(pk))
    attempt, url, data = _ready_to_submit(learner_client, module_quiz)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert learner_client.post(url, data).status_code == 302
        # The request's transaction holds the result only: nothing of the learning journey yet.
        attempt.refresh_from_db()
        assert attempt.passed is True and attempt.result_version == 1
        assert attempt.announced_version == 0
        assert _quiz_records(learner) == 0
        assert not _completed(learner, module_page)
        assert _certificates(learner) == 0
        assert queued == []
    assert len(callbacks) >= 1
    assert queued == [attempt.pk]
    attempt.refresh_from_db()
    assert attempt.announced_version == 1
    assert _quiz_records(learner) == 1
    assert _completed(learner, module_page)
    assert _certificates(learner) == 1


def test_the_task_twice_and_the_sweep_announce_once(
    deferred,
    learner_client,
    learner,
    module_page,
    module_quiz,
    announcements,
    django_capture_on_commit_callbacks,
):
    attempt, url, data = _ready_to_submit(learner_client, module_quiz)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert learner_client.post(url, data).status_code == 302
    for callback in callbacks * 2:  # the message delivered twice
        callback()
    assert tasks.announce_result(attempt.pk) is False  # a retry
    later = timezone.now() + timedelta(minutes=5)
    assert services.announce_pending_results(now=later) == 0
    assert announcements == [attempt.pk]
    assert _quiz_records(learner) == 1
    assert _certificates(learner) == 1
    assert Certificate.objects.filter(user=learner).count() == 1


def test_a_broker_refusing_the_task_has_the_result_announced_at_once(
    deferred,
    learner_client,
    learner,
    module_page,
    module_quiz,
    monkeypatch,
    caplog,
    django_capture_on_commit_callbacks,
):
    def refuse(*args, **kwargs):
        raise BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.announce_result, "delay", refuse)
    attempt, url, data = _ready_to_submit(learner_client, module_quiz)
    with django_capture_on_commit_callbacks(execute=True):
        assert learner_client.post(url, data).status_code == 302
    attempt.refresh_from_db()
    assert attempt.announced_version == attempt.result_version == 1
    assert _completed(learner, module_page)
    assert _certificates(learner) == 1
    assert "Could not queue the result of attempt" in caplog.text


def test_the_sweep_announces_what_a_killed_web_process_left(
    deferred,
    learner_client,
    learner,
    module_page,
    module_quiz,
    practice_quiz,
    announcements,
    django_capture_on_commit_callbacks,
):
    # An attempt announced as usual, at another quiz of the module: the sweep leaves it alone.
    announced, url, data = _ready_to_submit(learner_client, practice_quiz)
    with django_capture_on_commit_callbacks(execute=True):
        learner_client.post(url, data)
    # The module quiz's submission commits, and the process dies before queueing the task.
    attempt, url, data = _ready_to_submit(learner_client, module_quiz)
    with django_capture_on_commit_callbacks(execute=False):
        assert learner_client.post(url, data).status_code == 302
    assert announcements == [announced.pk]
    assert not _completed(learner, module_page)

    assert services.announce_pending_results() == 0  # younger than 30 s: its task may be queued
    later = timezone.now() + timedelta(seconds=31)
    assert tasks.announce_pending_results.apply(kwargs={}).get() == 0
    assert services.announce_pending_results(now=later) == 1
    assert services.announce_pending_results(now=later) == 0
    assert announcements == [announced.pk, attempt.pk]
    attempt.refresh_from_db()
    assert attempt.announced_version == 1
    assert _completed(learner, module_page)
    assert _certificates(learner) == 1


def test_a_result_the_receivers_cannot_apply_does_not_hold_back_the_sweep(
    deferred,
    learner_client,
    learner,
    module_page,
    module_quiz,
    practice_quiz,
    django_capture_on_commit_callbacks,
    caplog,
):
    # Two results left behind by a killed web process; applying the first one fails.
    first, url, data = _ready_to_submit(learner_client, practice_quiz)
    with django_capture_on_commit_callbacks(execute=False):
        assert learner_client.post(url, data).status_code == 302
    second, url, data = _ready_to_submit(learner_client, module_quiz)
    with django_capture_on_commit_callbacks(execute=False):
        assert learner_client.post(url, data).status_code == 302
    failing = {first.pk}

    def receiver(sender, attempt, **kwargs):
        if attempt.pk in failing:
            raise RuntimeError("a receiver's bug")

    attempt_finalised.connect(receiver, sender=Attempt, dispatch_uid="test-outbox-failing")
    try:
        later = timezone.now() + timedelta(seconds=31)
        assert services.announce_pending_results(now=later) == 1
        assert f"Announcing attempt {first.pk} failed" in caplog.text
        first.refresh_from_db()
        second.refresh_from_db()
        assert (first.announced_version, second.announced_version) == (0, 1)
        assert _completed(learner, module_page) and _certificates(learner) == 1
        failing.clear()  # the bug fixed: the next sweep delivers it
        assert services.announce_pending_results(now=later) == 1
        first.refresh_from_db()
        assert first.announced_version == 1
    finally:
        attempt_finalised.disconnect(sender=Attempt, dispatch_uid="test-outbox-failing")


def test_a_missing_attempt_announces_nothing(deferred, db):
    assert services.announce_result(0) is False


# Marking and re-scoring ---------------------------------------------------------------------------


@pytest.fixture
def essay_quiz(module_page, learner):
    """The module quiz with an essay that decides the outcome: submitted, it awaits marking."""
    return module_quiz_that_completes(
        module_page, learner, sample_questions(), QuizPage.Layout.ONE_PAGE
    )


def test_marking_and_re_scoring_are_announced_after_their_commit(
    deferred,
    learner_client,
    learner,
    trainer,
    module_page,
    essay_quiz,
    announcements,
    django_capture_on_commit_callbacks,
):
    attempt = helpers.start(learner_client, essay_quiz)
    answers = {Q1: [Q1_RIGHT], Q2: [Q2_A, Q2_B], Q3: ["false"], Q4: ["I would listen first."]}
    with django_capture_on_commit_callbacks(execute=True):
        helpers.answer_all(learner_client, attempt, answers)
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.AWAITING_MARKING and attempt.passed is None
    assert announcements == []
    essay = attempt.answers.get(question_id=Q4)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.mark_answer(essay.pk, trainer, Decimal(5))
        assert announcements == []
    for callback in callbacks:
        callback()
    attempt.refresh_from_db()
    assert attempt.passed is True
    assert attempt.announced_version == attempt.result_version == 1
    assert _completed(learner, module_page)
    assert _certificates(learner) == 1

    # Re-scored by the trainer: a new result version, announced again (a "failed" record).
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_answer(essay.pk, trainer, Decimal(0))
    attempt.refresh_from_db()
    assert attempt.passed is False
    assert attempt.announced_version == attempt.result_version == 2
    assert announcements == [attempt.pk, attempt.pk]
    verbs = LearningRecord.objects.filter(
        user=learner, object_type=LearningRecord.ObjectType.QUIZ
    ).values_list("verb", flat=True)
    assert sorted(verbs) == [LearningRecord.Verb.FAILED, LearningRecord.Verb.PASSED]
    assert _completed(learner, module_page)  # completions stand
    assert _certificates(learner) == 1


def test_an_attempt_closed_by_its_time_limit_is_announced_after_the_commit(
    deferred, learner, module_page, module_quiz, announcements, django_capture_on_commit_callbacks
):
    QuizPage.objects.filter(pk=module_quiz.pk).update(time_limit_minutes=1)
    module_quiz.refresh_from_db()
    attempt = services.start_attempt(learner, module_quiz)
    later = timezone.now() + timedelta(minutes=5)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert services.finalise_overdue_attempts(now=later) == 1
    attempt.refresh_from_db()
    assert attempt.passed is False and attempt.result_version == 1
    assert announcements == []
    for callback in callbacks:
        callback()
    assert announcements == [attempt.pk]
    assert _quiz_records(learner) == 1


# Inline: inside the submission's transaction, as before -------------------------------------------


def test_inline_the_result_is_announced_inside_the_submission(
    settings,
    learner_client,
    learner,
    module_page,
    module_quiz,
    django_capture_on_commit_callbacks,
):
    assert settings.CELERY_TASK_ALWAYS_EAGER  # the default follows it: inline in tests
    assert services.announces_inline()
    attempt, url, data = _ready_to_submit(learner_client, module_quiz)
    with django_capture_on_commit_callbacks(execute=False):
        assert learner_client.post(url, data).status_code == 302
        attempt.refresh_from_db()
        assert attempt.announced_version == attempt.result_version == 1
        assert _completed(learner, module_page)
        assert _certificates(learner) == 1
    assert services.announce_pending_results(now=timezone.now() + timedelta(hours=1)) == 0


def test_the_setting_overrides_the_default(settings):
    settings.ASSESSMENTS_ANNOUNCE_INLINE = None
    settings.CELERY_TASK_ALWAYS_EAGER = False
    assert not services.announces_inline()
    settings.ASSESSMENTS_ANNOUNCE_INLINE = True
    assert services.announces_inline()


# Statements of the final page's "Submit" ----------------------------------------------------------


@pytest.mark.parametrize(
    ("inline", "bound"),
    [(False, MAX_QUERIES_SUBMIT_DEFERRED), (True, MAX_QUERIES_SUBMIT_INLINE)],
)
def test_statements_of_the_submit_that_completes_the_module(
    settings,
    inline,
    bound,
    learner_client,
    learner,
    module_page,
    module_quiz,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    settings.ASSESSMENTS_ANNOUNCE_INLINE = inline
    attempt, url, data = _ready_to_submit(learner_client, module_quiz)
    learner_client.get(url)
    with django_capture_on_commit_callbacks(execute=True), django_assert_max_num_queries(bound):
        assert learner_client.post(url, data).status_code == 302
    attempt.refresh_from_db()
    assert attempt.announced_version == attempt.result_version == 1
    assert _completed(learner, module_page)
    assert _certificates(learner) == 1


# The migration ------------------------------------------------------------------------------------


def test_the_migration_marks_every_earlier_result_announced(learner, module_page):
    migration = importlib.import_module("assessments.migrations.0003_attempt_announced_version")
    quiz = QuizPageFactory(parent=module_page)
    attempt = services.start_attempt(learner, quiz)
    Attempt.objects.filter(pk=attempt.pk).update(
        result_version=2, announced_version=0, completed_at=timezone.now() - timedelta(days=1)
    )
    migration.mark_results_announced(apps, None)
    attempt.refresh_from_db()
    assert attempt.announced_version == 2
    assert services.announce_pending_results(now=timezone.now() + timedelta(hours=1)) == 0
