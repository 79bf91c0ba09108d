"""The Celery app; configuration comes from Django settings prefixed CELERY_."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")

app = Celery("lms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def prepare_to_queue() -> None:
    """Set Celery up for queueing tasks now, while the web process starts.

    Celery imports the tasks, finalises the app, imports the broker's transport and builds the
    result store's client and the message sender on the first `delay()`: about 45 ms of CPU
    that each web process otherwise spends in its first quiz submission, and all of them at once
    when a group hands in together after a restart. Nothing here connects to Redis, so a
    process starts the same while Redis is away.
    """
    app.loader.import_default_modules()  # the apps' tasks modules
    app.finalize(auto=True)
    app.backend  # noqa: B018 (shared by the threads: CELERY_RESULT_BACKEND_THREAD_SAFE)
    app.producer_pool  # noqa: B018
    app.amqp.send_task_message  # noqa: B018
