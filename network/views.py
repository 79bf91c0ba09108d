"""The learner's own city's route card."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lms.models import LearnerProfile

from .services import live_card_for_city


@login_required
def my_city(request: HttpRequest) -> HttpResponse:
    """Only the reader's own city's card: there is no way to ask for another city's."""
    profile = LearnerProfile.objects.filter(user=request.user).select_related("city").first()
    card = live_card_for_city(profile.city) if profile else None
    response = render(
        request,
        "network/my_city.html",
        {"profile": profile, "city": profile.city if profile else None, "card": card},
    )
    response["Cache-Control"] = "private, no-cache, no-store, must-revalidate, max-age=0"
    return response
