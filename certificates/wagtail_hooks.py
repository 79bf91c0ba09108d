"""Admin menu, URLs and log actions for trainers who revoke and re-issue certificates."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.auth import permission_required
from wagtail.admin.menu import MenuItem

from courses.page_cache import RowsOf
from lms.learning.queries import MY_LEARNING_STATE_HOOK

from . import admin_views
from .models import Certificate

REVOKE = "certificates.revoke_certificate"


@hooks.register(MY_LEARNING_STATE_HOOK)
def certificates_on_my_learning(user) -> list[RowsOf]:
    """My learning lists the learner's certificates: one issued, ready, revoked or re-issued
    gives the page anew."""
    return [(Certificate, {"user": user.pk})]


def _trainers(view):
    return permission_required(REVOKE)(view)


admin_urlpatterns = [
    path("", _trainers(admin_views.CertificateListView.as_view()), name="list"),
    path(
        "results/",
        _trainers(admin_views.CertificateListView.as_view(results_only=True)),
        name="list_results",
    ),
    path("<int:pk>/", _trainers(admin_views.CertificateDetailView.as_view()), name="detail"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("certificates/", include((admin_urlpatterns, "certificates_admin")))]


class CertificatesMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm(REVOKE)


@hooks.register("register_admin_menu_item")
def register_certificates_menu():
    return CertificatesMenuItem(
        _("Certificates"),
        reverse("certificates_admin:list"),
        name="certificates",
        icon_name="tasks",
        order=310,
    )


@hooks.register("register_log_actions")
def register_certificate_log_actions(actions):
    actions.register_action("certificates.revoke", _("Revoke certificate"), _("Revoked"))
    actions.register_action("certificates.reissue", _("Re-issue certificate"), _("Re-issued"))
    actions.register_action("certificates.retry_pdf", _("Render PDF again"), _("PDF queued again"))
