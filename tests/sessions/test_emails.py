"""Booking emails in the learner's language with a valid .ics; the reminder goes once."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from lms.sessions import tasks
from lms.sessions.ics import part_uid
from lms.sessions.models import Booking
from tests import factories

from .conftest import client_for
from .factories import calendar_of, make_session

pytestmark = pytest.mark.django_db


def test_confirmation_carries_a_calendar_that_parses_back(learner_client, learner, course, emails):
    start = datetime(2031, 5, 12, 9, 0, tzinfo=ZoneInfo("Europe/Athens"))
    session = make_session(modules=[course.module], start=start, parts=2, time_zone="Europe/Athens")
    with emails():
        learner_client.post(reverse("training_sessions:book", args=[session.pk]))
    [message] = mail.outbox
    assert "Your place is booked" in message.subject
    calendar = calendar_of(message)
    assert str(calendar["METHOD"]) == "REQUEST"
    events = calendar.walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [part_uid(p) for p in session.parts.all()]
    assert events[0].decoded("DTSTART") == start
    assert str(events[0]["DTSTART"].params["TZID"]) == "Europe/Athens"
    assert events[1].decoded("DTEND") == start + timedelta(days=1, hours=3)
    assert "Rue Exemple 1" in str(events[0]["LOCATION"])
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Athens"]
    # Dates in the body are the venue's local times.
    assert "09:00" in message.body and "Europe/Athens" in message.body


def test_emails_are_in_the_learner_language(city, session, emails):
    learner = factories.LearnerFactory(profile__city=city, profile__preferred_language="fr")
    with emails():
        client_for(learner).post(reverse("training_sessions:book", args=[session.pk]))
    [message] = mail.outbox
    assert message.subject.startswith("Votre place est réservée")
    assert "/fr/sessions/" in message.body


def test_cancellation_calendar_cancels_the_same_events(learner_client, learner, session, emails):
    with emails():
        learner_client.post(reverse("training_sessions:book", args=[session.pk]))
        learner_client.post(reverse("training_sessions:cancel", args=[session.pk]))
    confirmation, cancellation = mail.outbox
    booked, cancelled = calendar_of(confirmation), calendar_of(cancellation)
    assert str(cancelled["METHOD"]) == "CANCEL"
    for before, after in zip(booked.walk("VEVENT"), cancelled.walk("VEVENT"), strict=True):
        assert str(before["UID"]) == str(after["UID"])
        assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
        assert str(after["STATUS"]) == "CANCELLED"


def test_a_change_of_dates_emails_booked_learners_with_a_new_sequence(learner, session, emails):
    from lms.sessions import services

    with emails():
        services.book(session, learner)
    mail.outbox.clear()
    before = services.schedule_signature(session)
    part = session.parts.first()
    part.start_time = part.start_time.replace(hour=(part.start_time.hour + 1) % 20)
    part.save()
    with emails():
        services.session_saved(session, before=before)
    [message] = mail.outbox
    assert "Changed dates or place" in message.subject
    [event, *_rest] = calendar_of(message).walk("VEVENT")
    assert int(event["SEQUENCE"]) == 1


def test_reminder_two_days_before_is_sent_once(course, city):
    soon = make_session(modules=[course.module], start=timezone.now() + timedelta(hours=40))
    later = make_session(modules=[course.module], start=timezone.now() + timedelta(days=9))
    learner = factories.LearnerFactory(profile__city=city)
    Booking.objects.create(session=soon, user=learner, status="booked")
    Booking.objects.create(session=later, user=learner, status="booked")
    Booking.objects.create(
        session=soon, user=factories.LearnerFactory(profile__city=city), status="waitlisted"
    )
    assert tasks.send_session_reminders.delay().get() == 1
    assert tasks.send_session_reminders.delay().get() == 0
    [message] = mail.outbox
    assert message.to == [learner.email] and "Reminder" in message.subject
    assert calendar_of(message).walk("VEVENT")
    assert Booking.objects.get(session=soon, user=learner).reminder_sent_at is not None


def test_the_reminder_task_is_scheduled_by_beat(settings):
    entries = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "lms.sessions.tasks.send_session_reminders" in entries


def test_a_booked_learner_downloads_the_calendar(learner_client, session, client):
    url = reverse("training_sessions:calendar", args=[session.pk])
    assert learner_client.get(url).status_code == 404  # no place yet
    learner_client.post(reverse("training_sessions:book", args=[session.pk]))
    response = learner_client.get(url)
    assert response.status_code == 200
    from icalendar import Calendar

    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 2


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("cs", "pondělí, 12. května 2031, 09:00"),  # the month in the genitive, as Czech writes it
        ("el", "Δευτέρα, 12/05/2031, 09:00"),
        ("fr", "lundi, 12 mai 2031, 09:00"),
        ("en", "Monday, 12 May 2031, 09:00"),
    ],
)
def test_session_dates_follow_the_learners_locale_in_the_venues_time_zone(
    city, course, emails, language, expected
):
    start = datetime(2031, 5, 12, 9, 0, tzinfo=ZoneInfo("Europe/Athens"))  # 06:00 UTC
    session = make_session(modules=[course.module], start=start, time_zone="Europe/Athens")
    learner = factories.LearnerFactory(profile__city=city, profile__preferred_language=language)
    with emails():
        client_for(learner).post(reverse("training_sessions:book", args=[session.pk]))
    [message] = mail.outbox
    assert expected in message.body
    page = client_for(learner).get(f"/{language}/sessions/{session.pk}/")
    assert expected in page.content.decode()
