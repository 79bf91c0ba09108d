"""Building route cards and practices, and the admin form data that edits them."""

from __future__ import annotations

import datetime

from wagtail.models import Locale
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from network.models import PracticeIndexPage, PracticePage, PracticeTheme, RouteCard
from tests import factories


def contact(role: str, email: str = "") -> tuple:
    return (
        "contact",
        {"role": role, "email": email, "phone": "", "url": "", "hours": "", "note": ""},
    )


def route_card(city, language: str = "en", *, live: bool = True, **fields) -> RouteCard:
    values = {
        "emergency_numbers": [("number", {"number": "112", "label": "Immediate danger"})],
        "referral_structure": "Local integrated security cell",
        "referral_steps": [("step", "Talk to your line manager the same day.")],
        "referral_contacts": [contact("Prevention duty desk", "prevention@city.example")],
        "advice_lines": [contact("Advice line for professionals")],
        "data_protection_contacts": [contact("Data protection officer", "dpo@city.example")],
        "strategy_summary": "The local prevention plan.",
        "training_contacts": [contact("Training unit")],
        "last_reviewed": datetime.date.today(),
        **fields,
    }
    card = RouteCard(city=city, locale=Locale.objects.get(language_code=language), **values)
    card.live = live
    card.save()
    revision = card.save_revision()
    if live:
        revision.publish()
    return card


def card_form_data(city, **overrides) -> dict:
    data = {
        "city": city.pk,
        "emergency_numbers": streamfield([("number", {"number": "112", "label": "Danger"})]),
        "emergency_note": "",
        "referral_structure": "Security cell",
        "referral_steps": streamfield([("step", "Call the prevention service.")]),
        "referral_contacts": streamfield(
            [
                (
                    "contact",
                    {
                        "role": "Prevention desk",
                        "phone": "",
                        "email": "p@city.example",
                        "url": "",
                        "hours": "",
                        "note": "",
                    },
                )
            ]
        ),
        "advice_lines": streamfield([]),
        "data_protection_contacts": streamfield([]),
        "strategy_summary": "",
        "strategy_documents": streamfield([]),
        "training_contacts": streamfield([]),
        "last_reviewed": "2026-01-15",
        **overrides,
    }
    return nested_form_data(data)


def practice_index() -> PracticeIndexPage:
    catalogue = factories.catalogue()
    index = PracticeIndexPage.objects.child_of(catalogue).first()
    if index is None:
        index = PracticeIndexPage(title="Practices", slug="practices")
        catalogue.add_child(instance=index)
        index.save_revision().publish()
    return index


def practice(parent, *, title: str, city=None, themes=(1,), live: bool = True, **fields):
    values = {
        "summary": "What the city did.",
        "target_group": "young_people",
        "approach": "<p>An approach.</p>",
        "activities": "<p>Activities.</p>",
        "country": city.country if city else "BE",
        **fields,
    }
    page = PracticePage(title=title, city=city, **values)
    page.themes = [PracticeTheme(module_number=n) for n in themes]
    page.live = live
    parent.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
    return page


def practice_form_data(city, title: str = "Youth mentoring", **overrides) -> dict:
    data = {
        "title": title,
        "slug": title.lower().replace(" ", "-"),
        "summary": "Mentors for young people.",
        "city": city.pk if city else "",
        "country": "",
        "target_group": "young_people",
        "themes": inline_formset([{"module_number": 3}]),
        "approach": rich_text("<p>Mentoring.</p>"),
        "activities": rich_text("<p>Twelve mentors trained.</p>"),
        "results": rich_text(""),
        "evaluation": "described",
        "evaluation_details": rich_text(""),
        "resources": streamfield([]),
        "start_date": "",
        "status": "ongoing",
        "languages": "[]",
        "contact_role": "Youth service",
        "contact_email": "",
        "contact_url": "",
        "source_title": "",
        "source_url": "",
        "seo_title": "",
        "search_description": "",
        "comments": inline_formset([]),
        **overrides,
    }
    return nested_form_data(data)


def translated(page, language: str):
    """A published translation of `page`, with any missing ancestors translated and published."""
    locale = Locale.objects.get(language_code=language)
    copy = page.copy_for_translation(locale, copy_parents=True)
    copy.save_revision().publish()
    for ancestor in copy.get_ancestors().filter(depth__gt=1).specific():
        if not ancestor.live:
            ancestor.save_revision().publish()
    return copy
