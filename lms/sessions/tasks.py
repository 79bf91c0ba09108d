"""Celery tasks: thin, idempotent wrappers around the services."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(acks_late=True, ignore_result=True)
def send_booking_email(booking_id: int, kind: str) -> None:
    services.send_booking_email(booking_id, kind)


@shared_task(ignore_result=True)
def send_session_reminders() -> int:
    """Beat: reminders two days before; `reminder_sent_at` makes each one go once."""
    return services.send_due_reminders()
