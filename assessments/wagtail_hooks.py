"""Admin menu and URLs: the marking queue and item statistics, for those allowed to use them."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.auth import permission_required
from wagtail.admin.menu import Menu, SubmenuMenuItem

from lms.admin_menu import PermissionMenuItem

from . import admin_views, home_panels

MARK_ANSWERS = "assessments.mark_answers"
VIEW_ITEM_STATISTICS = "assessments.view_item_statistics"


class AssessmentsSubmenuItem(SubmenuMenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm(MARK_ANSWERS) or request.user.has_perm(VIEW_ITEM_STATISTICS)


def _marking(view):
    return permission_required(MARK_ANSWERS)(view)


def _statistics(view):
    return permission_required(VIEW_ITEM_STATISTICS)(view)


admin_urlpatterns = [
    path("marking/", _marking(admin_views.MarkingQueueView.as_view()), name="marking_queue"),
    path(
        "marking/results/",
        _marking(admin_views.MarkingQueueView.as_view(results_only=True)),
        name="marking_queue_results",
    ),
    path("marking/<int:answer_id>/", _marking(admin_views.MarkAnswerView.as_view()), name="mark"),
    path(
        "statistics/",
        _statistics(admin_views.StatisticsIndexView.as_view()),
        name="statistics_index",
    ),
    path(
        "statistics/results/",
        _statistics(admin_views.StatisticsIndexView.as_view(results_only=True)),
        name="statistics_index_results",
    ),
    path(
        "statistics/<uuid:quiz_key>/",
        _statistics(admin_views.ItemStatisticsView.as_view()),
        name="statistics",
    ),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("assessments/", include((admin_urlpatterns, "assessments_admin")))]


@hooks.register("register_admin_menu_item")
def register_assessments_menu():
    menu = Menu(
        items=[
            PermissionMenuItem(
                _("Marking queue"),
                reverse("assessments_admin:marking_queue"),
                name="marking-queue",
                icon_name="edit",
                order=100,
                permission=MARK_ANSWERS,
            ),
            PermissionMenuItem(
                _("Item statistics"),
                reverse("assessments_admin:statistics_index"),
                name="item-statistics",
                icon_name="table",
                order=200,
                permission=VIEW_ITEM_STATISTICS,
            ),
        ]
    )
    return AssessmentsSubmenuItem(_("Assessments"), menu, icon_name="tasks", order=350)


hooks.register("construct_homepage_panels", home_panels.add_panels)
