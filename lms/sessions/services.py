"""Session workflows: book, cancel, promote from the waiting list, check in, keep the register.

Booking and cancelling lock the session row (`select_for_update`), so places are counted by one
transaction at a time: capacity holds under concurrent requests, and a double click finds the
first booking and returns it. Emails go after the commit, through Celery.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lms.learning import services as learning
from lms.learning.models import ModuleProgress

from .ics import build_calendar
from .models import Attendance, Booking, Session, SessionPart

logger = logging.getLogger(__name__)

REMINDER_BEFORE = timedelta(days=2)


class SessionError(Exception):
    """A request the sessions refuse; `message` is translated and shown to the person."""

    def __init__(self, message, status: int = 400) -> None:
        super().__init__(str(message))
        self.message = message
        self.status = status


# Who may book -----------------------------------------------------------------------------------


def localised_module_title(module) -> str:
    """The module's title in the active language when translated, else the source title."""
    from wagtail.models import Locale

    translated = module.get_translation_or_none(Locale.get_active())
    return (translated or module).title


def check_can_book(session: Session, learner, *, now=None) -> None:
    """Raise SessionError with a clear, translated reason when `learner` may not book."""
    now = now or timezone.now()
    profile = getattr(learner, "learner_profile", None)
    if profile is None:
        raise SessionError(_("Only learners can book a place; staff accounts have none."), 403)
    if session.status != Session.Status.PUBLISHED:
        raise SessionError(_("This session is not open for booking."), 404)
    deadline = session.effective_deadline()
    if deadline is None or now > deadline:
        raise SessionError(_("Booking for this session has closed."), 409)
    if (
        not session.open_to_network
        and not session.eligible_cities.filter(pk=profile.city_id).exists()
    ):
        raise SessionError(_("This session is only open to learners of other cities."), 403)
    module = session.prerequisite_module
    if module is not None:
        done = ModuleProgress.objects.filter(
            user=learner,
            module_key=module.translation_key,
            status=ModuleProgress.Status.COMPLETED,
        ).exists()
        if not done:
            raise SessionError(
                _("Complete the module “%(title)s” online before you book this session.")
                % {"title": localised_module_title(module)},
                409,
            )


def check_can_book_for(session: Session, lead, learner) -> None:
    """A city lead books for learners of the cities they lead, never of another city."""
    profile = getattr(learner, "learner_profile", None)
    if profile is None or not lead.city_lead_assignments.filter(city_id=profile.city_id).exists():
        raise SessionError(_("You can only book places for learners of your city."), 403)


# Booking and cancelling -------------------------------------------------------------------------


def book(session: Session, learner, *, booked_by=None) -> Booking:
    """A place, or a place on the waiting list when the session is full (idempotent)."""
    if booked_by is not None and booked_by != learner:
        check_can_book_for(session, booked_by, learner)
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        booking = Booking.objects.filter(session=session, user=learner).first()
        if booking is not None and booking.status != Booking.Status.CANCELLED:
            return booking
        check_can_book(session, learner)
        booked = Booking.objects.filter(session=session, status=Booking.Status.BOOKED).count()
        status, position = Booking.Status.BOOKED, None
        if booked >= session.capacity:
            status, position = Booking.Status.WAITLISTED, _next_position(session)
        if booking is None:
            booking = Booking(session=session, user=learner)
        booking.status, booking.position = status, position
        booking.booked_by = booked_by if booked_by != learner else None
        booking.created_at, booking.cancelled_at, booking.reminder_sent_at = (
            timezone.now(),
            None,
            None,
        )
        booking.save()
        kind = "confirmed" if status == Booking.Status.BOOKED else "waitlisted"
        _email_after_commit(booking, kind)
    return booking


def _next_position(session: Session) -> int:
    last = Booking.objects.filter(session=session, status=Booking.Status.WAITLISTED).aggregate(
        last=Max("position")
    )["last"]
    return (last or 0) + 1


def cancel(session: Session, learner, *, cancelled_by=None) -> Booking | None:
    """Give up a place (or a place in line); the first in line gets the freed place."""
    if cancelled_by is not None and cancelled_by != learner:
        check_can_book_for(session, cancelled_by, learner)
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        booking = Booking.objects.filter(session=session, user=learner).first()
        if booking is None or booking.status == Booking.Status.CANCELLED:
            return booking
        if session.starts_at and session.starts_at <= timezone.now():
            raise SessionError(_("This session has started; ask its trainer instead."), 409)
        was_booked = booking.status == Booking.Status.BOOKED
        booking.status, booking.position = Booking.Status.CANCELLED, None
        booking.cancelled_at = timezone.now()
        booking.save()
        _email_after_commit(booking, "cancelled" if was_booked else "left_waitlist")
        if was_booked:
            fill_from_waiting_list(session)
    return booking


