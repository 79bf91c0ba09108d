"""The trainers' admin home: how many essay answers wait for a mark, one click away."""

from __future__ import annotations

from wagtail.admin.ui.components import Component

from .models import Answer

MARK_ANSWERS = "assessments.mark_answers"


class MarkingQueuePanel(Component):
    """The number of essay answers awaiting marking (one COUNT query)."""

    name = "marking_queue"
    template_name = "assessments/home/marking_panel.html"
    order = 55

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["awaiting"] = Answer.objects.awaiting_marking().count()
        return context


def add_panels(request, panels: list) -> None:
    """`construct_homepage_panels` hook: shown to those who mark."""
    if request.user.has_perm(MARK_ANSWERS):
        panels.append(MarkingQueuePanel())
