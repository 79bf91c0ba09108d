"""Who reaches which sessions URL: anonymous, learners A and B, trainer, leads A and B."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from lms.services import delete_account
from lms.sessions.models import Attendance, Booking
from tests import factories
from tests.dashboards.factories import with_totp

from .conftest import client_for
from .factories import make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(course, city, city_b, learner, learner_b, trainer, lead, lead_b):
    """A session in city A, trained by `trainer`, with learners of A and B booked."""
    session = make_session(modules=[course.module], city=city, capacity=5)
    session.trainers.add(trainer)
    session.save()
    Booking.objects.create(session=session, user=learner, status="booked")
    Booking.objects.create(session=session, user=learner_b, status="booked")
    other_trainer = factories.TrainerFactory(username="other-trainer")
    return {
        "session": session,
        "part": session.parts.get(),
        "anonymous": Client(),
        "learner_a": client_for(learner),
        "learner_b": client_for(learner_b),
        "trainer": client_for(trainer),
        "lead_a": client_for(lead),
        "lead_b": client_for(lead_b),
        "other_trainer": other_trainer,
    }


def status(client, url) -> int:
    return client.get(url).status_code


def test_public_pages(world):
    session = world["session"]
    for who in ("anonymous", "learner_a", "learner_b", "trainer", "lead_a", "lead_b"):
        assert status(world[who], "/en/sessions/") == 200, who
        assert status(world[who], reverse("training_sessions:detail", args=[session.pk])) == 200


def test_learner_pages_need_an_account(world):
    for name in ("training_sessions:mine", "training_sessions:check_in"):
        response = world["anonymous"].get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_learner_sees_only_their_own_bookings(world, learner, learner_b):
    page = world["learner_a"].get(reverse("training_sessions:mine")).content.decode()
    assert world["session"].title in page
    assert learner_b.learner_profile.full_name not in page
    # The calendar is only for a learner with a place.
    cal = reverse("training_sessions:calendar", args=[world["session"].pk])
    assert status(world["learner_a"], cal) == 200
    Booking.objects.filter(user=learner_b).update(status="cancelled")
    assert status(world["learner_b"], cal) == 404


def test_admin_register_and_sheet(world):
    part = world["part"]
    for url in (
        reverse("training_sessions_admin:register", args=[part.pk]),
        reverse("training_sessions_admin:sign_in_sheet", args=[part.pk]),
    ):
        anonymous = world["anonymous"].get(url)
        assert anonymous.status_code == 302, url
        assert status(world["learner_a"], url) == 403
        assert status(world["trainer"], url) == 200
        assert status(world["lead_a"], url) == 200  # the organising city's lead
        assert status(world["lead_b"], url) == 404


def test_admin_bookings_are_scoped_to_the_lead_city(world, learner, learner_b):
    url = reverse("training_sessions_admin:bookings", args=[world["session"].pk])
    assert status(world["learner_b"], url) == 403
    trainer_page = world["trainer"].get(url).content.decode()
    assert learner.learner_profile.full_name in trainer_page
    assert learner_b.learner_profile.full_name in trainer_page
    # Lead B sees their own learner's booking at city A's session, never A's learners.
    lead_b_page = world["lead_b"].get(url).content.decode()
    assert learner_b.learner_profile.full_name in lead_b_page
    assert learner.learner_profile.full_name not in lead_b_page
    overview = world["lead_b"].get(reverse("training_sessions_admin:city"))
    assert overview.status_code == 200


def test_admin_session_editing_is_scoped(world, lead, lead_b, city, city_b):
    session = world["session"]
    edit = reverse("wagtailsnippets_training_sessions_session:edit", args=[session.pk])
    index = reverse("wagtailsnippets_training_sessions_session:list")
    assert status(world["trainer"], edit) == 200
    assert status(world["lead_a"], edit) == 200
    assert status(world["lead_b"], edit) == 404
    assert session.title not in world["lead_b"].get(index).content.decode()
    other = client_for(with_totp(world["other_trainer"]))
    assert status(other, edit) == 404  # a trainer who does not train this session
    # A lead's form offers only their own city as organiser.
    form = world["lead_b"].get(reverse("wagtailsnippets_training_sessions_session:add"))
    assert form.status_code == 200
    choices = form.context["form"].fields["city"].queryset
    assert list(choices) == [city_b]


def test_erasing_an_account_removes_its_bookings_and_attendance(world, learner):
    from lms.sessions import services

    services.mark(world["part"], learner, "present", method="register")
    user_id = learner.pk
    delete_account(learner)
    assert not get_user_model().objects.filter(pk=user_id).exists()
    assert not Booking.objects.filter(user_id=user_id).exists()
    assert not Attendance.objects.filter(user_id=user_id).exists()


def test_the_learner_export_holds_their_bookings(world, learner):
    response = world["learner_a"].get(reverse("export_my_data"))
    data = response.json()
    assert data["session_bookings"][0]["session__title"] == world["session"].title
    assert data["session_bookings"][0]["status"] == "booked"


def test_the_lead_overview_counts_their_city_only(world, lead, city, course, learner):
    from datetime import timedelta

    from django.utils import timezone

    from lms.sessions import services

    past = make_session(
        modules=[course.module], city=city, start=timezone.now() - timedelta(days=3)
    )
    Booking.objects.create(session=past, user=learner, status="booked")
    absent = factories.LearnerFactory(profile__city=city)
    Booking.objects.create(session=past, user=absent, status="booked")
    services.mark(past.parts.get(), learner, "present", method="register")
    response = world["lead_a"].get(reverse("training_sessions_admin:city"))
    rows = {row["session_id"]: row for row in response.context["rows"]}
    assert (rows[past.pk]["booked"], rows[past.pk]["attended"], rows[past.pk]["no_shows"]) == (
        2,
        1,
        1,
    )
    upcoming = rows[world["session"].pk]
    assert (upcoming["booked"], upcoming["no_shows"]) == (1, None)  # learner B is not counted
