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


def test_placing_an_in_your_city_block_keys_no_other_block_anew():
    """Answers and translations are keyed by block id: adding a card section to a lesson must
    not re-key the blocks after it."""
    body = [
        {"type": "heading", "value": "One"},
        {"type": "paragraph", "value": "<p>Two</p>"},
    ]
    before = lesson_stream(body, "module", "lesson")
    card = {"type": "in_your_city", "value": {"section": "referral"}}
    after = lesson_stream([body[0], card, body[1]], "module", "lesson")
    assert [b["id"] for b in after if b["type"] != "in_your_city"] == [b["id"] for b in before]


def test_every_module_places_the_route_card_where_lessons_turn_on_local_arrangements():
    from courses.content_schema import load_module, module_files

    placed = {
        (module["number"], block["value"]["section"])
        for module in map(load_module, module_files())
        for lesson in module["lessons"]
        for block in lesson["body"]
        if block["type"] == "in_your_city"
    }
    assert {number for number, _section in placed} == {1, 2, 3, 4, 5, 6}
    sections = {section for _number, section in placed}
    assert {"referral", "emergency", "advice", "data_protection", "strategy"} <= sections


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
    lesson["body"][1]["value"]["section"] = "referral"
    assert any("appears once per lesson" in p for p in _validate_lesson(lesson))


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


def test_lessons_and_cards_with_network_content_can_be_translated(catalogue):
    from wagtail.models import Locale
    from wagtail_localize.models import TranslationSource

    from tests import factories
    from tests.network.helpers import route_card

    module = factories.ModulePageFactory(parent=catalogue, number=2)
    lesson = factories.LessonPageFactory(
        parent=module, body=[("in_your_city", {"section": "advice"})]
    )
    city = factories.CityFactory(slug="translated-city")
    card = route_card(city, referral_structure="Security cell")
    french = Locale.objects.get(language_code="fr")
    for obj in (card, lesson):
        source, _created = TranslationSource.get_or_create_from_instance(obj)
        texts = {segment.string.data for segment in source.stringsegment_set.all()}
        if obj is card:
            assert "Security cell" in texts
            assert "prevention@city.example" not in texts  # contact data is not prose
        assert source.object_id == obj.translation_key
    translated_card, _ = TranslationSource.get_or_create_from_instance(card)[
        0
    ].create_or_update_translation(french, fallback=True)
    assert translated_card.city_id == city.pk  # the city is synchronised, not translated
