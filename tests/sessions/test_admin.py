"""Creating and editing sessions in the Wagtail admin (trainers, and leads for their city)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from lms.sessions.models import Booking, Session

from .conftest import client_for

pytestmark = pytest.mark.django_db

ADD = "wagtailsnippets_training_sessions_session:add"


def form_data(course, city, day, **overrides):
    data = {
        "title": "Two days in Liège",
        "description": "Cases and referral routes.",
        "modules": [course.module.pk],
        "venue_name": "Maison de la prévention",
        "venue_address": "Rue Exemple 1, 4000 Liège",
        "accessibility_notes": "Step-free entrance.",
        "online_url": "",
        "time_zone": "Europe/Brussels",
        "language": "fr",
        "interpretation": '["nl"]',
        "city": city.pk,
        "open_to_network": "on",
        "capacity": "12",
        "booking_deadline": "",
        "prerequisite_module": "",
        "status": "published",
        "parts-TOTAL_FORMS": "2",
        "parts-INITIAL_FORMS": "0",
        "parts-MIN_NUM_FORMS": "1",
        "parts-MAX_NUM_FORMS": "1000",
    }
    for i in range(2):
        data.update(
            {
                f"parts-{i}-date": (day + timedelta(days=i)).isoformat(),
                f"parts-{i}-start_time": "09:00",
                f"parts-{i}-end_time": "16:30",
                f"parts-{i}-ORDER": str(i + 1),
                f"parts-{i}-id": "",
                f"parts-{i}-DELETE": "",
            }
        )
    data.update(overrides)
    return data


def test_a_lead_creates_a_session_for_their_city(lead, course, city):
    day = timezone.localdate() + timedelta(days=20)
    response = client_for(lead).post(reverse(ADD), form_data(course, city, day))
    assert response.status_code == 302, response.content.decode()[:3000]
    session = Session.objects.get()
    assert session.city == city and session.parts.count() == 2
    assert session.starts_at.astimezone(session.tz).hour == 9
    assert session.ends_at.astimezone(session.tz).date() == day + timedelta(days=1)
    assert list(session.modules.all()) == [course.module]


def test_a_lead_cannot_create_a_session_for_another_city(lead, course, city_b):
    day = timezone.localdate() + timedelta(days=20)
    response = client_for(lead).post(reverse(ADD), form_data(course, city_b, day))
    assert response.status_code == 200  # the form comes back with an error
    assert not Session.objects.exists()


def test_a_trainer_edit_of_the_dates_tells_booked_learners(
    trainer, course, city, learner, django_capture_on_commit_callbacks
):
    day = timezone.localdate() + timedelta(days=20)
    client = client_for(trainer)
    client.post(reverse(ADD), form_data(course, city, day))
    session = Session.objects.get()
    assert trainer in session.trainers.all()
    Booking.objects.create(session=session, user=learner, status="booked")
    parts = list(session.parts.order_by("starts_at"))
    data = form_data(course, city, day)
    data["parts-INITIAL_FORMS"] = "2"
    for i, part in enumerate(parts):
        data[f"parts-{i}-id"] = str(part.pk)
    data["parts-1-start_time"] = "10:00"
    edit = reverse("wagtailsnippets_training_sessions_session:edit", args=[session.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit, data)
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == [learner.email] and "Changed" in message.subject
    session.refresh_from_db()
    assert session.sequence == 1


def test_demo_sessions_load_twice_without_duplicates(catalogue, city, learner):
    from lms.sessions.demo import load_demo_sessions
    from tests import factories

    learner.username = "learner"
    learner.save()
    modules = [
        factories.ModulePageFactory(parent=catalogue, number=n, title=f"Module {n}") for n in (1, 2)
    ]
    load_demo_sessions(modules, city)
    load_demo_sessions(modules, city)
    assert Session.objects.count() == 2
    assert Session.objects.published().upcoming().count() == 2
    assert Booking.objects.get(user=learner).status == "booked"
