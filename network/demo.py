"""Demo route cards (Liège, Brno) and the first practices of the exchange, for `load_demo`.

The route cards are invented demo data with `.example` role addresses. The practices describe, in
the platform's own words, initiatives published by Efus and the Council of Europe's Congress
(the documents in /work/shared/seeds/); each names its source and says it was written by us.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from wagtail.models import Locale, Page, Site

from lms.models import City

from .models import (
    Evaluation,
    PracticeIndexPage,
    PracticePage,
    PracticeStatus,
    PracticeTheme,
    RouteCard,
    TargetGroup,
)

DEMO = "DEMO DATA: invented for the demonstration site; replace with your city's real contacts."


def _contact(role: str, email: str = "", phone: str = "", hours: str = "") -> tuple:
    return ("contact", {"role": role, "email": email, "phone": phone, "hours": hours})


ROUTE_CARDS = {
    "liege": {
        "en": {
            "emergency_numbers": [
                ("number", {"number": "112", "label": "Immediate danger: police, ambulance, fire"}),
                ("number", {"number": "101", "label": "Police (Belgium)"}),
            ],
            "emergency_note": DEMO,
            "referral_structure": "Local integrated security cell on radicalisation (demo)",
            "referral_steps": [
                ("step", "Talk to your line manager or designated lead the same day."),
                ("step", "Together, write down the facts you observed, without opinions."),
                ("step", "Your manager contacts the prevention service, which convenes the cell."),
                ("step", "The cell decides who supports the person; you hear back."),
            ],
            "referral_contacts": [
                _contact("Prevention service, duty desk", "prevention@liege.example", "", "Mon-Fri")
            ],
            "advice_lines": [
                _contact("Radicalisation advice line for professionals", "advice@liege.example")
            ],
            "data_protection_contacts": [
                _contact("Data protection officer of the city", "dpo@liege.example")
            ],
            "strategy_summary": "Local prevention plan (demo): " + DEMO,
            "training_contacts": [_contact("Training unit", "training@liege.example")],
        },
        "fr": {
            "emergency_numbers": [
                (
                    "number",
                    {"number": "112", "label": "Danger immédiat : police, ambulance, pompiers"},
                ),
                ("number", {"number": "101", "label": "Police (Belgique)"}),
            ],
            "emergency_note": "DONNÉES DE DÉMONSTRATION : inventées pour le site de démonstration.",
            "referral_structure": "Cellule de sécurité intégrée locale radicalisme (démo)",
            "referral_steps": [
                ("step", "Parlez-en le jour même à votre responsable ou à la personne désignée."),
                ("step", "Notez ensemble les faits observés, sans opinions."),
                (
                    "step",
                    "Votre responsable contacte le service de prévention, qui réunit la cellule.",
                ),
                ("step", "La cellule décide qui accompagne la personne ; vous êtes tenu informé."),
            ],
            "referral_contacts": [
                _contact(
                    "Service de prévention, permanence", "prevention@liege.example", "", "lun-ven"
                )
            ],
            "advice_lines": [_contact("Ligne d'appui aux professionnels", "advice@liege.example")],
            "data_protection_contacts": [
                _contact("Délégué à la protection des données de la ville", "dpo@liege.example")
            ],
            "strategy_summary": "Plan local de prévention (démo).",
            "training_contacts": [_contact("Cellule formation", "training@liege.example")],
        },
    },
    "brno": {
        "en": {
            "emergency_numbers": [
                ("number", {"number": "112", "label": "Immediate danger: police, ambulance, fire"}),
                ("number", {"number": "158", "label": "Police (Czechia)"}),
            ],
            "emergency_note": DEMO,
            "referral_structure": "Municipal multi-agency prevention team (demo)",
            "referral_steps": [
                ("step", "Talk to your line manager the same day."),
                ("step", "Your manager contacts the crime prevention office."),
            ],
            "referral_contacts": [_contact("Crime prevention office", "prevention@brno.example")],
            "advice_lines": [],
            "data_protection_contacts": [
                _contact("Data protection officer of the city", "dpo@brno.example")
            ],
            "strategy_summary": "",
            "training_contacts": [],
        },
    },
}

SOURCE_EFUS = (
    "Efus, “Preventing and fighting radicalisation leading to violent extremism: "
    "the central role of local authorities” (2016)"
)
SOURCE_AARHUS = (
    "Congress of Local and Regional Authorities of the Council of Europe and Efus, "
    "Aarhus conference final declaration and conclusions (18 November 2015); "
    "Summit of Mayors invitation, Barcelona (2017)"
)

PRACTICES = [
    {
        "slug": "liaise-training-programme",
        "title": "LIAISE: a training programme built with ten cities",
        "summary": (
            "From 2014 to 2016, ten cities in six countries and their partners built, with the "
            "European Forum for Urban Security, a training programme on preventing violent "
            "radicalisation for local stakeholders."
        ),
        "country": "",
        "target_group": TargetGroup.PRACTITIONERS,
        "themes": [1, 2, 3, 4, 5, 6],
        "approach": (
            "<p>Training tailored to the needs of local actors, covering both the prevention of "
            "radicalisation and disengagement, exchanged between cities rather than taught from "
            "above.</p>"
        ),
        "activities": (
            "<p>Two-day training sessions for the partner cities (Augsburg, Brussels, "
            "Düsseldorf, L'Hospitalet, Liège, Malmö, Montreuil, Reggio Emilia, Sarcelles, "
            "Vilvoorde) with the Institute for Strategic Dialogue and Ufuq, on raising "
            "awareness, drafting a local strategy, disengagement, communication and "
            "counter-narratives, support to families and resilience in schools.</p>"
        ),
        "results": "<p>Training modules published as a toolkit for European local authorities; "
        "they are the origin of this platform's six modules.</p>",
        "start_date": datetime.date(2014, 9, 1),
        "status": PracticeStatus.COMPLETED,
        "languages": ["en", "fr", "de", "es", "it", "nl", "sv"],
        "contact_role": "European Forum for Urban Security (Efus), secretariat",
        "source_title": SOURCE_EFUS,
    },
    {
        "slug": "liaise-2-pilot-initiatives",
        "title": "LIAISE 2: local strategies and pilot initiatives in 17 cities",
        "summary": (
            "From 2016 to 2018, 28 partner institutions from 11 countries formed a European "
            "network of local authorities to train local stakeholders and support local "
            "prevention strategies with pilot initiatives."
        ),
        "country": "",
        "target_group": TargetGroup.LOCAL_AUTHORITIES,
        "themes": [1, 2],
        "approach": (
            "<p>Prevention of violent radicalisation integrated into each city's crime "
            "prevention strategy, with training and pilot projects rather than new "
            "structures.</p>"
        ),
        "activities": (
            "<p>Training sessions for about 200 local stakeholders, support to local "
            "strategies, pilot initiatives in the 17 partner cities, and political "
            "recommendations for the local, national and European levels.</p>"
        ),
        "results": "",
        "start_date": datetime.date(2016, 1, 1),
        "status": PracticeStatus.COMPLETED,
        "languages": ["en", "fr", "de", "es", "it", "nl", "pt", "el", "cs", "sv"],
        "contact_role": "European Forum for Urban Security (Efus), secretariat",
        "source_title": SOURCE_EFUS,
    },
    {
        "slug": "french-cities-training",
        "title": "Training French cities to include radicalisation in local prevention",
        "summary": (
            "Efus and the French Forum for Urban Security, with the French inter-ministerial "
            "committee for crime prevention, trained French cities to assess radicalisation and "
            "include it in their local crime prevention strategies."
        ),
        "country": "FR",
        "target_group": TargetGroup.LOCAL_AUTHORITIES,
        "themes": [1, 2],
        "approach": (
            "<p>Help cities assess the problem and their own role, inform them about existing "
            "schemes, and support them so that radicalisation becomes part of the local crime "
            "prevention strategy.</p>"
        ),
        "activities": (
            "<p>Training sessions on radicalisation for French local and regional authorities, "
            "organised with the French Forum for Urban Security.</p>"
        ),
        "results": "",
        "start_date": None,
        "status": PracticeStatus.ONGOING,
        "languages": ["fr"],
        "contact_role": "French Forum for Urban Security, secretariat",
        "source_title": SOURCE_EFUS,
    },
    {
        "slug": "alliance-summit-of-mayors",
        "title": "Alliance of European Cities against Violent Extremism: the Summit of Mayors",
        "summary": (
            "Since the Aarhus conference of 2015, mayors and local representatives meet every "
            "year to exchange experience on preventing violent extremism, with the Congress of "
            "the Council of Europe and Efus."
        ),
        "country": "",
        "target_group": TargetGroup.LOCAL_AUTHORITIES,
        "themes": [2],
        "approach": (
            "<p>Build on existing networks and activities rather than a new institution; "
            "political exchange between elected officials, then technical exchange.</p>"
        ),
        "activities": (
            "<p>A conference in Aarhus (2015) hosted by the mayors of Aarhus and Rotterdam, whose "
            "final declaration asked for a digital platform to exchange initiatives, then Summits "
            "of Mayors in Rotterdam (2016) and Barcelona (2017) with field visits.</p>"
        ),
        "results": "",
        "start_date": datetime.date(2015, 11, 18),
        "status": PracticeStatus.ONGOING,
        "languages": ["en", "fr", "es"],
        "contact_role": "Congress of Local and Regional Authorities, secretariat",
        "source_title": SOURCE_AARHUS,
    },
]


def _publish(obj) -> None:
    obj.save_revision().publish()


def load_route_cards() -> int:
    """The Liège (English and French) and Brno (English) demo cards; idempotent."""
    count = 0
    for slug, versions in ROUTE_CARDS.items():
        city = City.objects.filter(slug=slug).first()
        if city is None:
            continue
        source = None
        for language, fields in versions.items():
            locale = Locale.objects.filter(language_code=language).first()
            if locale is None:
                continue
            card = RouteCard.objects.filter(city=city, locale=locale).first()
            if card is None:
                if source is None:
                    card = RouteCard(city=city, locale=locale)
                else:
                    card = source.copy_for_translation(locale)
            for name, value in fields.items():
                setattr(card, name, value)
            card.last_reviewed = datetime.date(2026, 1, 15)
            card.save()
            _publish(card)
            source = source or card
            count += 1
    return count


def practice_index() -> PracticeIndexPage | None:
    """The practice exchange under the English catalogue (and its existing translations)."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return None
    root = site.root_page
    index = PracticeIndexPage.objects.child_of(root).first()
    if index is None:
        index = PracticeIndexPage(
            title="Practices",
            slug="practices",
            intro="<p>Local initiatives the cities of the network publish for each other.</p>",
        )
        root.add_child(instance=index)
        _publish(index)
    for translation in root.get_translations():
        if not PracticeIndexPage.objects.child_of(translation).exists():
            copy = index.copy_for_translation(translation.locale)
            _publish(copy)
    return index


@transaction.atomic
def load_practices() -> int:
    index = practice_index()
    if index is None:
        return 0
    for data in PRACTICES:
        data = dict(data)
        themes = data.pop("themes")
        page = PracticePage.objects.child_of(index).filter(slug=data["slug"]).first()
        if page is None:
            page = PracticePage(evaluation=Evaluation.DESCRIBED, written_by_platform=True, **data)
            page.themes = [PracticeTheme(module_number=number) for number in themes]
            index.add_child(instance=page)
        else:
            for name, value in data.items():
                setattr(page, name, value)
            page.themes = [PracticeTheme(module_number=number) for number in themes]
            page.save()
        _publish(page)
    return len(PRACTICES)


def load_network_demo() -> None:
    load_route_cards()
    if Page.objects.filter(depth=2).exists():
        load_practices()
