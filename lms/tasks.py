from celery import shared_task


@shared_task
def ping(value: str = "pong") -> str:
    """Round-trip check for the worker and broker (used by health checks and the integration test)."""
    return value
