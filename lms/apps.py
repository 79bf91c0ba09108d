from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = _("Learning")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import auth_backends, checks, csvsafe, signals  # noqa: F401
        from .roles import ensure_roles_after_migrate

        # Every CSV the platform writes, Wagtail's report exports included, is formula-safe.
        csvsafe.install()
        # Signed-in users are read from the cache; any change to them drops the kept copy.
        auth_backends.connect_signals()

        # Roles are data the code depends on: (re)created after every migrate, never by hand.
        post_migrate.connect(ensure_roles_after_migrate, sender=self)