def fill_from_waiting_list(session: Session) -> list[Booking]:
    """Give free places to the first in line (the session row must be locked by the caller)."""
    booked = Booking.objects.filter(session=session, status=Booking.Status.BOOKED).count()
    free = session.capacity - booked
    if free <= 0:
        return []
    promoted = list(
        Booking.objects.filter(session=session, status=Booking.Status.WAITLISTED).order_by(
            "position", "created_at"
        )[:free]
    )
    for booking in promoted:
        booking.status, booking.position = Booking.Status.BOOKED, None
        booking.save(update_fields=["status", "position", "updated_at"])
        _email_after_commit(booking, "promoted")
    return promoted


def waiting_list_rank(booking: Booking) -> int | None:
    if booking.status != Booking.Status.WAITLISTED:
        return None
    return (
        Booking.objects.filter(
            session_id=booking.session_id,
            status=Booking.Status.WAITLISTED,
            position__lte=booking.position,
        ).count()
        or None
    )


# Changes by trainers ----------------------------------------------------------------------------


def schedule_signature(session: Session) -> tuple:
    """What learners must be told about when it changes: times and place."""
    parts = tuple(session.parts.order_by("starts_at").values_list("starts_at", "ends_at"))
    return (parts, session.venue_name, session.venue_address, session.online_url)


def session_saved(session: Session, *, before: tuple | None) -> None:
    """After an admin save: dates on the row, places for the line, and "changed" emails."""
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        # Parts typed before a change of the venue's time zone move to the new zone.
        for part in session.parts.exclude(time_zone=session.time_zone):
            part.save()
        session.refresh_dates()
        if before is not None and schedule_signature(session) != before:
            Session.objects.filter(pk=session.pk).update(sequence=session.sequence + 1)
            for booking in session.bookings.filter(status=Booking.Status.BOOKED):
                _email_after_commit(booking, "changed")
        if session.status == Session.Status.CANCELLED:
            for booking in session.bookings.active():
                was_booked = booking.status == Booking.Status.BOOKED
                booking.status, booking.position = Booking.Status.CANCELLED, None
                booking.cancelled_at = timezone.now()
                booking.save()
                _email_after_commit(booking, "session_cancelled" if was_booked else "left_waitlist")
        elif session.status == Session.Status.PUBLISHED:
            fill_from_waiting_list(session)


# Emails -----------------------------------------------------------------------------------------

# Which emails carry a calendar file, and whether it removes the event.
WITH_CALENDAR = {"confirmed", "promoted", "changed", "reminder"}
CANCELLING = {"cancelled", "session_cancelled"}


def _email_after_commit(booking: Booking, kind: str) -> None:
    from .tasks import send_booking_email

    booking_id = booking.pk
    transaction.on_commit(lambda: send_booking_email.delay(booking_id, kind))


def _subject(kind: str, title: str) -> str:
    subjects = {
        "confirmed": _("Your place is booked: %(title)s"),
        "waitlisted": _("You are on the waiting list: %(title)s"),
        "promoted": _("A place is free for you: %(title)s"),
        "changed": _("Changed dates or place: %(title)s"),
        "cancelled": _("Your booking is cancelled: %(title)s"),
        "left_waitlist": _("You left the waiting list: %(title)s"),
        "session_cancelled": _("Session cancelled: %(title)s"),
        "reminder": _("Reminder, in two days: %(title)s"),
    }
    return subjects[kind] % {"title": title}


def learner_language(user) -> str:
    profile = getattr(user, "learner_profile", None)
    return (profile.preferred_language if profile else "") or settings.LANGUAGE_CODE


def session_url(session: Session, language: str) -> str:
    with translation.override(language):
        path = reverse("training_sessions:detail", args=[session.pk])
    return learning.site_url() + path


