from django.apps import AppConfig
from django.conf import settings


class DevtoolsConfig(AppConfig):
    """Development tools: the site generator and the benchmarks. Installed by the dev and test
    settings only, never in production."""

    name = "devtools"
    label = "devtools"
    verbose_name = "Development tools"

    def ready(self) -> None:
        pause = getattr(settings, "DRILL_RENDER_PAUSE_SECONDS", 0)
        if pause:  # devtools.drill_settings only
            from celery.signals import task_prerun

            from .drill_pause import pause_before_render

            task_prerun.connect(pause_before_render, weak=False)
