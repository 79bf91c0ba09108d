"""Admin screens: a session's bookings, a part's register and sign-in sheet, leads' overview.

Access is scoped in the queryset: the trainers of a session and the leads of its organising city
keep its register; a lead sees (and books) only the learners of the cities they lead. Any other
id is a 404, as if it did not exist.
"""

from __future__ import annotations

from functools import cached_property
from urllib.parse import urlencode

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lms.models import City

from . import services
from .models import Attendance, Booking, Session, SessionPart, present_at_session

VIEW_SESSIONS = "training_sessions.view_session"


def _require_view(user) -> None:
    if not user.has_perm(VIEW_SESSIONS):
        raise PermissionDenied


def led_city_ids(user) -> list[int]:
    return list(City.objects.filter(lead_assignments__user=user).values_list("pk", flat=True))


def managed_part(user, part_id: int) -> SessionPart:
    """A part of a session whose register `user` keeps; 404 otherwise."""
    _require_view(user)
    part = (
        SessionPart.objects.filter(pk=part_id, session__in=Session.objects.managed_by(user))
        .select_related("session")
        .first()
    )
    if part is None:
        raise Http404
    return part


class BookLearnerForm(forms.Form):
    learner = forms.ModelChoiceField(label=gettext_lazy("Learner"), queryset=None)

    def __init__(self, *args, city_ids=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["learner"].queryset = (
            get_user_model()
            .objects.filter(learner_profile__city_id__in=city_ids)
            .select_related("learner_profile")
            .order_by("learner_profile__full_name")
        )
        self.fields["learner"].label_from_instance = lambda user: user.learner_profile.full_name


class SessionBookingsView(WagtailAdminTemplateMixin, TemplateView):
    """The bookings of one session: all of them for its trainers, a lead's city's for a lead."""

    template_name = "training_sessions/admin/bookings.html"
    header_icon = "date"

    @cached_property
    def session(self) -> Session:
        user = self.request.user
        _require_view(user)
        session = (
            Session.objects.filter(pk=self.kwargs["session_id"])
            .prefetch_related(Prefetch("parts", queryset=SessionPart.objects.order_by("starts_at")))
            .first()
        )
        if session is None:
            raise Http404
        if not self.manages and not self.city_ids:
            raise Http404
        return session

    @cached_property
    def city_ids(self) -> list[int]:
        return led_city_ids(self.request.user)

    @cached_property
    def manages(self) -> bool:
        return (
            Session.objects.managed_by(self.request.user)
            .filter(pk=self.kwargs["session_id"])
            .exists()
        )

    def get_page_title(self) -> str:
        return _("Bookings: %(title)s") % {"title": self.session.title}

    def bookings(self):
        rows = Booking.objects.filter(session=self.session).exclude(status=Booking.Status.CANCELLED)
        if not self.manages:
            rows = rows.filter(user__learner_profile__city_id__in=self.city_ids)
        return rows.select_related("user__learner_profile__city").order_by(
            "status", "position", "created_at"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            session=self.session,
            parts=list(self.session.parts.all()),
            bookings=list(self.bookings()),
            manages=self.manages,
            form=kwargs.get("form")
            or (BookLearnerForm(city_ids=self.city_ids) if self.city_ids else None),
        )
        return context

    def post(self, request, *args, **kwargs):
        """A lead books (or cancels) a place for a learner of their city."""
        form = BookLearnerForm(request.POST, city_ids=self.city_ids)
        if not self.city_ids or not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        learner = form.cleaned_data["learner"]
        try:
            if request.POST.get("action") == "cancel":
                services.cancel(self.session, learner, cancelled_by=request.user)
                messages.success(request, _("The booking is cancelled."))
            else:
                booking = services.book(self.session, learner, booked_by=request.user)
                messages.success(
                    request,
                    _("%(name)s: %(status)s.")
                    % {
                        "name": learner.learner_profile.full_name,
                        "status": booking.get_status_display(),
                    },
                )
        except services.SessionError as error:
            messages.error(request, error.message)
        return redirect("training_sessions_admin:bookings", session_id=self.session.pk)


def checkin_link(request, part: SessionPart) -> dict[str, str]:
    """The check-in address with the part's code, and its QR code (an SVG data URI).

    The address has no language prefix: each learner's phone is sent on to the check-in page
    in their own language (LocaleMiddleware keeps the query string).
    """
    url = request.build_absolute_uri(
        "/sessions/check-in/?" + urlencode({"code": part.checkin_code})
    )
    qr = segno.make(url, error="m", micro=False).svg_data_uri(scale=6, border=2)
    return {"checkin_url": url, "checkin_qr": qr}


class RegisterView(WagtailAdminTemplateMixin, TemplateView):
    """The trainer's register for one part: present, absent or excused for each booked learner."""

    template_name = "training_sessions/admin/register.html"
    header_icon = "tick"

    @cached_property
    def part(self) -> SessionPart:
        return managed_part(self.request.user, self.kwargs["part_id"])

    def get_page_title(self) -> str:
        return _("Register: %(title)s") % {"title": self.part.session.title}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            part=self.part,
            session=self.part.session,
            rows=services.register_rows(self.part),
            statuses=Attendance.Status.choices,
            **checkin_link(self.request, self.part),
        )
        return context

    def post(self, request, *args, **kwargs):
        rows = {row["user"].pk: row for row in services.register_rows(self.part)}
        valid = set(Attendance.Status.values)
        changed = 0
        for user_id, row in rows.items():
            status = request.POST.get(f"status-{user_id}", "")
            current = row["attendance"].status if row["attendance"] else ""
            if status in valid and status != current:
                services.mark(
                    self.part,
                    row["user"],
                    status,
                    method=Attendance.Method.REGISTER,
                    by=request.user,
                )
                changed += 1
        messages.success(request, _("Register saved (%(count)d changes).") % {"count": changed})
        return redirect("training_sessions_admin:register", part_id=self.part.pk)


