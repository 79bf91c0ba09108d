"""`manage.py check --deploy`: a deployment needs a shared cache and a real Celery broker.

Production settings refuse to start without REDIS_URL; this check also catches a settings module
that swaps the cache or the broker back to the in-process defaults.
"""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register

PROCESS_LOCAL_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.security, deploy=True)
def shared_cache_and_broker(app_configs, **kwargs) -> list[Error]:
    errors = []
    if settings.CACHES["default"]["BACKEND"] in PROCESS_LOCAL_CACHES:
        errors.append(
            Error(
                "The default cache is local to each process: login lockouts and rate limits "
                "would not hold across web workers.",
                hint="Set REDIS_URL so the cache is shared (lms.resilience.ResilientRedisCache).",
                id="lms.E001",
            )
        )
    if settings.CELERY_TASK_ALWAYS_EAGER or settings.CELERY_BROKER_URL.startswith("memory://"):
        errors.append(
            Error(
                "Celery runs tasks inside web requests (no broker): PDFs and emails would slow "
                "pages and be lost on a crash.",
                hint="Set REDIS_URL so Celery has a broker and a worker runs the tasks.",
                id="lms.E002",
            )
        )
    return errors
