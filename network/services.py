"""Use cases of the network app: whose card a reader sees, browsing practices, reminders."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import CharField, Exists, ExpressionWrapper, F, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from wagtail.models import PageViewRestriction

from lms.models import City, CityLeadAssignment, Country

from .models import (
    REMINDER_INTERVAL,
    REVIEW_INTERVAL,
    Evaluation,
    ModuleTheme,
    PracticePage,
    RouteCard,
    RouteCardReminder,
    TargetGroup,
)

logger = logging.getLogger(__name__)
_UNSET = object()
PRACTICES_PER_PAGE = 20


# Route cards --------------------------------------------------------------------------------


def pick_translation(cards: list[RouteCard], language: str | None = None) -> RouteCard | None:
    """The card in `language`, else in the default language, else the first one written."""
    if not cards:
        return None
    language = language or get_language()
    by_language = {card.locale.language_code: card for card in cards}
    return (
        by_language.get(language)
        or by_language.get(settings.LANGUAGE_CODE)
        or min(cards, key=lambda card: card.pk)
    )


def live_card_for_city(city: City | int, language: str | None = None) -> RouteCard | None:
    """The city's published card in the reader's language (else its source): one query."""
    city_id = city if isinstance(city, int) else city.pk
    cards = list(RouteCard.objects.filter(city_id=city_id, live=True).select_related("locale"))
    return pick_translation(cards, language)


def route_card_for_request(request) -> RouteCard | None:
    """The signed-in learner's city's published card; one query per request, however many
    "In your city" blocks a lesson holds. None for visitors and for people without a city."""
    cached = getattr(request, "_network_route_card", _UNSET)
    if cached is not _UNSET:
        return cached
    card = None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        cards = list(
            RouteCard.objects.filter(live=True, city__learners__user=user).select_related(
                "locale", "city"
            )
        )
        card = pick_translation(cards)
    request._network_route_card = card
    return card


STATUS_CACHE_KEY = "network:route-card-statuses:v1"


def card_statuses() -> dict[int, dict[str, Any]]:
    """Every city's card status, from the cache (one query when cold, for all cities at once).

    Cleared whenever a card is saved or deleted (signals.py); a city that is not there has no
    card. The dashboards' query budget stays the same however many cities there are.
    """
    statuses = cache.get(STATUS_CACHE_KEY)
    if statuses is not None:
        return statuses
    by_city: dict[int, list[RouteCard]] = defaultdict(list)
    for card in RouteCard.objects.select_related("locale"):
        by_city[card.city_id].append(card)
    statuses = {}
    for city_id, cards in by_city.items():
        card = pick_translation([c for c in cards if c.live], settings.LANGUAGE_CODE)
        statuses[city_id] = {
            "live": card is not None,
            "complete": bool(card and card.is_complete),
            "last_reviewed": card.last_reviewed if card else None,
        }
    cache.set(STATUS_CACHE_KEY, statuses, 3600)
    return statuses


def card_status(city: City) -> dict[str, Any]:
    """For the city dashboard: is there a published card, is it complete, when reviewed."""
    status = card_statuses().get(city.pk)
    if status is None:
        return {"exists": False, "live": False, "complete": False, "last_reviewed": None}
    today = timezone.localdate()
    last = status["last_reviewed"]
    return {
        **status,
        "exists": True,
        "review_due": status["live"] and (last is None or today - last > REVIEW_INTERVAL),
    }


def _lead_language(user, city: City) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    for candidate in (
        getattr(getattr(user, "learner_profile", None), "preferred_language", None),
        getattr(getattr(user, "wagtail_userprofile", None), "preferred_language", None),
        *(city.languages or []),
    ):
        if candidate in codes:
            return candidate
    return settings.LANGUAGE_CODE


def remind_out_of_date_cards(now: datetime | None = None) -> int:
    """Email the leads of every city whose published card was not reviewed for a year.

    At most one reminder per city per REMINDER_INTERVAL; returns the number of emails sent.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    cards: dict[int, RouteCard] = {}
    for card in RouteCard.objects.filter(live=True).select_related("city", "locale"):
        cards.setdefault(card.city_id, card)
    for city_id, card in cards.items():
        if not card.review_due(today):
            continue
        with transaction.atomic():
            reminder = RouteCardReminder.objects.select_for_update().filter(city_id=city_id).first()
            if reminder and now - reminder.sent_at < REMINDER_INTERVAL:
                continue
            leads = CityLeadAssignment.objects.filter(city_id=city_id).select_related(
                "user", "user__learner_profile", "user__wagtail_userprofile"
            )
            for assignment in leads:
                user = assignment.user
                if not user.email or not user.is_active:
                    continue
                with translation.override(_lead_language(user, card.city)):
                    context = {
                        "city": card.city,
                        "card": card,
                        "edit_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
                        + reverse("wagtailsnippets_network_routecard:edit", args=[card.pk]),
                    }
                    subject = render_to_string(
                        "network/email/review_reminder_subject.txt", context
                    ).strip()
                    body = render_to_string("network/email/review_reminder.txt", context)
                send_mail(subject, body, None, [user.email])
                sent += 1
            RouteCardReminder.objects.update_or_create(city_id=city_id, defaults={"sent_at": now})
    return sent


