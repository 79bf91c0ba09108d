"""The language switcher: the same page in the chosen language, and the choice remembered.

It sits in the project layer because finding "the same page" is the localisation rule's job
(courses.localisation), which the accounts layer may not import.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.localisation import url_in_language

from .middleware import PREFERRED_LANGUAGE_SESSION_KEY

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """Moves the visitor to the same page in another language and remembers the choice."""
    language = request.POST.get("language", "")
    if language not in LANGUAGE_CODES:
        return HttpResponseBadRequest(_("This language is not available."))
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = redirect(url_in_language(next_url, language, request))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE or 60 * 60 * 24 * 365,
        samesite="Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
    )
    request.session[PREFERRED_LANGUAGE_SESSION_KEY] = language
    profile = (
        getattr(request.user, "learner_profile", None) if request.user.is_authenticated else None
    )
    if profile is not None and profile.preferred_language != language:
        profile.preferred_language = language
        profile.save(update_fields=["preferred_language"])
    return response
