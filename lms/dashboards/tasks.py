"""Celery tasks: thin, idempotent wrappers around the dashboards' services."""

from __future__ import annotations

from celery import shared_task
from django.utils import translation


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def build_export(job_id: int, language: str = "en") -> None:
    from .exports import build_export as build

    with translation.override(language):
        build(job_id)


@shared_task
def refresh_snapshots() -> int:
    """Every few minutes (CELERY_BEAT_SCHEDULE): the figures the dashboards read."""
    from .snapshots import refresh_snapshots as refresh

    return refresh()


@shared_task
def purge_old_exports() -> int:
    from .exports import purge_old_exports as purge

    return purge()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitations(invitation_ids: list[int]) -> int:
    from .invitations import send_invitations as send

    return send(invitation_ids)
