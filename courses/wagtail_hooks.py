"""The decision aid as a snippet: trainers edit its words once, translate them like pages."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import DecisionAid


class DecisionAidViewSet(SnippetViewSet):
    model = DecisionAid
    icon = "warning"
    menu_order = 300


register_snippet(DecisionAidViewSet)