# Practices ----------------------------------------------------------------------------------


def _choice(value: str | None, choices) -> str:
    valid = {str(code) for code, _label in choices}
    return value if value in valid else ""


def practices_in_language(language: str | None = None):
    """Published practices, each once: in `language` when translated, else its first version.

    Built with subqueries, so filters and pagination still run as one query.
    """
    language = language or get_language()
    live = PracticePage.objects.live()
    translated = live.filter(
        translation_key=OuterRef("translation_key"), locale__language_code=language
    )
    earlier = live.filter(translation_key=OuterRef("translation_key"), pk__lt=OuterRef("pk"))
    # Wagtail's .public() reads every view restriction first (one more query per list).
    restricted = PageViewRestriction.objects.annotate(
        practice_path=ExpressionWrapper(OuterRef("path"), output_field=CharField())
    ).filter(practice_path__startswith=F("page__path"))
    return PracticePage.objects.live().filter(
        Q(locale__language_code=language) | (~Exists(translated) & ~Exists(earlier)),
        ~Exists(restricted),
    )


def browse_practices(request, index) -> dict[str, Any]:
    """The practices, filtered and searched, in the reader's language; constant queries."""
    params = request.GET
    filters = {
        "theme": _choice(params.get("theme"), ModuleTheme.choices),
        "country": _choice(params.get("country"), Country.choices),
        "target_group": _choice(params.get("target_group"), TargetGroup.choices),
        "evaluation": _choice(params.get("evaluation"), Evaluation.choices),
    }
    query = (params.get("q") or "").strip()[:200]
    practices = practices_in_language(index.locale.language_code)
    if filters["theme"]:
        practices = practices.filter(themes__module_number=int(filters["theme"]))
    if filters["country"]:
        practices = practices.filter(country=filters["country"])
    if filters["target_group"]:
        practices = practices.filter(target_group=filters["target_group"])
    if filters["evaluation"]:
        practices = practices.filter(evaluation=filters["evaluation"])
    if query:
        # Wagtail search (PostgreSQL full text in production, see settings): it filters on
        # indexed fields only, so the other filters apply to its matches here.
        found = PracticePage.objects.live().search(query)
        practices = practices.filter(pk__in=[page.pk for page in found])
    practices = (
        practices.select_related("city", "locale").prefetch_related("themes").order_by("title")
    )
    paginator = Paginator(practices, PRACTICES_PER_PAGE)
    page_obj = paginator.get_page(params.get("page"))
    return {
        "practices": page_obj,
        "filters": filters,
        "query": query,
        "filtered": bool(query or any(filters.values())),
        "theme_choices": ModuleTheme.choices,
        "country_choices": Country.choices,
        "target_group_choices": TargetGroup.choices,
        "evaluation_choices": Evaluation.choices,
    }


def practices_for_module(number: int, limit: int = 3) -> list[PracticePage]:
    """Published practices on a module's topic, in the reader's language: one query."""
    return list(
        practices_in_language()
        .filter(themes__module_number=number)
        .select_related("locale", "city")
        .order_by("-first_published_at", "pk")[:limit]
    )


def translate_card(card: RouteCard, locale, user=None) -> RouteCard:
    """A draft copy of `card` in `locale` for its lead to translate in wagtail-localize's editor
    (untranslated text stays in the source language until then); it goes live only through the
    coordinators' approval, like any change to a card. Returns the existing copy if there is one.
    """
    from wagtail_localize.models import Translation, TranslationSource

    existing = card.get_translation_or_none(locale)
    if existing is not None:
        return existing
    source, _created = TranslationSource.get_or_create_from_instance(card)
    copy, _created = source.create_or_update_translation(
        locale, user=user, publish=False, fallback=True
    )
    Translation.objects.get_or_create(source=source, target_locale=locale)
    return copy
