"""Content in the admin: the decision aid snippet, and the translations that are behind."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.auth import permission_required
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views, home_panels
from .models import DecisionAid

TRANSLATE = "wagtail_localize.submit_translation"


class DecisionAidViewSet(SnippetViewSet):
    model = DecisionAid
    icon = "warning"
    menu_order = 300


register_snippet(DecisionAidViewSet)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "translations-behind/",
            permission_required(TRANSLATE)(admin_views.translations_behind),
            name="courses_translations_behind",
        )
    ]


class TranslationsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm(TRANSLATE)


@hooks.register("register_reports_menu_item")
def register_translations_menu():
    return TranslationsMenuItem(
        _("Translations to update"),
        reverse("courses_translations_behind"),
        name="translations-behind",
        icon_name="globe",
        order=100,
    )


hooks.register("construct_homepage_panels", home_panels.add_panels)
