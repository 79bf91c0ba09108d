"""Celery tasks: thin, idempotent wrappers around the services."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.signals import worker_process_init

from . import services

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def render_certificate(certificate_id: int) -> None:
    """Render the PDF and email the learner; a redelivery after a crash finds the work done."""
    services.deliver(certificate_id)


@shared_task(ignore_result=True)
def render_pending_certificates() -> int:
    """Beat: the outbox sweep for certificates whose message was lost or whose worker died."""
    return services.render_pending()


@worker_process_init.connect
def warm_up_pdf_renderer(**kwargs) -> None:
    """Each worker process loads the certificate fonts once, before its first task."""
    from . import pdf

    try:
        pdf.warm_up()
    except Exception:  # a worker that cannot warm up still works, only its first PDF is slower
        logger.exception("Could not warm up the certificate renderer")
