"""Celery tasks: thin, idempotent wrappers around `services` (eager in tests and by default)."""

from celery import shared_task

from . import services


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
