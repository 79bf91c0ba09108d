"""Learner views: thin wrappers around `services` (writes) and `queries` (reads).

Writes are POST only and work on `request.user`'s own booking; a refused request gets a
translated message with a 4xx status. Lead bookings for their city's learners are in the admin.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit

from lms.learning.views import post_only, refuse

from . import queries, services
from .forms import CheckInForm, SessionFilterForm
from .ics import build_calendar
from .models import Booking, Session, SessionPart


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-cache, no-store, must-revalidate, max-age=0"
    return response


def session_list(request: HttpRequest) -> HttpResponse:
    """Upcoming sessions, filtered by module, country, city, language and date."""
    modules = queries.module_choices()
    form = SessionFilterForm(request.GET or None, modules=modules)
    filters = form.cleaned_data if form.is_valid() else {}
    items = queries.listed_sessions(
        request.user,
        module_key=filters.get("module") or None,
        country=filters.get("country", ""),
        city=filters.get("city"),
        language=filters.get("language", ""),
        starting=filters.get("starting"),
    )
    response = render(request, "training_sessions/list.html", {"form": form, "items": items})
    return _private(response) if request.user.is_authenticated else response


def _published(session_id: int) -> Session:
    sessions = Session.objects.exclude(status=Session.Status.DRAFT).with_counts()
    return get_object_or_404(
        sessions.select_related("city", "prerequisite_module").prefetch_related(
            Prefetch("parts", queryset=SessionPart.objects.order_by("starts_at"))
        ),
        pk=session_id,
    )


def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _published(session_id)
    [item] = queries.with_details(request.user, [session])
    reason = None
    if item.booking is None and request.user.is_authenticated:
        try:
            services.check_can_book(session, request.user)
        except services.SessionError as error:
            reason = error.message
    context = {
        "item": item,
        "session": session,
        "parts": list(session.parts.all()),
        "rank": services.waiting_list_rank(item.booking) if item.booking else None,
        "refusal": reason,
        "prerequisite_title": (
            services.localised_module_title(session.prerequisite_module)
            if session.prerequisite_module
            else ""
        ),
    }
    response = render(request, "training_sessions/detail.html", context)
    return _private(response) if request.user.is_authenticated else response


@login_required
@post_only
def book(request: HttpRequest, session_id: int) -> HttpResponse:
    session = get_object_or_404(Session, pk=session_id)
    try:
        booking = services.book(session, request.user)
    except services.SessionError as error:
        return refuse(request, error.message, error.status)
    if booking.status == Booking.Status.BOOKED:
        messages.success(request, _("Your place is booked. We have emailed you the details."))
    else:
        messages.info(
            request, _("The session is full: you are on the waiting list. We will email you.")
        )
    return redirect("training_sessions:detail", session_id=session.pk)


@login_required
@post_only
def cancel(request: HttpRequest, session_id: int) -> HttpResponse:
    session = get_object_or_404(Session, pk=session_id)
    try:
        services.cancel(session, request.user)
    except services.SessionError as error:
        return refuse(request, error.message, error.status)
    messages.success(request, _("Your booking is cancelled."))
    return redirect("training_sessions:detail", session_id=session.pk)


@login_required
def my_sessions(request: HttpRequest) -> HttpResponse:
    """The learner's own bookings, upcoming and past."""
    bookings = list(
        Booking.objects.filter(user=request.user)
        .exclude(status=Booking.Status.CANCELLED)
        .select_related("session")
        .prefetch_related(
            Prefetch("session__parts", queryset=SessionPart.objects.order_by("starts_at"))
        )
        .order_by("session__starts_at")
    )
    return _private(render(request, "training_sessions/mine.html", {"bookings": bookings}))


@login_required
def calendar(request: HttpRequest, session_id: int) -> HttpResponse:
    """The .ics of a session the learner has a place at."""
    booking = (
        Booking.objects.filter(
            session_id=session_id, user=request.user, status=Booking.Status.BOOKED
        )
        .select_related("session")
        .first()
    )
    if booking is None:
        raise Http404
    url = services.session_url(booking.session, get_language() or settings.LANGUAGE_CODE)
    ics = build_calendar(booking.session, attendee_email=request.user.email, url=url)
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="session.ics"'
    return _private(response)


def _checkin_rate(group: str, request: HttpRequest) -> str:
    return settings.SESSION_CHECKIN_RATE


def _checkin_key(group: str, request: HttpRequest) -> str:
    return str(request.user.pk)


@login_required
@ratelimit(
    group="sessions.check_in", key=_checkin_key, rate=_checkin_rate, method="POST", block=False
)
def check_in(request: HttpRequest) -> HttpResponse:
    """Self check-in with the trainer's code, during the part."""
    # The QR code on the trainer's register opens this page with the code filled in; the
    # learner still confirms with a POST (a scan alone records nothing).
    form = CheckInForm(request.POST or None, initial={"code": request.GET.get("code", "")[:20]})
    status = 200
    if request.method == "POST":
        if getattr(request, "limited", False):
            response = refuse(request, _("Too many tries. Wait a minute and try again."), 429)
            response["Retry-After"] = "60"
            return response
        if form.is_valid():
            try:
                attendance = services.check_in(request.user, form.cleaned_data["code"])
            except services.SessionError as error:
                form.add_error("code", error.message)
                status = error.status
            else:
                messages.success(
                    request,
                    _("You are checked in to “%(title)s”. Welcome!")
                    % {"title": attendance.part.session.title},
                )
                return redirect("training_sessions:mine")
        else:
            status = 400
    return _private(
        render(request, "training_sessions/check_in.html", {"form": form}, status=status)
    )
