"""Admin menu, URLs and the programme targets snippet, shown to those allowed to use them."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from lms.admin_menu import PermissionMenuItem

from . import admin_urls, home_panels
from .access import VIEW_CITY, VIEW_NETWORK
from .models import ProgrammeTarget


class DashboardsSubmenuItem(SubmenuMenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm(VIEW_CITY)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("dashboards/", include(admin_urls))]


@hooks.register("register_admin_menu_item")
def register_dashboards_menu():
    menu = Menu(
        items=[
            PermissionMenuItem(
                _("City dashboards"),
                reverse("dashboards:index"),
                name="city-dashboards",
                icon_name="doc-full",
                order=100,
                permission=VIEW_CITY,
            ),
            PermissionMenuItem(
                _("Network dashboard"),
                reverse("dashboards:network"),
                name="network-dashboard",
                icon_name="site",
                order=200,
                permission=VIEW_NETWORK,
            ),
            PermissionMenuItem(
                _("Programme targets"),
                reverse("wagtailsnippets_dashboards_programmetarget:list"),
                name="programme-targets",
                icon_name="pick",
                order=300,
                permission="dashboards.change_programmetarget",
            ),
            PermissionMenuItem(
                _("My exports"),
                reverse("dashboards:exports"),
                name="learner-exports",
                icon_name="download",
                order=400,
                permission=VIEW_CITY,
            ),
        ]
    )
    return DashboardsSubmenuItem(_("Dashboards"), menu, icon_name="table", order=300)


class ProgrammeTargetViewSet(SnippetViewSet):
    """Coordinators set how many trained front-line workers each city aims for, per year."""

    model = ProgrammeTarget
    icon = "pick"
    add_to_admin_menu = False
    list_display = ["city", "year", "trained_target"]
    list_filter = ["year"]
    ordering = ["-year", "city__name"]


register_snippet(ProgrammeTargetViewSet)


hooks.register("construct_homepage_panels", home_panels.add_panels)
