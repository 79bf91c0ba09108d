from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Network: route cards and practices")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals  # noqa: F401
        from .moderation import ensure_moderation_after_migrate

        # The coordinators' approval workflow is data the code depends on, like the roles.
        post_migrate.connect(ensure_moderation_after_migrate, sender=self)
