"""Who may see what: aggregates of a city, or its individual learners.

A lead of city A asking for city B's id gets 404, as if the city did not exist for them; a user
without the dashboard permission gets 403. Individual learner data (report, exports,
invitations) is shown only to the city's assigned leads, never to coordinators or superusers
who do not lead that city (the issue's privacy rule); aggregates follow `City.objects.led_by`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Subquery, Value
from django.http import Http404

from lms.models import City, CityLeadAssignment

if TYPE_CHECKING:
    from django.contrib.auth.models import User

VIEW_CITY = "lms.view_city_dashboard"
VIEW_NETWORK = "lms.view_network_dashboard"


def aggregate_cities(
    user: User, *, snapshots: bool = False, target_year: int | None = None
) -> list[City]:
    """Cities whose figures `user` may see, name order (one query); 403 without the permission.

    `snapshots` joins each city's dashboard snapshot; `target_year` annotates `target` (that
    year's programme target or None): still one query.
    """
    if not user.has_perm(VIEW_CITY):
        raise PermissionDenied
    assigned = CityLeadAssignment.objects.filter(city=OuterRef("pk"), user=user.pk)
    cities = City.objects.led_by(user).annotate(is_led_by_user=Exists(assigned))
    if snapshots:
        cities = cities.select_related("dashboard_snapshot")
    if target_year is not None:
        from .models import ProgrammeTarget

        target = ProgrammeTarget.objects.filter(city=OuterRef("pk"), year=target_year)
        cities = cities.annotate(target=Subquery(target.values("trained_target")[:1]))
    return list(cities.order_by("name"))


def individual_cities(user: User) -> list[City]:
    """Cities whose individual learners `user` may see: only those they are assigned to lead."""
    if not user.has_perm(VIEW_CITY):
        raise PermissionDenied
    return list(
        City.objects.filter(lead_assignments__user=user)
        .annotate(is_led_by_user=Value(True))
        .order_by("name")
    )


def pick_individual(user: User, city_id: int, **annotations: Any) -> City:
    """One city whose learners `user` may see, with `annotations`, in one query; else 404."""
    if not user.has_perm(VIEW_CITY):
        raise PermissionDenied
    city = (
        City.objects.filter(pk=city_id, lead_assignments__user=user)
        .annotate(is_led_by_user=Value(True), **annotations)
        .first()
    )
    if city is None:
        raise Http404
    return city


def pick(cities: list[City], city_id: int) -> City:
    for city in cities:
        if city.pk == city_id:
            return city
    raise Http404


def require_network(user: User) -> None:
    if not user.has_perm(VIEW_NETWORK):
        raise PermissionDenied
