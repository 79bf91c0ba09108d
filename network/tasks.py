"""Celery tasks: thin, idempotent wrappers around the network's services."""

from __future__ import annotations

from celery import shared_task


@shared_task
def remind_out_of_date_route_cards() -> int:
    """Daily (CELERY_BEAT_SCHEDULE): leads of cities whose card is over a year old, monthly."""
    from .services import remind_out_of_date_cards

    return remind_out_of_date_cards()
