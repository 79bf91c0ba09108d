"""Route cards in the admin: leads see and edit only their own cities' cards."""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.urls import URLPattern
from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
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


class RouteCardViewSet(SnippetViewSet):
    model = RouteCard
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
