"""Celery tasks: thin, idempotent wrappers around `services` (eager in tests and by default)."""

from celery import shared_task


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_result(attempt_id: int) -> bool:
    """Email a learner their marked result; sends nothing twice for the same result."""
    from .services import send_result_notification

    return send_result_notification(attempt_id)


@shared_task
def finalise_overdue_attempts() -> int:
    """Submit attempts whose time limit ran out while the learner was away (run periodically)."""
    from .services import finalise_overdue_attempts as finalise

    return finalise()


@shared_task
def send_pending_result_notifications() -> int:
    """The outbox sweep for result emails (run periodically)."""
    from .services import send_pending_result_notifications as send_pending

    return send_pending()
