"""Celery tasks: thin, idempotent wrappers around the services."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def render_certificate(certificate_id: int) -> None:
    """Render the PDF and email the learner; a redelivery after a crash finds the work done."""
    services.deliver(certificate_id)


@shared_task(ignore_result=True)
def render_pending_certificates() -> int:
    """Beat: the outbox sweep for certificates whose message was lost or whose worker died."""
    return services.render_pending()