def sign_in_sheet(request, part_id: int) -> HttpResponse:
    """A printable sign-in sheet (PDF) of the booked learners of one part."""
    from weasyprint import HTML

    part = managed_part(request.user, part_id)
    with translation.override(part.session.language):
        html = render_to_string(
            "training_sessions/admin/sign_in_sheet.html",
            {"part": part, "session": part.session, "rows": services.register_rows(part)},
        )
    pdf = HTML(string=html).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="sign-in-{part.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


class CityBookingsView(WagtailAdminTemplateMixin, TemplateView):
    """A lead's overview: per session, their cities' learners booked, waiting, attended, and
    no-shows (booked for a session that is over without being present at any part)."""

    template_name = "training_sessions/admin/city_bookings.html"
    page_title = gettext_lazy("Training sessions of my cities' learners")
    header_icon = "group"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        _require_view(self.request.user)
        city_ids = led_city_ids(self.request.user)
        rows = list(
            Booking.objects.filter(user__learner_profile__city_id__in=city_ids)
            .values("session_id", "session__title", "session__starts_at", "session__capacity")
            .annotate(
                booked=Count("id", filter=Q(status=Booking.Status.BOOKED)),
                waitlisted=Count("id", filter=Q(status=Booking.Status.WAITLISTED)),
                attended=Count(
                    "id",
                    filter=Q(status=Booking.Status.BOOKED) & present_at_session(),
                ),
            )
            .order_by("-session__starts_at")
        )
        over = set(
            Session.objects.filter(
                pk__in=[row["session_id"] for row in rows], ends_at__lt=timezone.now()
            ).values_list("pk", flat=True)
        )
        for row in rows:
            row["no_shows"] = row["booked"] - row["attended"] if row["session_id"] in over else None
        context["rows"] = rows
        return context
