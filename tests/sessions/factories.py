"""Sessions with parts at given moments, and helpers to read emails and calendars back."""

from __future__ import annotations

from datetime import datetime, timedelta
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
    time_zone: str | None = None,
    status: str = Session.Status.PUBLISHED,
    capacity: int = 10,
    **fields,
) -> Session:
    """A session whose parts start on consecutive days from `start` (default: in five days).

    A part is one day's hours (it must end after it starts). Without `time_zone` the venue is in
    Brussels, or in New York when a part would run past midnight in Brussels (tests start
    sessions relative to now, at any hour); a given zone must fit the parts."""
    start = start or (timezone.now() + timedelta(days=5))
    zones = [time_zone] if time_zone else ["Europe/Brussels", "America/New_York"]
    zone = next((z for z in zones if _fits(start, parts, hours, z)), None)
    if zone is None:
        raise ValueError(f"A part starting at {start} would run past midnight in {time_zone}")
    fields.setdefault("title", "Two days in Liège")
    fields.setdefault("venue_name", "Maison de la prévention")
    fields.setdefault("venue_address", "Rue Exemple 1\n4000 Liège")
    session = Session.objects.create(status=status, capacity=capacity, time_zone=zone, **fields)
    session.modules.set(modules)
    session.save()
    for day in range(parts):
        local = (start + timedelta(days=day)).astimezone(ZoneInfo(zone))
        SessionPart.objects.create(
            session=session,
            date=local.date(),
            start_time=local.time().replace(microsecond=0),
            end_time=(local + timedelta(hours=hours)).time().replace(microsecond=0),
            sort_order=day,
        )
    session.refresh_dates()
    return session


def _fits(start: datetime, parts: int, hours: int, zone: str) -> bool:
    for day in range(parts):
        local = (start + timedelta(days=day)).astimezone(ZoneInfo(zone))
        end = local + timedelta(hours=hours)
        if end.date() != local.date() or end.time() <= local.time():
            return False
    return True


def calendar_of(message) -> Calendar:
    """The .ics attached to an email, parsed back with icalendar."""
    [(_name, content, mimetype)] = [a for a in message.attachments if a[0].endswith(".ics")]
    assert mimetype.startswith("text/calendar")
    return Calendar.from_ical(content)
