"""Admin URLs (under /admin/dashboards/); every view checks access itself (see access.py)."""

from django.urls import path

from lms.http import forbidden_as_403

from . import views

app_name = "dashboards"


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
