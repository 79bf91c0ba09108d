"""iCalendar (RFC 5545) files for bookings: one event per part, in the venue's time zone.

Every part keeps its UID for good; SEQUENCE grows when the session changes, so calendar apps
replace the event they hold, and a cancellation (METHOD:CANCEL) removes it.
"""

from __future__ import annotations

from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from .models import Session

PRODID = "-//LIAISE network//LIAISE Academy//EN"


def part_uid(part) -> str:
    return f"{part.key}@liaise-academy"


def build_calendar(
    session: Session, *, attendee_email: str = "", cancel: bool = False, url: str = ""
) -> bytes:
    """The .ics for one learner's booking (or its cancellation)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancel else "REQUEST")
    _name, organiser_email = parseaddr(settings.DEFAULT_FROM_EMAIL)
    location = ", ".join(
        line for line in [session.venue_name, *session.venue_address.splitlines()] if line.strip()
    )
    for part in session.parts.all():
        event = Event()
        event.add("uid", part_uid(part))
        event.add("sequence", session.sequence + (1 if cancel else 0))
        event.add("dtstamp", timezone.now())
        event.add("dtstart", part.local_start)
        event.add("dtend", part.local_end)
        event.add("summary", session.title)
        description = session.description
        if session.online_url:
            description = f"{description}\n\n{session.online_url}".strip()
        if url:
            description = f"{description}\n\n{url}".strip()
        if description:
            event.add("description", description)
        if location:
            event.add("location", location)
        elif session.online_url:
            event.add("location", session.online_url)
        if url:
            event.add("url", url)
        event.add("status", "CANCELLED" if cancel else "CONFIRMED")
        organizer = vCalAddress(f"mailto:{organiser_email}")
        organizer.params["cn"] = vText(str(settings.WAGTAIL_SITE_NAME))
        event.add("organizer", organizer)
        if attendee_email:
            attendee = vCalAddress(f"mailto:{attendee_email}")
            attendee.params["role"] = vText("REQ-PARTICIPANT")
            attendee.params["partstat"] = vText("ACCEPTED")
            event.add("attendee", attendee, encode=0)
        calendar.add_component(event)
    # VTIMEZONE components for the venue's zone, so any calendar app shows the right hour.
    calendar.add_missing_timezones()
    return calendar.to_ical()
