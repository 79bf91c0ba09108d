"""Check-in, the trainer's register and sign-in sheet, the "attended" record, completion, hours."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lms.learning import services as learning
from lms.learning.models import LearningRecord, ModuleProgress
from lms.sessions import services
from lms.sessions.models import Attendance, ModuleSessionRequirement
from tests import factories
from tests.learning.factories import take_quiz

from .conftest import client_for
from .factories import make_session

pytestmark = pytest.mark.django_db

CHECK_IN = "/en/sessions/check-in/"


@pytest.fixture
def running(course, learner):
    """A session whose first part runs now, with the learner booked."""
    session = make_session(
        modules=[course.module], start=timezone.now() - timedelta(hours=1), parts=2, hours=3
    )
    from lms.sessions.models import Booking

    Booking.objects.create(session=session, user=learner, status="booked")
    return session


def test_check_in_with_the_code_during_the_part_once(learner_client, learner, running):
    part = running.parts.order_by("starts_at").first()
    response = learner_client.post(CHECK_IN, {"code": part.checkin_code.lower()})
    assert response.status_code == 302
    attendance = Attendance.objects.get(user=learner, part=part)
    assert attendance.status == "present" and attendance.method == "self"
    again = learner_client.post(CHECK_IN, {"code": part.checkin_code})
    assert again.status_code == 409
    assert "already checked in" in again.content.decode()
    assert Attendance.objects.filter(user=learner).count() == 1


def test_the_code_of_a_later_part_is_not_valid_yet(learner_client, learner, running):
    later = running.parts.order_by("starts_at").last()
    response = learner_client.post(CHECK_IN, {"code": later.checkin_code})
    assert response.status_code == 400
    assert "not valid now" in response.content.decode()
    assert not Attendance.objects.exists()


def test_the_code_is_not_valid_after_the_part(learner, running):
    part = running.parts.order_by("starts_at").first()
    with pytest.raises(services.SessionError):
        services.check_in(learner, part.checkin_code, now=part.ends_at + timedelta(minutes=1))
    # ...but is from 30 minutes before the start.
    services.check_in(learner, part.checkin_code, now=part.starts_at - timedelta(minutes=29))


def test_only_learners_with_a_place_check_in(running, city):
    stranger = factories.LearnerFactory(profile__city=city)
    part = running.parts.order_by("starts_at").first()
    response = client_for(stranger).post(CHECK_IN, {"code": part.checkin_code})
    assert response.status_code == 403
    assert not Attendance.objects.filter(user=stranger).exists()


def test_check_in_is_rate_limited(learner_client, running):
    for _ in range(10):
        learner_client.post(CHECK_IN, {"code": "WRONG1"})
    response = learner_client.post(CHECK_IN, {"code": "WRONG2"})
    assert response.status_code == 429


def test_attending_appends_one_xapi_attended_statement(learner, running):
    part = running.parts.order_by("starts_at").first()
    services.check_in(learner, part.checkin_code)
    services.mark(part, learner, "present", method="register")  # again: no second record
    [record] = LearningRecord.objects.filter(user=learner, verb="attended")
    statement = record.statement
    assert statement["verb"]["id"] == "http://adlnet.gov/expapi/verbs/attended"
    assert statement["object"]["id"].endswith(f"/xapi/activities/session/{part.key}")
    assert statement["result"]["duration"] == "PT10800S"
    assert record.module_key == running.modules.get().translation_key


def test_a_module_that_requires_a_session_completes_only_after_attending(learner, course, running):
    ModuleSessionRequirement.objects.create(module=course.module)
    for lesson in course.lessons:
        learning.complete_lesson(learner, lesson, language="en")
    take_quiz(learner, course.quiz, passing=True)
    progress = ModuleProgress.objects.get(user=learner, module_key=course.module.translation_key)
    assert progress.status == "in_progress"
    part = running.parts.order_by("starts_at").first()
    services.check_in(learner, part.checkin_code)
    progress.refresh_from_db()
    assert progress.status == "completed"


def _certificate(learner, course, running=None):
    """The module certificate of a learner who completed the module online, and attended the
    first part of `running` (3 hours) when given."""
    from certificates.models import Certificate

    if running is not None:
        part = running.parts.order_by("starts_at").first()
        services.mark(part, learner, "present", method="register")
    for lesson in course.lessons:
        learning.complete_lesson(learner, lesson, language="en")
    take_quiz(learner, course.quiz, passing=True)
    return Certificate.objects.get(user=learner, kind="module")


def test_certificate_hours_add_in_person_hours(learner, course, running):
    certificate = _certificate(learner, course, running)
    assert certificate.hours == Decimal("2") + Decimal("3")  # 120 estimated minutes + 3 h
    assert certificate.in_person_hours == Decimal("3")


def test_certificate_says_online_and_in_person_when_both_count(client, learner, course, running):
    from certificates.credentials import build_credential

    certificate = _certificate(learner, course, running)
    page = client.get(reverse("certificates_public:verify", args=[certificate.display_code]))
    text = " ".join(page.content.decode().split())
    assert "Online and in-person" in text
    assert "5 (2 online, 3 in person)" in text
    payload = build_credential(certificate)
    assert "2 hours online, 3 hours in person" in str(payload)


def test_an_online_only_certificate_says_online(client, learner, course):
    certificate = _certificate(learner, course)
    assert certificate.in_person_hours == 0 and not certificate.is_blended
    page = client.get(reverse("certificates_public:verify", args=[certificate.display_code]))
    text = " ".join(page.content.decode().split())
    assert "<dd>Online</dd>" in text and "in person" not in text


def test_trainer_keeps_the_register_with_a_constant_query_count(trainer, running, city):
    running.trainers.add(trainer)
    running.save()
    learners = [factories.LearnerFactory(profile__city=city) for _ in range(3)]
    from lms.sessions.models import Booking

    for learner in learners:
        Booking.objects.create(session=running, user=learner, status="booked")
    part = running.parts.order_by("starts_at").first()
    client = client_for(trainer)
    url = reverse("training_sessions_admin:register", args=[part.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    count()  # warm the per-process caches
    few = count()
    for _ in range(5):
        Booking.objects.create(
            session=running, user=factories.LearnerFactory(profile__city=city), status="booked"
        )
    assert count() == few
    response = client.post(
        url, {f"status-{learners[0].pk}": "present", f"status-{learners[1].pk}": "excused"}
    )
    assert response.status_code == 302
    assert Attendance.objects.get(user=learners[0], part=part).status == "present"
    assert Attendance.objects.get(user=learners[1], part=part).status == "excused"
    assert not Attendance.objects.filter(user=learners[2]).exists()
    assert part.checkin_code in client.get(url).content.decode()


def test_the_sign_in_sheet_is_a_pdf_with_the_names(trainer, running, learner):
    from io import BytesIO

    from pypdf import PdfReader

    running.trainers.add(trainer)
    running.save()
    part = running.parts.order_by("starts_at").first()
    response = client_for(trainer).get(
        reverse("training_sessions_admin:sign_in_sheet", args=[part.pk])
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = PdfReader(BytesIO(response.content)).pages[0].extract_text()
    assert learner.learner_profile.full_name in text


def test_the_register_shows_a_qr_code_that_opens_check_in_in_the_learners_language(
    trainer, learner, running
):
    running.trainers.add(trainer)
    running.save()
    part = running.parts.order_by("starts_at").first()
    html = client_for(trainer).get(reverse("training_sessions_admin:register", args=[part.pk]))
    assert html.status_code == 200
    text = html.content.decode()
    assert 'src="data:image/svg+xml' in text
    url = f"http://testserver/sessions/check-in/?code={part.checkin_code}"
    assert url in text
    # The scanned address carries no language: a Czech reader is sent on in Czech, code kept.
    learner_client = client_for(learner)
    learner_client.cookies["django_language"] = "cs"
    scanned = learner_client.get(url.removeprefix("http://testserver"))
    assert scanned.status_code == 302
    assert scanned["Location"] == f"/cs/sessions/check-in/?code={part.checkin_code}"
    page = learner_client.get(scanned["Location"])
    assert f'value="{part.checkin_code}"' in page.content.decode()
    assert not Attendance.objects.filter(user=learner).exists()  # a scan records nothing
    confirmed = learner_client.post("/cs/sessions/check-in/", {"code": part.checkin_code})
    assert confirmed.status_code == 302
    assert Attendance.objects.get(user=learner, part=part).method == "self"
