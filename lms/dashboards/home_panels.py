"""Panels on the Wagtail admin home: a lead sees their cities' figures, a coordinator the network.

The figures are the dashboards' own (the snapshots of `snapshots.figures_of`), so the home page
costs the same handful of queries as the dashboard's header, whatever the number of learners.
"""

from __future__ import annotations

from wagtail.admin.ui.components import Component

from . import access, queries, snapshots
from .modules import programme_modules


class CitiesSummaryPanel(Component):
    """A lead's cities, each with its headline figures and a link to its dashboard."""

    name = "city_dashboards"
    template_name = "dashboards/home/cities_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        cities = access.aggregate_cities(parent_context["request"].user, snapshots=True)
        figures = snapshots.figures_of(cities, programme_modules())
        context["rows"] = [(city, figures[city.pk][0]) for city in cities]
        context["computed_at"] = min((item[2] for item in figures.values()), default=None)
        context["active_days"] = queries.ACTIVE_DAYS
        return context


class NetworkSummaryPanel(Component):
    """The whole network's headline figures, with a link to the network dashboard."""

    name = "network_dashboard"
    template_name = "dashboards/home/network_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = parent_context["request"].user
        cities = access.aggregate_cities(user, snapshots=True)
        figures = [item[0] for item in snapshots.figures_of(cities, programme_modules()).values()]
        context.update(
            cities=len(cities),
            countries=len({city.country for city in cities}),
            registered=sum(item.registered for item in figures),
            active=sum(item.active for item in figures),
            trained=sum(item.trained for item in figures),
            certificates=sum(item.certificates for item in figures),
            active_days=queries.ACTIVE_DAYS,
        )
        return context


def add_panels(request, panels: list) -> None:
    """`construct_homepage_panels` hook: the dashboard the user may read, if any."""
    user = request.user
    if user.has_perm(access.VIEW_NETWORK):
        panels.append(NetworkSummaryPanel())
    elif user.has_perm(access.VIEW_CITY):
        panels.append(CitiesSummaryPanel())
