"""Admin URLs (under /admin/dashboards/); every view checks access itself (see access.py)."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path

from . import views

app_name = "dashboards"


def forbidden_as_403(view):
    """A real 403 page: Wagtail would turn PermissionDenied into a redirect to the dashboard."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            return response
        except PermissionDenied:
            return render(request, "403.html", status=403)

    return wrapped


urlpatterns = [
    path("", views.DashboardIndexView.as_view(), name="index"),
    path("city/<int:city_id>/", views.CityDashboardView.as_view(), name="city"),
    path("city/<int:city_id>/learners/", views.LearnerReportView.as_view(), name="learners"),
    path(
        "city/<int:city_id>/learners/results/",
        views.LearnerReportView.as_view(results_only=True),
        name="learners_results",
    ),
    path(
        "city/<int:city_id>/learners/enrol/",
        views.enrol_learners_view,
        name="enrol_learners",
    ),
    path(
        "city/<int:city_id>/invitations/",
        views.InvitationsView.as_view(),
        name="invitations",
    ),
    path("network/", views.NetworkDashboardView.as_view(), name="network"),
    path("refresh/", views.refresh_figures, name="refresh"),
    path("exports/", views.ExportListView.as_view(), name="exports"),
    path("exports/<int:job_id>/download/", views.download_export, name="download_export"),
]
urlpatterns = [
    path(str(pattern.pattern), forbidden_as_403(pattern.callback), name=pattern.name)
    for pattern in urlpatterns
]
