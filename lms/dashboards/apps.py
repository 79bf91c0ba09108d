from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "lms.dashboards"
    label = "dashboards"
    verbose_name = _("Dashboards")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, page_unpublished

        from courses.models import ModulePage
        from lms.services import register_personal_data
        from lms.signals import account_erasing

        from . import personal_data
        from .erasure import erase_invitations
        from .modules import forget_modules

        account_erasing.connect(erase_invitations, dispatch_uid="dashboards-erase-invitations")
        register_personal_data("invitations", personal_data.invitations, personal_data.TITLE)

        # The cached module list (modules.py) goes stale when a module changes.
        for signal in (post_save, post_delete):
            signal.connect(forget_modules, sender=ModulePage, dispatch_uid="dashboards-modules")
        for signal in (page_published, page_unpublished):
            signal.connect(forget_modules, dispatch_uid="dashboards-modules")
