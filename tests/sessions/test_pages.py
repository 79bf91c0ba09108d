"""The sessions list (filters, constant query count), the detail page and the module page."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lms.sessions.models import Session
from tests import factories
from tests.learning.factories import make_course, translate

from .factories import make_session

pytestmark = pytest.mark.django_db

LIST = "/en/sessions/"


def test_the_list_shows_upcoming_published_sessions(client, course):
    make_session(modules=[course.module], title="Upcoming session")
    make_session(modules=[course.module], title="Draft session", status="draft")
    make_session(
        modules=[course.module],
        title="Past session",
        start=timezone.now() - timedelta(days=10),
    )
    page = client.get(LIST).content.decode()
    assert "Upcoming session" in page
    assert "Draft session" not in page and "Past session" not in page


def test_filters_by_module_city_country_language_and_date(client, catalogue, city, city_b):
    first = make_course(catalogue, number=1, slug="awareness")
    second = make_course(catalogue, number=2, slug="cooperation")
    make_session(modules=[first.module], title="Liège on one", city=city, language="fr")
    make_session(
        modules=[second.module],
        title="Bologna on two",
        city=city_b,
        language="it",
        interpretation=["en"],
        start=timezone.now() + timedelta(days=40),
    )

    def titles(query):
        page = client.get(LIST, query).content.decode()
        return {t for t in ("Liège on one", "Bologna on two") if t in page}

    assert titles({}) == {"Liège on one", "Bologna on two"}
    assert titles({"module": str(second.module.translation_key)}) == {"Bologna on two"}
    assert titles({"city": "liege"}) == {"Liège on one"}
    assert titles({"country": "IT"}) == {"Bologna on two"}
    assert titles({"language": "fr"}) == {"Liège on one"}
    assert titles({"language": "en"}) == {"Bologna on two"}  # interpretation into English
    later = (timezone.localdate() + timedelta(days=30)).isoformat()
    assert titles({"starting": later}) == {"Bologna on two"}


def test_list_query_count_is_constant(client, learner, course, city):
    """The list costs the same number of queries for one session or nine (each with parts,
    modules, counts and the learner's booking)."""
    client.force_login(learner)
    first = make_session(modules=[course.module], city=city, parts=2)
    client.post(reverse("training_sessions:book", args=[first.pk]))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST).status_code == 200
        return len(queries)

    count()  # warm the per-process caches (site, locales)
    few = count()
    for n in range(8):
        make_session(modules=[course.module], city=city, parts=3, title=f"More {n}")
    assert count() == few
    assert few <= 15


def test_dates_are_shown_in_the_venue_time_zone(client, course):
    start = datetime(2031, 3, 4, 9, 30, tzinfo=ZoneInfo("Europe/Athens"))
    session = make_session(modules=[course.module], start=start, time_zone="Europe/Athens")
    page = client.get(reverse("training_sessions:detail", args=[session.pk])).content.decode()
    assert "09:30" in page and "12:30" in page and "Europe/Athens" in page
    assert session.starts_at == start  # stored aware: 07:30 UTC
    assert session.starts_at.astimezone(ZoneInfo("UTC")).hour == 7


def test_the_module_page_lists_its_sessions_in_every_language(client, course):
    make_session(modules=[course.module], title="Session on awareness")
    other = make_course(factories.catalogue(), number=2, slug="other")
    make_session(modules=[other.module], title="Session on something else")
    page = client.get(course.module.url).content.decode()
    assert "Training sessions" in page
    assert "Session on awareness" in page and "Session on something else" not in page
    french = translate(course.module)
    page = client.get(french.url).content.decode()
    assert "Session on awareness" in page


def test_the_online_link_is_only_for_learners_with_a_place(client, learner, course):
    session = make_session(
        modules=[course.module], venue_address="", online_url="https://meet.example.org/liaise"
    )
    url = reverse("training_sessions:detail", args=[session.pk])
    assert "meet.example.org" not in client.get(url).content.decode()
    client.force_login(learner)
    client.post(reverse("training_sessions:book", args=[session.pk]))
    assert "meet.example.org" in client.get(url).content.decode()


def test_learner_pages_have_no_inline_script_or_style(client, learner, course):
    session = make_session(modules=[course.module])
    client.force_login(learner)
    for url in (
        LIST,
        reverse("training_sessions:detail", args=[session.pk]),
        reverse("training_sessions:mine"),
        reverse("training_sessions:check_in"),
    ):
        page = client.get(url).content.decode()
        assert "<script>" not in page and "style=" not in page and "<style" not in page, url


def test_session_clean_needs_an_address_or_a_link():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        Session(title="Nowhere", venue_address="", online_url="").clean()


def test_my_learning_links_to_the_learner_sessions(learner_client):
    page = learner_client.get("/en/my-learning/").content.decode()
    assert 'href="/en/sessions/mine/"' in page and 'href="/en/sessions/check-in/"' in page
