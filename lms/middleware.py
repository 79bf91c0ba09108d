"""Small request hooks: the remembered language and two-factor authentication for staff."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

PREFERRED_LANGUAGE_SESSION_KEY = "preferred_language"


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, except that a 404 under /admin/ stays a 404.

    Django answers an unknown path with a redirect to the same path under a language prefix when
    that would match; under /admin/ it always "matches" Wagtail's page catch-all, so every admin
    404 became a 302 to the public 404 page.
    """

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if request.path_info.startswith(ADMIN_PREFIX):
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)


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


ADMIN_GATE_SESSION_KEY = "lms_admin_gate_passed"


def admin_gate(get_response: Callable[[HttpRequest], HttpResponse]):
    """Guards /admin/ for signed-in people: learners get a clear 403, and staff without a TOTP
    authenticator are sent to set one up first (Wagtail itself handles anonymous visitors)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        user = request.user
        if not request.path.startswith(ADMIN_PREFIX) or not user.is_authenticated:
            return get_response(request)
        # Checked once per session, not on every admin request (two queries each time).
        # Removing the authenticator clears the mark (lms.signals), so the gate applies again.
        if request.session.get(ADMIN_GATE_SESSION_KEY) == user.pk:
            return get_response(request)
        from .roles import has_second_factor, is_staff_role

        if not is_staff_role(user):
            return render(request, "403.html", status=403)
        if not has_second_factor(user):
            messages.warning(
                request,
                _("Set up two-factor authentication before you use the administration."),
            )
            return redirect("mfa_activate_totp")
        request.session[ADMIN_GATE_SESSION_KEY] = user.pk
        return get_response(request)

    return middleware
