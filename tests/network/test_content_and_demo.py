"""YAML lessons may hold `in_your_city` blocks; load_demo loads the demo cards and practices."""

import pytest
from django.core.management import call_command

from courses.content_schema import _validate_lesson
from courses.loader import lesson_stream
from network.models import PracticePage, RouteCard

pytestmark = pytest.mark.django_db


def test_loader_accepts_an_in_your_city_block():
    stream = lesson_stream(
        [{"type": "in_your_city", "value": {"section": "referral"}}], "module", "lesson"
    )
    assert stream[0]["type"] == "in_your_city"
    assert stream[0]["value"] == {"section": "referral"}


def test_schema_checks_the_section():
    lesson = {
        "slug": "l",
        "title": "T",
        "summary": "S",
        "body": [
            {"type": "in_your_city", "value": {"section": "referral"}},
            {"type": "in_your_city", "value": {"section": "nowhere"}},
        ],
    }
    problems = _validate_lesson(lesson)
    assert not any("unknown block type" in p for p in problems)
    assert sum("in_your_city needs a section" in p for p in problems) == 1


def test_load_demo_loads_route_cards_and_practices(catalogue):
    call_command("load_demo", "--no-content")
    call_command("load_demo", "--no-content")  # twice: still one of each
    cards = RouteCard.objects.filter(live=True).select_related("city", "locale")
    assert sorted((c.city.slug, c.locale.language_code) for c in cards) == [
        ("brno", "en"),
        ("liege", "en"),
        ("liege", "fr"),
    ]
    for card in cards:
        text = str(card.referral_contacts.raw_data) + str(card.data_protection_contacts.raw_data)
        assert ".example" in text  # role addresses of the demo, never real people
    practices = PracticePage.objects.live()
    assert 4 <= practices.count() <= 8
    for page in practices:
        assert page.written_by_platform and page.source_title
        assert page.evaluation == "described"
        assert page.themes.exists()
