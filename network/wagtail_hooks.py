"""Route cards in the admin: leads see and edit only their own cities' cards."""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.urls import URLPattern
from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import RouteCard


def _scoped(view):
    """Every view on one card (edit, history, workflow, unpublish...) checks the lead's city."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        pk = kwargs.get("pk")
        allowed = RouteCard.objects.editable_by(request.user).filter(pk=pk)
        if pk is not None and not allowed.exists() and RouteCard.objects.filter(pk=pk).exists():
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


class _ScopedChooser:
    """The chooser (its list, search and "chosen" answers) offers the lead's cities' cards only."""

    def get_object_list(self):
        return RouteCard.objects.editable_by(self.request.user)


class RouteCardChooseView(_ScopedChooser, ChooseView):
    pass


class RouteCardChooseResultsView(_ScopedChooser, ChooseResultsView):
    pass


class RouteCardChosenView(SnippetChosenView):
    def get_object(self, pk):
        return RouteCard.objects.editable_by(self.request.user).get(pk=pk)


class RouteCardChosenMultipleView(SnippetChosenMultipleView):
    def get_objects(self, pks):
        return RouteCard.objects.editable_by(self.request.user).filter(pk__in=pks)


class RouteCardChooserViewSet(SnippetChooserViewSet):
    choose_view_class = RouteCardChooseView
    choose_results_view_class = RouteCardChooseResultsView
    chosen_view_class = RouteCardChosenView
    chosen_multiple_view_class = RouteCardChosenMultipleView


class RouteCardViewSet(SnippetViewSet):
    model = RouteCard
    chooser_viewset_class = RouteCardChooserViewSet
    icon = "site"
    menu_label = _("Route cards")
    menu_order = 310
    list_display = ["city", "locale", "live", "last_reviewed"]
    list_filter = ["locale", "live"]

    def get_queryset(self, request):
        return RouteCard.objects.editable_by(request.user).select_related("city", "locale")

    def get_urlpatterns(self):
        patterns = []
        for pattern in super().get_urlpatterns():
            if isinstance(pattern, URLPattern) and "pk" in str(pattern.pattern):
                pattern = URLPattern(
                    pattern.pattern, _scoped(pattern.callback), pattern.default_args, pattern.name
                )
            patterns.append(pattern)
        return patterns


register_snippet(RouteCardViewSet)
