"""The "In your city" lesson block and /<lang>/my-city/: only the learner's own city's card."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Locale

from tests import factories

from .helpers import route_card, translated

pytestmark = pytest.mark.django_db

GENERIC = "has not published its route card"


@pytest.fixture
def lesson(catalogue):
    module = factories.ModulePageFactory(parent=catalogue, title="Referral", number=3)
    return factories.LessonPageFactory(
        parent=module,
        title="When to refer",
        body=[
            ("paragraph", "<p>Some text.</p>"),
            ("in_your_city", {"section": "referral"}),
            ("in_your_city", {"section": "data_protection"}),
        ],
    )


@pytest.fixture
def plain_lesson(lesson):
    return factories.LessonPageFactory(parent=lesson.get_parent(), title="Plain lesson")


def test_block_shows_the_learners_city_card(client, lesson, learner_a, city_a, city_b):
    route_card(city_a, referral_structure="Cellule de Liège")
    route_card(city_b, referral_structure="Brno team")
    client.force_login(learner_a)
    page = client.get(lesson.url).content.decode()
    assert "Cellule de Liège" in page
    assert "dpo@city.example" in page  # the second block: data protection
    assert "Brno team" not in page
    assert reverse("network:my_city") in page


def test_block_in_the_readers_language_else_the_source(client, lesson, learner_a, city_a):
    english = route_card(city_a, referral_structure="Security cell")
    french = english.copy_for_translation(Locale.objects.get(language_code="fr"))
    french.referral_structure = "Cellule de sécurité"
    french.save()
    french.save_revision().publish()
    client.force_login(learner_a)
    french_lesson = translated(lesson, "fr")
    german_lesson = translated(lesson, "de")
    assert "Cellule de sécurité" in client.get(french_lesson.url).content.decode()
    assert "Security cell" in client.get(lesson.url).content.decode()
    # German has no translation of the card: its source.
    assert "Security cell" in client.get(german_lesson.url).content.decode()


def test_block_for_a_city_without_a_card(client, lesson, learner_b, city_a):
    route_card(city_a, referral_structure="Cellule de Liège")
    client.force_login(learner_b)
    page = client.get(lesson.url).content.decode()
    assert GENERIC in page
    assert "Cellule de Liège" not in page


def test_block_ignores_unpublished_cards(client, lesson, learner_a, city_a):
    route_card(city_a, referral_structure="Draft cell", live=False)
    client.force_login(learner_a)
    page = client.get(lesson.url).content.decode()
    assert GENERIC in page and "Draft cell" not in page


def test_block_for_staff_without_a_city(client, lesson, trainer, city_a):
    route_card(city_a, referral_structure="Cellule de Liège")
    client.force_login(trainer)
    page = client.get(lesson.url).content.decode()
    assert GENERIC in page and "Cellule de Liège" not in page


def test_block_costs_one_query_however_many_blocks(client, lesson, plain_lesson, learner_a, city_a):
    route_card(city_a)
    client.force_login(learner_a)
    client.get(plain_lesson.url)  # warm caches (sites, locales, content types)
    client.get(lesson.url)
    with CaptureQueriesContext(connection) as plain:
        client.get(plain_lesson.url)
    with CaptureQueriesContext(connection) as with_blocks:
        client.get(lesson.url)
    assert len(with_blocks) - len(plain) <= 1, [q["sql"] for q in with_blocks.captured_queries]


def test_my_city_shows_only_the_learners_own_card(client, learner_a, city_a, city_b):
    route_card(city_a, referral_structure="Cellule de Liège")
    route_card(city_b, referral_structure="Brno team")
    client.force_login(learner_a)
    response = client.get(reverse("network:my_city"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Cellule de Liège" in page and "Brno team" not in page
    assert "private" in response["Cache-Control"]
    # No parameter selects another city.
    assert "Brno team" not in client.get(reverse("network:my_city") + "?city=brno").content.decode()


def test_my_city_without_a_card(client, learner_b):
    client.force_login(learner_b)
    assert GENERIC in client.get(reverse("network:my_city")).content.decode()


def test_my_city_sends_visitors_to_sign_in(client, city_a):
    route_card(city_a, referral_structure="Cellule de Liège")
    response = client.get(reverse("network:my_city"))
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_my_city_for_staff_without_a_city(client, coordinator, city_a):
    route_card(city_a, referral_structure="Cellule de Liège")
    client.force_login(coordinator)
    page = client.get(reverse("network:my_city")).content.decode()
    assert "not attached to a city" in page and "Cellule de Liège" not in page


def test_decision_aid_links_to_my_city(client, catalogue, learner_a):
    module = factories.ModulePageFactory(parent=catalogue, number=2)
    from courses.models import DecisionAid

    DecisionAid.objects.create(title="Act, consult, refer", steps=[])
    lesson = factories.LessonPageFactory(parent=module, body=[("decision_aid", None)])
    client.force_login(learner_a)
    assert reverse("network:my_city") in client.get(lesson.url).content.decode()


def test_block_shows_no_card_to_visitors(client, lesson, city_a):
    route_card(city_a, referral_structure="Cellule de Liège")
    response = client.get(lesson.url)
    if response.status_code == 200:  # lessons may be open to visitors
        page = response.content.decode()
        assert GENERIC in page and "Cellule de Liège" not in page
    else:
        assert response.status_code in (302, 403)


def _signed_in(user) -> Client:
    reader = Client()
    reader.force_login(user)
    return reader


def test_a_stored_lesson_keeps_each_city_to_its_own_card(
    lesson, learner_a, learner_b, city_a, city_b
):
    route_card(city_a, referral_structure="Cellule de Liège")
    route_card(city_b, referral_structure="Brno team")
    reader_a, reader_b = _signed_in(learner_a), _signed_in(learner_b)
    reader_a.get(lesson.url)
    stored = reader_a.get(lesson.url)  # the lesson's shared page, for learners of Liège
    assert stored["X-Page-Cache"] == "shell" and "Cellule de Liège" in stored.content.decode()
    page = reader_b.get(lesson.url).content.decode()
    assert "Brno team" in page and "Cellule de Liège" not in page
    again = reader_b.get(lesson.url)
    assert again["X-Page-Cache"] == "shell"
    assert (
        "Brno team" in again.content.decode() and "Cellule de Liège" not in again.content.decode()
    )


def test_a_published_card_reaches_stored_lessons_at_once(lesson, learner_a, city_a):
    card = route_card(city_a, referral_structure="Old cell")
    reader = _signed_in(learner_a)
    reader.get(lesson.url)
    assert reader.get(lesson.url)["X-Page-Cache"] == "shell"
    card.referral_structure = "New cell"
    card.save_revision().publish()
    page = reader.get(lesson.url).content.decode()
    assert "New cell" in page and "Old cell" not in page
