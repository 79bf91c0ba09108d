"""Admin URLs (under /admin/training-sessions/); every view checks access itself."""

from django.urls import path

from lms.http import forbidden_as_403

from . import admin_views

app_name = "training_sessions_admin"

urlpatterns = [
    path("my-cities/", forbidden_as_403(admin_views.CityBookingsView.as_view()), name="city"),
    path(
        "<int:session_id>/bookings/",
        forbidden_as_403(admin_views.SessionBookingsView.as_view()),
        name="bookings",
    ),
    path(
        "parts/<int:part_id>/register/",
        forbidden_as_403(admin_views.RegisterView.as_view()),
        name="register",
    ),
    path(
        "parts/<int:part_id>/sign-in-sheet.pdf",
        forbidden_as_403(admin_views.sign_in_sheet),
        name="sign_in_sheet",
    ),
]
