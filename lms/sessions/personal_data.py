"""Training sessions' sections of a learner's data export (lms.services.personal_data)."""

from __future__ import annotations

from typing import Any

from lms.services import json_ready

from .models import Attendance, Booking


def session_bookings(user) -> list[dict[str, Any]]:
    rows = Booking.objects.filter(user=user).values(
        "session__title", "status", "position", "created_at", "cancelled_at"
    )
    return [json_ready(row) for row in rows]


def session_attendance(user) -> list[dict[str, Any]]:
    rows = Attendance.objects.filter(user=user).values(
        "part__session__title", "part__starts_at", "status", "checked_in_at", "method"
    )
    return [json_ready(row) for row in rows]