def send_booking_email(booking_id: int, kind: str) -> bool:
    """One email about a booking, in the learner's language, with its .ics when it has one."""
    booking = (
        Booking.objects.select_related("session", "user", "user__learner_profile")
        .filter(pk=booking_id)
        .first()
    )
    if booking is None or not booking.user.email:
        return False
    session = booking.session
    language = learner_language(booking.user)
    with translation.override(language):
        url = session_url(session, language)
        context = {
            "kind": kind,
            "booking": booking,
            "session": session,
            "parts": list(session.parts.all()),
            "name": getattr(getattr(booking.user, "learner_profile", None), "full_name", ""),
            "url": url,
            "rank": waiting_list_rank(booking),
        }
        message = EmailMultiAlternatives(
            _subject(kind, session.title),
            render_to_string("training_sessions/email/booking.txt", context),
            to=[booking.user.email],
        )
        if kind in WITH_CALENDAR or kind in CANCELLING:
            ics = build_calendar(
                session, attendee_email=booking.user.email, cancel=kind in CANCELLING, url=url
            )
            method = "CANCEL" if kind in CANCELLING else "REQUEST"
            message.attach("session.ics", ics, f"text/calendar; charset=utf-8; method={method}")
        message.send()
    return True


def send_due_reminders(now=None) -> int:
    """Beat: a reminder to each booked learner two days before; each booking gets one only."""
    now = now or timezone.now()
    due = Booking.objects.filter(
        status=Booking.Status.BOOKED,
        reminder_sent_at__isnull=True,
        session__status=Session.Status.PUBLISHED,
        session__starts_at__gt=now,
        session__starts_at__lte=now + REMINDER_BEFORE,
    ).values_list("pk", flat=True)
    sent = 0
    for booking_id in list(due):
        # Claiming the row first makes a second beat run (or a retried task) skip it.
        claimed = Booking.objects.filter(pk=booking_id, reminder_sent_at__isnull=True).update(
            reminder_sent_at=now
        )
        if claimed:
            send_booking_email(booking_id, "reminder")
            sent += 1
    return sent


# Attendance -------------------------------------------------------------------------------------


def check_in(learner, code: str, *, now=None) -> Attendance:
    """Self check-in with the code the trainer shows, during the part only, once per learner."""
    now = now or timezone.now()
    code = "".join((code or "").split()).upper()
    window = SessionPart.objects.filter(
        checkin_code=code,
        starts_at__lte=now + timedelta(minutes=30),
        ends_at__gte=now,
        session__status=Session.Status.PUBLISHED,
    ).select_related("session")
    part = window.first()
    if not code or part is None:
        raise SessionError(_("This code is not valid now. Check it, or ask your trainer."), 400)
    if not Booking.objects.filter(
        session=part.session, user=learner, status=Booking.Status.BOOKED
    ).exists():
        raise SessionError(_("You have no place at this session, so you cannot check in."), 403)
    existing = Attendance.objects.filter(part=part, user=learner).first()
    if existing is not None and existing.status == Attendance.Status.PRESENT:
        raise SessionError(_("You have already checked in to this part."), 409)
    return mark(part, learner, Attendance.Status.PRESENT, method=Attendance.Method.SELF, now=now)


def mark(part: SessionPart, learner, status: str, *, method: str, by=None, now=None) -> Attendance:
    """Record a learner's attendance at a part; "present" is a learning event (xAPI attended)."""
    now = now or timezone.now()
    with transaction.atomic():
        attendance, _created = Attendance.objects.select_for_update().get_or_create(
            part=part,
            user=learner,
            defaults={"status": status, "method": method, "recorded_by": by},
        )
        if not _created and attendance.status != status:
            attendance.status, attendance.method, attendance.recorded_by = status, method, by
        if status == Attendance.Status.PRESENT and attendance.checked_in_at is None:
            attendance.checked_in_at = now
        attendance.save()
        if status == Attendance.Status.PRESENT and hasattr(learner, "learner_profile"):
            session = part.session
            learning.record_attendance(
                learner,
                activity_key=part.key,
                module_keys=list(session.modules.values_list("translation_key", flat=True)),
                title=session.title,
                language=session.language,
                timestamp=attendance.checked_in_at,
                seconds=int((part.ends_at - part.starts_at).total_seconds()),
            )
    return attendance


def register_rows(part: SessionPart) -> list[dict]:
    """The register of a part: every booked learner with their attendance (two queries)."""
    bookings = (
        Booking.objects.filter(session_id=part.session_id, status=Booking.Status.BOOKED)
        .select_related("user__learner_profile__city")
        .order_by("user__learner_profile__full_name", "user_id")
    )
    marks = {a.user_id: a for a in Attendance.objects.filter(part=part)}
    return [
        {"booking": booking, "user": booking.user, "attendance": marks.get(booking.user_id)}
        for booking in bookings
    ]
