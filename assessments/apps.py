from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Assessments")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from courses.programme import register_module_quiz

        from .models import module_quiz_key

        # The programme (a lower layer) learns from here which quiz completes a module.
        register_module_quiz(module_quiz_key)
