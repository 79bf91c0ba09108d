"""Reads for the learner pages: a constant number of queries whatever the number of sessions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from wagtail.models import Locale

from courses.models import ModulePage

from .models import Booking, Session, SessionPart


@dataclass
class SessionItem:
    session: Session
    module_titles: list[str] = field(default_factory=list)
    booking: Booking | None = None

    @property
    def places_left(self) -> int:
        return max(0, self.session.capacity - getattr(self.session, "booked_count", 0))


def module_choices() -> list[tuple[str, str]]:
    """(translation key, title in the reader's language) of every live source module."""
    sources = list(
        ModulePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
        .live()
        .order_by("number")
        .values_list("translation_key", "title")
    )
    titles = _localised_titles([key for key, _title in sources])
    return [(key, titles.get(key, title)) for key, title in sources]


def _localised_titles(keys) -> dict:
    """Titles of the modules in the active language, where a translation exists (one query)."""
    locale = Locale.get_active()
    return dict(
        ModulePage.objects.filter(translation_key__in=list(keys), locale=locale).values_list(
            "translation_key", "title"
        )
    )


def listed_sessions(
    user,
    *,
    module_key=None,
    country: str = "",
    city=None,
    language: str = "",
    starting=None,
) -> list[SessionItem]:
    """Published sessions matching the filters, soonest first, with what the list shows."""
    sessions = Session.objects.published().with_counts()
    if starting:
        start = datetime.combine(starting, time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))
        sessions = sessions.filter(ends_at__gte=start)
    else:
        sessions = sessions.upcoming()
    if module_key:
        sessions = sessions.filter(modules__translation_key=module_key)
    if country:
        sessions = sessions.filter(city__country=country)
    if city is not None:
        sessions = sessions.filter(city=city)
    if language:
        sessions = sessions.in_language(language)
    sessions = sessions.select_related("city").prefetch_related(
        Prefetch("parts", queryset=SessionPart.objects.order_by("starts_at")),
        Prefetch(
            "modules",
            queryset=ModulePage.objects.order_by("number").only("id", "title", "translation_key"),
        ),
    )
    return with_details(user, list(sessions.order_by("starts_at", "pk")))


def with_details(user, sessions: list[Session]) -> list[SessionItem]:
    """Localised module titles and the reader's booking for each session (two queries)."""
    keys = {module.translation_key for session in sessions for module in session.modules.all()}
    titles = _localised_titles(keys) if keys else {}
    bookings = {}
    if user.is_authenticated and sessions:
        bookings = {
            booking.session_id: booking
            for booking in Booking.objects.filter(
                user=user, session__in=[session.pk for session in sessions]
            ).exclude(status=Booking.Status.CANCELLED)
        }
    return [
        SessionItem(
            session=session,
            module_titles=[
                titles.get(module.translation_key, module.title) for module in session.modules.all()
            ],
            booking=bookings.get(session.pk),
        )
        for session in sessions
    ]


def sessions_for_module(user, module_key) -> list[SessionItem]:
    return listed_sessions(user, module_key=module_key)


def now() -> datetime:
    return timezone.now()
