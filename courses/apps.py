from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Training content")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import page_cache

        page_cache.connect_signals()  # content changes invalidate cached routes and pages
