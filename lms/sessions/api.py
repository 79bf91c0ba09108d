"""What higher layers (certificates, dashboards) may read about sessions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Attendance, Booking, Session, SessionPart, present_at_session


def _half_hours(seconds: float) -> Decimal:
    """Hours to the nearest half hour (0 when nothing was attended)."""
    return Decimal(round(seconds / 1800)) / 2


def attended_seconds(user, module_keys) -> float:
    """Time spent in the parts a learner attended of sessions covering any of `module_keys`.

    A part of a session covering two modules counts once.
    """
    part_ids = (
        Attendance.objects.filter(
            user=user,
            status=Attendance.Status.PRESENT,
            part__session__modules__translation_key__in=list(module_keys),
        )
        .values_list("part_id", flat=True)
        .distinct()
    )
    total = SessionPart.objects.filter(pk__in=part_ids).aggregate(
        total=Sum(ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField()))
    )["total"]
    return total.total_seconds() if total else 0.0


def in_person_hours(user, module_keys) -> Decimal:
    """Hours in sessions a learner attended, for certificates (nearest half hour)."""
    return _half_hours(attended_seconds(user, module_keys))


@dataclass(frozen=True)
class CitySessionFigures:
    """A city's in-person training in figures (aggregates only, no names)."""

    booked: int = 0
    attended: int = 0
    over: int = 0  # booked places in sessions that have ended
    no_shows: int = 0  # of those, learners present at no part
    places: int = 0  # places offered in the sessions organised for the city
    places_booked: int = 0

    @property
    def no_show_rate(self) -> int | None:
        """Percentage of booked places in ended sessions left empty; None before any ended."""
        return round(100 * self.no_shows / self.over) if self.over else None

    @property
    def places_used(self) -> int | None:
        """Percentage of the city's own sessions' places taken; None when it organised none."""
        return round(100 * self.places_booked / self.places) if self.places else None


def figures_by_city(city_ids: Iterable[int]) -> dict[int, CitySessionFigures]:
    """Per city: its learners' bookings, attendance and no-shows, and how full its own
    sessions are. Two queries whatever the number of cities, sessions and learners."""
    city_ids = list(city_ids)
    booked = Q(status=Booking.Status.BOOKED)
    ended = Q(session__ends_at__lt=timezone.now())
    learners = (
        Booking.objects.filter(booked, user__learner_profile__city_id__in=city_ids)
        .annotate(present=present_at_session())
        .values("user__learner_profile__city_id")
        .annotate(
            booked=Count("id"),
            attended=Count("id", filter=Q(present=True)),
            over=Count("id", filter=ended),
            no_shows=Count("id", filter=ended & Q(present=False)),
        )
    )
    places = (
        Session.objects.filter(city_id__in=city_ids, status=Session.Status.PUBLISHED)
        .annotate(
            taken=Coalesce(
                Subquery(
                    Booking.objects.filter(booked, session=OuterRef("pk"))
                    .values("session")
                    .annotate(n=Count("id"))
                    .values("n")
                ),
                0,
            )
        )
        .values("city_id")
        .annotate(places=Sum("capacity"), places_booked=Sum("taken"))
    )
    rows: dict[int, dict] = {city_id: {} for city_id in city_ids}
    for row in learners:
        city_id = row.pop("user__learner_profile__city_id")
        rows[city_id].update(row)
    for row in places:
        rows[row.pop("city_id")].update(row)
    return {city_id: CitySessionFigures(**values) for city_id, values in rows.items()}
