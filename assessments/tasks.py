"""Celery tasks: thin, idempotent wrappers around `services` (eager in tests and by default)."""

from celery import shared_task
from django.db import OperationalError

from . import services


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def announce_result(attempt_id: int) -> bool:
    """Deliver a final quiz result to the apps above (queued when its transaction commits);
    delivers each result version once, however often it runs."""
    return services.announce_result(attempt_id)


@shared_task
def announce_pending_results() -> int:
    """The outbox sweep for quiz results whose task was lost (run periodically)."""
    return services.announce_pending_results()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_result(attempt_id: int) -> bool:
    """Email a learner their marked result; sends nothing twice for the same result."""
    return services.send_result_notification(attempt_id)


@shared_task
def finalise_overdue_attempts() -> int:
    """Submit attempts whose time limit ran out while the learner was away (run periodically)."""
    return services.finalise_overdue_attempts()


@shared_task
def send_pending_result_notifications() -> int:
    """The outbox sweep for result emails (run periodically)."""
    return services.send_pending_result_notifications()
