"""Booking and cancelling through HTTP: idempotent, waiting list, promotion, prerequisites."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from lms.sessions.models import Booking
from tests import factories
from tests.learning.factories import take_quiz

from .conftest import client_for
from .factories import make_session

pytestmark = pytest.mark.django_db


def book_url(session):
    return reverse("training_sessions:book", args=[session.pk])


def cancel_url(session):
    return reverse("training_sessions:cancel", args=[session.pk])


def test_booking_twice_makes_one_booking_and_one_email(learner_client, learner, session, emails):
    with emails():
        first = learner_client.post(book_url(session))
        second = learner_client.post(book_url(session))
    assert first.status_code == second.status_code == 302
    [booking] = Booking.objects.filter(user=learner)
    assert booking.status == Booking.Status.BOOKED
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [learner.email]


def test_booking_is_post_only(learner_client, session):
    response = learner_client.get(book_url(session))
    assert response.status_code == 405
    assert not Booking.objects.exists()


def test_anonymous_is_sent_to_sign_in(client, session):
    response = client.post(book_url(session))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Booking.objects.exists()


def test_a_full_session_puts_the_learner_on_the_waiting_list(session, city):
    learners = [factories.LearnerFactory(profile__city=city) for _ in range(4)]
    for learner in learners:
        client_for(learner).post(book_url(session))
    statuses = [Booking.objects.get(user=learner).status for learner in learners]
    assert statuses == ["booked", "booked", "waitlisted", "waitlisted"]
    assert [Booking.objects.get(user=u).position for u in learners[2:]] == [1, 2]
    page = client_for(learners[3]).get(reverse("training_sessions:detail", args=[session.pk]))
    assert "number 2 in line" in page.content.decode()


def test_cancelling_promotes_the_first_in_line_with_one_email(session, city, emails):
    first, second, third, fourth = (factories.LearnerFactory(profile__city=city) for _ in range(4))
    for learner in (first, second, third, fourth):
        client_for(learner).post(book_url(session))
    mail.outbox.clear()
    with emails():
        response = client_for(first).post(cancel_url(session))
    assert response.status_code == 302
    assert Booking.objects.get(user=first).status == "cancelled"
    assert Booking.objects.get(user=third).status == "booked"
    assert Booking.objects.get(user=fourth).status == "waitlisted"
    to_third = [m for m in mail.outbox if m.to == [third.email]]
    assert len(to_third) == 1
    assert "A place is free for you" in to_third[0].subject
    assert {tuple(m.to) for m in mail.outbox} == {(first.email,), (third.email,)}
    # Cancelling again changes nothing and sends nothing.
    mail.outbox.clear()
    with emails():
        client_for(first).post(cancel_url(session))
    assert mail.outbox == []
    assert Booking.objects.filter(status="booked").count() == 2


def test_a_cancelled_learner_can_book_again(learner_client, learner, session):
    learner_client.post(book_url(session))
    learner_client.post(cancel_url(session))
    learner_client.post(book_url(session))
    [booking] = Booking.objects.filter(user=learner)
    assert booking.status == "booked" and booking.cancelled_at is None


def test_prerequisite_refusal_is_clear_and_translated(learner_client, learner, course, catalogue):
    session = make_session(modules=[course.module], prerequisite_module=course.module)
    response = learner_client.post(book_url(session))
    assert response.status_code == 409
    assert "Complete the module “Module awareness” online before you book" in (
        response.content.decode()
    )
    assert not Booking.objects.exists()
    response = learner_client.post(f"/fr/sessions/{session.pk}/book/")
    assert response.status_code == 409
    assert "Terminez le module « Module awareness » en ligne" in response.content.decode()


def test_prerequisite_met_allows_booking(learner, course):
    from lms.learning import services as learning

    session = make_session(modules=[course.module], prerequisite_module=course.module)
    for lesson in course.lessons:
        learning.complete_lesson(learner, lesson, language="en")
    take_quiz(learner, course.quiz, passing=True)
    response = client_for(learner).post(book_url(session))
    assert response.status_code == 302
    assert Booking.objects.get(user=learner).status == "booked"


def test_booking_closes_at_the_deadline(learner_client, course):
    session = make_session(
        modules=[course.module], booking_deadline=timezone.now() - timedelta(hours=1)
    )
    response = learner_client.post(book_url(session))
    assert response.status_code == 409
    assert "Booking for this session has closed." in response.content.decode()


def test_a_session_for_given_cities_refuses_other_cities(learner_b, course, city):
    session = make_session(modules=[course.module], open_to_network=False)
    session.eligible_cities.set([city])
    response = client_for(learner_b).post(book_url(session))
    assert response.status_code == 403
    assert not Booking.objects.exists()


def test_draft_sessions_cannot_be_booked_or_seen(learner_client, course):
    session = make_session(modules=[course.module], status="draft")
    assert learner_client.post(book_url(session)).status_code == 404
    detail = learner_client.get(reverse("training_sessions:detail", args=[session.pk]))
    assert detail.status_code == 404


def test_staff_cannot_book(trainer, session):
    response = client_for(trainer).post(book_url(session))
    assert response.status_code == 403


def test_a_lead_books_their_city_learner_but_not_another_city(lead, learner, learner_b, session):
    url = reverse("training_sessions_admin:bookings", args=[session.pk])
    client = client_for(lead)
    response = client.post(url, {"learner": learner.pk, "action": "book"})
    assert response.status_code == 302
    booking = Booking.objects.get(user=learner)
    assert booking.status == "booked" and booking.booked_by == lead
    response = client.post(url, {"learner": learner_b.pk, "action": "book"})
    assert response.status_code == 400  # not a choice: another city's learner
    assert not Booking.objects.filter(user=learner_b).exists()
    client.post(url, {"learner": learner.pk, "action": "cancel"})
    assert Booking.objects.get(user=learner).status == "cancelled"
