from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "lms.learning"
    label = "learning"
    verbose_name = _("Learning journey")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lms.services import register_personal_data

        from . import personal_data, receivers

        receivers.connect()
        for name, section in personal_data.SECTIONS.items():
            register_personal_data(name, section, personal_data.TITLES.get(name))
