"""Learner-facing URLs (under the language prefix): accepting an invitation."""

from django.urls import path

from . import public_views

app_name = "dashboards_public"

urlpatterns = [
    path("invitations/<str:token>/", public_views.accept_invitation_view, name="accept_invitation"),
]
