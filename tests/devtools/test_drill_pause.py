"""The drill's worker holds a certificate render long enough to be killed inside it."""

import time
from types import SimpleNamespace

from devtools.drill_pause import RENDER_TASK, pause_before_render


def test_only_the_render_task_pauses(settings):
    settings.DRILL_RENDER_PAUSE_SECONDS = 0.2
    started = time.monotonic()
    pause_before_render(task=SimpleNamespace(name="certificates.tasks.send_email"))
    assert time.monotonic() - started < 0.1
    pause_before_render(task=SimpleNamespace(name=RENDER_TASK))
    assert time.monotonic() - started >= 0.2


def test_the_render_task_is_still_called_so():
    from certificates.tasks import render_certificate

    assert render_certificate.name == RENDER_TASK
