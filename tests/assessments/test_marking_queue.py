"""Essay marking in the Wagtail admin: the queue, its filters, marking, re-scoring, the email."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments import services
from assessments.models import Answer, Attempt
from assessments.services import build_question_stream
from tests.assessments import helpers
from tests.assessments.factories import Q1, Q1_RIGHT, Q4, QuizPageFactory, sample_questions
from tests.factories import CityFactory, CityLeadFactory, LearnerFactory, ModulePageFactory

pytestmark = pytest.mark.django_db


def _submit_essay(client, quiz, text="My considered answer.", right=True):
    attempt = helpers.start(client, quiz)
    helpers.answer_all(client, attempt, {Q1: [Q1_RIGHT] if right else [], Q4: [text]})
    attempt.refresh_from_db()
    return attempt


def _mark(trainer_client, answer, points, feedback="Well argued."):
    return trainer_client.post(
        helpers.admin_url("mark", answer.pk), {"points": points, "feedback": feedback}
    )


@pytest.fixture
def essay_attempt(learner_client, quiz):
    return _submit_essay(learner_client, quiz)


def test_an_essay_waits_in_the_queue(trainer_client, learner, essay_attempt):
    assert essay_attempt.status == Attempt.Status.AWAITING_MARKING
    assert essay_attempt.passed is None and essay_attempt.score == 1
    response = trainer_client.get(helpers.admin_url("marking_queue"))
    assert response.status_code == 200
    content = response.content.decode()
    assert learner.learner_profile.full_name in content and "Liège" in content
    assert "Explain what you would do." in content and "Awaiting marking" in content


def test_queue_filters_by_module_city_learner_and_status(trainer_client, learner_client, quiz):
    _submit_essay(learner_client, quiz)
    other_city = CityFactory(name="Malmö", slug="malmo", country="SE")
    other = LearnerFactory(profile__city=other_city, profile__full_name="Sven Example")
    other_module = ModulePageFactory(title="Families", number=2)
    other_quiz = QuizPageFactory(parent=other_module, title="Families quiz")
    trainer_client.force_login(other)
    _submit_essay(trainer_client, other_quiz)

    from tests.assessments.factories import AdminTrainerFactory

    trainer_client.force_login(AdminTrainerFactory())
    url = helpers.admin_url("marking_queue")

    def learners(**params):
        content = trainer_client.get(url, params).content.decode()
        return {name for name in ("Sven Example", "Learner Number") if name in content}

    assert learners() == {"Sven Example", "Learner Number"}
    assert learners(city=other_city.pk) == {"Sven Example"}
    assert learners(module=other_module.pk) == {"Sven Example"}
    assert learners(module=quiz.get_parent().pk) == {"Learner Number"}
    assert learners(learner="sven") == {"Sven Example"}
    assert learners(learner=other.email) == {"Sven Example"}
    assert learners(status="marked") == set()
    assert learners(status="awaiting") == {"Sven Example", "Learner Number"}
    # The results-only URL the filters refresh through works too.
    assert trainer_client.get(helpers.admin_url("marking_queue_results")).status_code == 200


def test_marking_completes_the_attempt_and_emails_the_learner_in_their_language(
    trainer_client, learner, essay_attempt, django_capture_on_commit_callbacks, monkeypatch
):
    finalised = []
    monkeypatch.setattr(services.attempts, "on_attempt_finalised", lambda a: finalised.append(a.pk))
    learner.learner_profile.preferred_language = "fr"
    learner.learner_profile.save()
    answer = Answer.objects.get(attempt=essay_attempt, question_id=Q4)
    page = trainer_client.get(helpers.admin_url("mark", answer.pk)).content.decode()
    assert "GUIDANCE-Q4" in page and "My considered answer." in page

    with django_capture_on_commit_callbacks(execute=True):
        response = _mark(trainer_client, answer, "4")
    assert response.status_code == 302
    essay_attempt.refresh_from_db()
    assert essay_attempt.status == Attempt.Status.COMPLETED
    assert (essay_attempt.score, essay_attempt.max_score, essay_attempt.passed) == (5, 9, True)
    assert finalised == [essay_attempt.pk]
    answer.refresh_from_db()
    assert answer.marked_by is not None and answer.feedback == "Well argued."

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [learner.email]
    assert email.extra_headers["Content-Language"] == "fr"
    assert f"/fr/assessments/attempts/{essay_attempt.pk}/result/" in email.body
    assert "GUIDANCE-Q4" not in email.body

    # Sending again changes nothing: the task is idempotent.
    from assessments.tasks import notify_result

    assert notify_result.delay(essay_attempt.pk).get() is False
    assert len(mail.outbox) == 1


def test_the_learner_sees_the_mark_and_feedback(learner_client, trainer_client, essay_attempt):
    answer = Answer.objects.get(attempt=essay_attempt, question_id=Q4)
    result = learner_client.get(helpers.result_url(essay_attempt)).content.decode()
    assert "Waiting for a trainer to mark it." in result and "EXPLAIN-Q4" not in result
    _mark(trainer_client, answer, "3", "Consider the data protection side.")
    result = learner_client.get(helpers.result_url(essay_attempt)).content.decode()
    assert "Consider the data protection side." in result
    assert "(3 of 5 points)" in result and "EXPLAIN-Q4" in result
    assert "GUIDANCE-Q4" not in result


def test_re_scoring_recomputes_pass_and_tells_the_learner_again(
    trainer_client, essay_attempt, django_capture_on_commit_callbacks
):
    answer = Answer.objects.get(attempt=essay_attempt, question_id=Q4)
    with django_capture_on_commit_callbacks(execute=True):
        _mark(trainer_client, answer, "4")
    essay_attempt.refresh_from_db()
    assert essay_attempt.passed is True
    with django_capture_on_commit_callbacks(execute=True):
        response = _mark(trainer_client, answer, "1.5", "Re-marked after moderation.")
    assert response.status_code == 302
    essay_attempt.refresh_from_db()
    assert essay_attempt.score == 2.5 and essay_attempt.passed is False
    assert essay_attempt.result_version == 2
    assert len(mail.outbox) == 2
    page = trainer_client.get(helpers.admin_url("mark", answer.pk)).content.decode()
    assert "Re-score" in page


def test_invalid_marks_are_refused(trainer_client, essay_attempt):
    answer = Answer.objects.get(attempt=essay_attempt, question_id=Q4)
    for points in ("6", "-1", "abc", ""):
        assert _mark(trainer_client, answer, points).status_code == 400
    essay_attempt.refresh_from_db()
    assert essay_attempt.status == Attempt.Status.AWAITING_MARKING
    # Choice answers and open attempts are not in the marking views.
    choice = Answer.objects.get(attempt=essay_attempt, question_id=Q1)
    # (Django's LocaleMiddleware first redirects an admin 404 to a language-prefixed URL.)
    response = trainer_client.get(helpers.admin_url("mark", choice.pk), follow=True)
    assert response.status_code == 404


def test_an_attempt_with_two_essays_is_final_once_both_are_marked(
    learner_client, trainer_client, module_page
):
    essay = sample_questions()[3]
    second = {**essay, "id": "t-q5", "prompt": "And what next?"}
    quiz = QuizPageFactory(
        parent=module_page, questions=build_question_stream([essay, second]), pass_mark=50
    )
    attempt = helpers.start(learner_client, quiz)
    helpers.answer_all(
        learner_client,
        attempt,
        {q["id"]: ["An answer."] for q in attempt.questions},
    )
    first_answer, second_answer = Answer.objects.filter(attempt=attempt).order_by("pk")
    _mark(trainer_client, first_answer, "5")
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.AWAITING_MARKING and attempt.score == 5
    assert len(mail.outbox) == 0
    _mark(trainer_client, second_answer, "0")
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.COMPLETED and attempt.passed is True


def test_only_markers_reach_the_marking_views(client, learner_client, essay_attempt):
    answer = Answer.objects.get(attempt=essay_attempt, question_id=Q4)
    for url in (helpers.admin_url("marking_queue"), helpers.admin_url("mark", answer.pk)):
        assert learner_client.get(url).status_code in (302, 403)
    lead = CityLeadFactory()
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(user=lead, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(lead)
    response = client.get(helpers.admin_url("marking_queue"))
    assert response.status_code == 302 and "/admin/" in response["Location"]
    assert client.post(helpers.admin_url("mark", answer.pk), {"points": "5"}).status_code == 302
    answer.refresh_from_db()
    assert answer.points is None


def test_marking_queue_query_count_does_not_grow(trainer_client, module_page):
    quiz = QuizPageFactory(parent=module_page)
    url = helpers.admin_url("marking_queue")
    counts = []
    for learners in (1, 6):
        for _ in range(learners):
            user = LearnerFactory()
            trainer_client.force_login(user)
            _submit_essay(trainer_client, quiz)
        from tests.assessments.factories import AdminTrainerFactory

        trainer_client.force_login(AdminTrainerFactory())
        trainer_client.get(url)
        with CaptureQueriesContext(connection) as context:
            assert trainer_client.get(url).status_code == 200
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1], counts


def test_a_result_email_lost_with_the_broker_is_sent_by_the_periodic_sweep(
    trainer_client, learner, essay_attempt, django_capture_on_commit_callbacks
):
    """Marking commits but its task never runs (Redis down): the beat sweep sends it later."""
    from datetime import timedelta

    from django.utils import timezone

    from assessments.tasks import send_pending_result_notifications

    answer = Answer.objects.get(attempt=essay_attempt, question_id=Q4)
    with django_capture_on_commit_callbacks(execute=False):  # the queued task is dropped
        assert _mark(trainer_client, answer, "4").status_code == 302
    assert len(mail.outbox) == 0

    # Not yet: a task queued a moment ago may still be on its way.
    assert send_pending_result_notifications.delay().get() == 0
    later = timezone.now() + timedelta(minutes=5)
    assert services.send_pending_result_notifications(now=later) == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [learner.email]
    # Sent once: the next sweep finds nothing.
    assert services.send_pending_result_notifications(now=later) == 0


def test_the_sweep_never_emails_results_shown_on_screen_at_submission(learner_client, module_page):
    from datetime import timedelta

    from django.utils import timezone

    from tests.assessments.factories import choice_questions

    quiz = QuizPageFactory(parent=module_page, questions=build_question_stream(choice_questions(3)))
    attempt = helpers.start(learner_client, quiz)
    helpers.answer_all(learner_client, attempt, {})
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.COMPLETED
    assert services.send_pending_result_notifications(timezone.now() + timedelta(hours=1)) == 0
    assert len(mail.outbox) == 0


def test_the_result_email_prints_scores_like_the_result_page(essay_attempt):
    """One decimal at most, as on the result page (6.7 of 19, not 6.66 of 19)."""
    from decimal import Decimal

    from assessments.services.notifications import send_result_notification

    Attempt.objects.filter(pk=essay_attempt.pk).update(
        status=Attempt.Status.COMPLETED,
        score=Decimal("6.66"),
        max_score=19,
        percent=Decimal("35.05"),
        passed=False,
        result_version=1,
        notified_version=0,
    )
    assert send_result_notification(essay_attempt.pk) is True
    [email] = mail.outbox
    assert "6.7" in email.body and "35.1" in email.body and "6.66" not in email.body
