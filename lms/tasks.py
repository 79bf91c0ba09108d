from celery import shared_task


@shared_task(ignore_result=False)
def ping(value: str = "pong") -> str:
    """Round-trip check of worker and broker (health checks and the integration test)."""
    return value
