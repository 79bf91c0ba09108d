"""Small request hooks: the remembered language and two-factor authentication for staff."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

PREFERRED_LANGUAGE_SESSION_KEY = "preferred_language"
ADMIN_PREFIX = "/admin/"


def remember_language(get_response: Callable[[HttpRequest], HttpResponse]):
    """Sets the language cookie to the learner's saved preference after they sign in.

    The URL prefix always wins for the page being viewed; the cookie decides where "/" and
    links without a prefix lead, so a learner who chose Greek lands in Greek next time.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        session = getattr(request, "session", None)
        preferred = session.get(PREFERRED_LANGUAGE_SESSION_KEY) if session is not None else None
        if preferred and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != preferred:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                preferred,
                max_age=settings.LANGUAGE_COOKIE_AGE or 60 * 60 * 24 * 365,
                samesite="Lax",
                secure=settings.LANGUAGE_COOKIE_SECURE,
            )
        return response

    return middleware


def require_admin_two_factor(get_response: Callable[[HttpRequest], HttpResponse]):
    """Sends staff without a TOTP authenticator to set one up before they may use the admin."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if request.path.startswith(ADMIN_PREFIX) and _needs_totp(request):
            messages.warning(
                request,
                _("Set up two-factor authentication before you use the administration."),
            )
            return redirect("mfa_activate_totp")
        return get_response(request)

    return middleware


def _needs_totp(request: HttpRequest) -> bool:
    from allauth.mfa.models import Authenticator

    from .roles import is_staff_role

    user = request.user
    if not user.is_authenticated or not is_staff_role(user):
        return False
    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
