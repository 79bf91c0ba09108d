"""The trainers' admin home: how many translations are behind their source, one click away."""

from __future__ import annotations

from wagtail.admin.ui.components import Component

from .translation_status import OUT_OF_DATE, UNTRANSLATED, translation_status

TRANSLATE = "wagtail_localize.submit_translation"


class TranslationsBehindPanel(Component):
    """Counts of (page, language) pairs out of date or missing: the four queries of the report."""

    name = "translations_behind"
    template_name = "courses/home/translations_panel.html"
    order = 60

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        statuses = [status for row in translation_status() for status in row.statuses.values()]
        context["out_of_date"] = statuses.count(OUT_OF_DATE)
        context["untranslated"] = statuses.count(UNTRANSLATED)
        return context


def add_panels(request, panels: list) -> None:
    """`construct_homepage_panels` hook: shown to those who translate."""
    if request.user.has_perm(TRANSLATE):
        panels.append(TranslationsBehindPanel())
