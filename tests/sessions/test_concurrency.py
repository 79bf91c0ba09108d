"""Capacity holds when twenty learners book ten places at the same moment (PostgreSQL)."""

import pytest
from django.db import connection

from lms.sessions import services
from lms.sessions.models import Booking
from tests import factories
from tests.concurrency import in_parallel

from .factories import make_session

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks"),
]


@pytest.fixture
def setup():
    catalogue = factories.catalogue()
    module = factories.ModulePageFactory(parent=catalogue, number=1)
    city = factories.CityFactory(name="Liège", slug="liege")
    learners = [factories.LearnerFactory(profile__city=city) for _ in range(20)]
    return make_session(modules=[module], capacity=10), learners


def _book(session, learner):
    return lambda: services.book(session, learner).status


def test_twenty_concurrent_bookings_for_ten_places(setup):
    session, learners = setup
    results = in_parallel(*[_book(session, learner) for learner in learners])
    assert sorted(results).count("booked") == 10
    assert Booking.objects.filter(session=session, status="booked").count() == 10
    waiting = Booking.objects.filter(session=session, status="waitlisted")
    assert waiting.count() == 10
    assert sorted(waiting.values_list("position", flat=True)) == list(range(1, 11))


def test_a_double_click_at_the_same_moment_makes_one_booking(setup):
    session, learners = setup
    in_parallel(*[_book(session, learners[0])] * 2)
    assert Booking.objects.filter(session=session, user=learners[0]).count() == 1
