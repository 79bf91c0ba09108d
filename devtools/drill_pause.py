"""The drill's pause inside the certificate render task (devtools.drill_settings)."""

from __future__ import annotations

import time

from django.conf import settings

RENDER_TASK = "certificates.tasks.render_certificate"


def pause_before_render(sender=None, task=None, **kwargs) -> None:
    """Hold the render task (taken from the queue, not yet acknowledged) for the drill's pause."""
    if getattr(task, "name", None) == RENDER_TASK:
        time.sleep(settings.DRILL_RENDER_PAUSE_SECONDS)
