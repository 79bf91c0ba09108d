"""`{% module_sessions page %}`: the "Training sessions" section of a module page;
`{{ part.starts_at|day_and_time }}`: when a session part starts, as its reader writes dates; and
`{{ part|part_times }}`: a part's day, start, end and zone, on pages, registers and emails."""

from datetime import datetime

from django import template
from django.utils.formats import date_format

from ..models import SessionPart
from ..queries import sessions_for_module

register = template.Library()


@register.inclusion_tag("training_sessions/includes/module_sessions.html", takes_context=True)
def module_sessions(context, page) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    from django.contrib.auth.models import AnonymousUser

    return {
        "session_items": sessions_for_module(user or AnonymousUser(), page.translation_key),
        "request": request,
        "user": user,
    }


@register.filter(expects_localtime=True)
def day_and_time(value: datetime | None) -> str:
    """Weekday, the reader's locale's date and the 24-hour time, in the time zone the template
    set (the session part's own): "Monday, 7 December 2026, 14:00", Czech "pondělí, 7. prosince
    2026, 14:00". A fixed "j F Y" gave Czech and Greek the month's wrong grammatical case."""
    if not value:
        return ""
    return ", ".join(date_format(value, part) for part in ("l", "DATE_FORMAT", "H:i"))


@register.filter
def part_times(part: SessionPart) -> str:
    """ "Monday, 12 May 2031, 09:00" en dash "12:00 (Europe/Athens)": in the venue's own time zone,
    whatever the reader's, so a learner and the trainer read the same clock time."""
    start, end = part.local_start, part.local_end
    return f"{day_and_time(start)}\u2013{date_format(end, 'H:i')} ({part.time_zone})"
