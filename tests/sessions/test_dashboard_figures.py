"""Per-city in-person figures on the city and network dashboards: booked, attended, no-shows,
places used; aggregates only."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lms.sessions import api, services
from lms.sessions.models import Booking
from tests import factories

from .conftest import client_for
from .factories import make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures_site(course, city, city_b):
    """City A: four learners booked on an ended session (one present), one waiting; a future
    session of city A's own with 10 places, 2 taken (one by a city B learner)."""
    ended = make_session(modules=[course.module], start=timezone.now() - timedelta(days=3))
    learners = [factories.LearnerFactory(profile__city=city) for _ in range(5)]
    for learner in learners[:4]:
        Booking.objects.create(session=ended, user=learner, status="booked")
    Booking.objects.create(session=ended, user=learners[4], status="waitlisted", position=1)
    services.mark(ended.parts.first(), learners[0], "present", method="register")
    own = make_session(
        modules=[course.module], start=timezone.now() + timedelta(days=10), capacity=10, city=city
    )
    Booking.objects.create(session=own, user=learners[4], status="booked")
    Booking.objects.create(
        session=own, user=factories.LearnerFactory(profile__city=city_b), status="booked"
    )
    return ended, own


def test_figures_per_city(figures_site, city, city_b, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        figures = api.figures_by_city([city.pk, city_b.pk])
    a, b = figures[city.pk], figures[city_b.pk]
    assert (a.booked, a.attended, a.over, a.no_shows) == (5, 1, 4, 3)
    assert a.no_show_rate == 75
    assert (a.places, a.places_booked, a.places_used) == (10, 2, 20)
    assert (b.booked, b.attended, b.no_show_rate, b.places_used) == (1, 0, None, None)


def test_city_dashboard_shows_the_sessions_figures(figures_site, lead, city):
    html = client_for(lead).get(f"/admin/dashboards/city/{city.pk}/").content.decode()
    text = " ".join(html.split())
    assert "In-person training sessions" in text
    assert "<dd>75%</dd>" in text  # no-show rate
    assert "20% <span" in text and "2 of 10" in text  # places used


def test_network_dashboard_compares_cities(figures_site, city, city_b):
    from tests.dashboards.factories import with_totp

    coordinator = with_totp(factories.CoordinatorFactory(username="coord"))
    html = client_for(coordinator).get("/admin/dashboards/network/").content.decode()
    section = html.split('id="sessions-heading"')[1]
    assert city.name in section and city_b.name in section
    assert "75%" in section
    # Aggregates only: no learner's name or email on the network page.
    assert "@" not in section.split("</section>")[0]
