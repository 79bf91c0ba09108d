from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lms.services import register_personal_data

        from . import checks, signals  # noqa: F401
        from .personal_data import TITLE, certificates

        register_personal_data("certificates", certificates, TITLE)
