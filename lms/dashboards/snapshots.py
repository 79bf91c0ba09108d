"""Dashboard figures kept per city in `CitySnapshot`, refreshed by Celery beat.

The figures themselves come from `queries.figures_by_city` and `monthly_completions_by_city`
(tested against the raw rows); this module only stores them, reads them back, and decides when
they are too old. A snapshot older than `DASHBOARD_SNAPSHOT_MAX_AGE` seconds, or computed for
another set of modules, is recomputed while the reader waits, so a stopped beat makes the
dashboards slower, never wrong by more than that age.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from lms.models import City
from lms.sessions import api as sessions_api

from . import queries
from .models import CitySnapshot
from .modules import Module, programme_modules


def max_age() -> timedelta:
    return timedelta(seconds=getattr(settings, "DASHBOARD_SNAPSHOT_MAX_AGE", 15 * 60))


def _month(day: date) -> str:
    return f"{day:%Y-%m}"


def serialize(figures: queries.CityFigures, months: dict[date, int]) -> dict:
    return {
        "keys": [str(item.module.key) for item in figures.modules],
        "registered": figures.registered,
        "active": figures.active,
        "module_certificates": figures.module_certificates,
        "programme_certificates": figures.programme_certificates,
        "funnel": figures.funnel,
        "modules": {
            str(item.module.key): {
                "enrolled": item.enrolled,
                "in_progress": item.in_progress,
                "completed": item.completed,
                "scored": item.scored,
                "passed": item.passed,
                "average_best": None if item.average_best is None else str(item.average_best),
            }
            for item in figures.modules
        },
        "months": {_month(day): count for day, count in months.items() if count},
        "sessions": asdict(figures.sessions),
    }


def deserialize(
    city_id: int, data: dict, modules: Sequence[Module], now: datetime | None = None
) -> tuple[queries.CityFigures, list[tuple[date, int]]]:
    """The figures and the last twelve months of completions, titled with today's `modules`."""
    items = []
    for module in modules:
        values = dict(data["modules"].get(str(module.key), {}))
        average = values.pop("average_best", None)
        items.append(
            queries.ModuleFigures(
                module=module,
                average_best=None if average is None else Decimal(average),
                **values,
            )
        )
    figures = queries.CityFigures(
        city_id=city_id,
        modules=items,
        registered=data["registered"],
        active=data["active"],
        module_certificates=data["module_certificates"],
        programme_certificates=data["programme_certificates"],
        funnel=list(data["funnel"]),
        sessions=sessions_api.CitySessionFigures(**data["sessions"]),
    )
    months = [
        (start, data["months"].get(_month(start), 0)) for start in queries.month_starts(12, now)
    ]
    return figures, months


def refresh_snapshots(city_ids: Sequence[int] | None = None, now: datetime | None = None) -> int:
    """Recompute the snapshots of `city_ids` (all cities when None): eight aggregate queries and
    one upsert, whatever the number of cities. Returns the number of cities refreshed."""
    now = now or timezone.now()
    if city_ids is None:
        city_ids = list(City.objects.values_list("pk", flat=True))
    city_ids = list(city_ids)
    if not city_ids:
        return 0
    modules = programme_modules(settings.LANGUAGE_CODE)
    figures = queries.figures_by_city(city_ids, modules, now)
    months = queries.monthly_completions_by_city(city_ids, 12, now)
    for city_id, sessions in sessions_api.figures_by_city(city_ids).items():
        figures[city_id].sessions = sessions
    CitySnapshot.objects.bulk_create(
        [
            CitySnapshot(
                city_id=city_id,
                computed_at=now,
                figures=serialize(figures[city_id], months.get(city_id, {})),
            )
            for city_id in city_ids
        ],
        update_conflicts=True,
        unique_fields=["city"],
        update_fields=["computed_at", "figures"],
    )
    return len(city_ids)


def _snapshot_of(city: City) -> CitySnapshot | None:
    try:
        return city.dashboard_snapshot
    except CitySnapshot.DoesNotExist:
        return None


def _is_fresh(snapshot: CitySnapshot | None, modules: Sequence[Module], now: datetime) -> bool:
    return (
        snapshot is not None
        and snapshot.computed_at >= now - max_age()
        and snapshot.figures.get("keys") == [str(module.key) for module in modules]
        and "sessions" in snapshot.figures  # computed before the sessions' figures existed
    )


def figures_of(
    cities: Sequence[City], modules: Sequence[Module], now: datetime | None = None
) -> dict[int, tuple[queries.CityFigures, list[tuple[date, int]], datetime]]:
    """City id -> (figures, monthly completions, computed at) for `cities`.

    Read from `city.dashboard_snapshot` (load the cities with `select_related`); missing or
    stale snapshots are recomputed first, all in one go.
    """
    now = now or timezone.now()
    stale = [city.pk for city in cities if not _is_fresh(_snapshot_of(city), modules, now)]
    snapshots = {city.pk: _snapshot_of(city) for city in cities}
    if stale:
        refresh_snapshots(stale, now)
        snapshots.update(
            (snapshot.city_id, snapshot) for snapshot in CitySnapshot.objects.filter(city__in=stale)
        )
    result = {}
    for city in cities:
        snapshot = snapshots[city.pk]
        assert snapshot is not None  # a missing snapshot is stale, so it was computed above
        figures, months = deserialize(city.pk, snapshot.figures, modules, now)
        result[city.pk] = (figures, months, snapshot.computed_at)
    return result
