"""Sessions with parts at given moments, and helpers to read emails and calendars back."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from icalendar import Calendar

from lms.sessions.models import Session, SessionPart


def make_session(
    *,
    modules=(),
    start: datetime | None = None,
    parts: int = 1,
    hours: int = 3,
    time_zone: str = "Europe/Brussels",
    status: str = Session.Status.PUBLISHED,
    capacity: int = 10,
    **fields,
) -> Session:
    """A session whose parts start on consecutive days from `start` (default: in five days)."""
    fields.setdefault("title", "Two days in Liège")
    fields.setdefault("venue_name", "Maison de la prévention")
    fields.setdefault("venue_address", "Rue Exemple 1\n4000 Liège")
    session = Session.objects.create(
        status=status, capacity=capacity, time_zone=time_zone, **fields
    )
    session.modules.set(modules)
    session.save()
    start = start or (timezone.now() + timedelta(days=5))
    for day in range(parts):
        local = (start + timedelta(days=day)).astimezone(ZoneInfo(time_zone))
        end = local + timedelta(hours=hours)
        # A part is one day's hours: one that would run past midnight ends at 23:59 instead
        # (else it would end before it starts, and a test run in the evening would fail).
        end_time = end.time() if end.date() == local.date() else time(23, 59)
        SessionPart.objects.create(
            session=session,
            date=local.date(),
            start_time=local.time().replace(microsecond=0),
            end_time=end_time.replace(microsecond=0),
            sort_order=day,
        )
    session.refresh_dates()
    return session


def calendar_of(message) -> Calendar:
    """The .ics attached to an email, parsed back with icalendar."""
    [(_name, content, mimetype)] = [a for a in message.attachments if a[0].endswith(".ics")]
    assert mimetype.startswith("text/calendar")
    return Calendar.from_ical(content)
