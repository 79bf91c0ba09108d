"""Route cards in the admin: leads see and edit only their own cities' cards."""

from __future__ import annotations

from functools import wraps

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.models import Locale
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
from .services import translate_card


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
        translate = path("translate/<str:pk>/", translate_card_view, name="translate")
        for pattern in [translate, *super().get_urlpatterns()]:
            if isinstance(pattern, URLPattern) and "pk" in str(pattern.pattern):
                pattern = URLPattern(
                    pattern.pattern, _scoped(pattern.callback), pattern.default_args, pattern.name
                )
            patterns.append(pattern)
        return patterns


class TranslateCardForm(forms.Form):
    locale = forms.ModelChoiceField(
        label=_("Language"), queryset=Locale.objects.none(), to_field_name="language_code"
    )

    def __init__(self, *args, card: RouteCard, **kwargs):
        super().__init__(*args, **kwargs)
        taken = card.get_translations(inclusive=True).values_list("locale_id", flat=True)
        self.fields["locale"].queryset = Locale.objects.exclude(pk__in=list(taken))
        self.fields["locale"].label_from_instance = lambda locale: locale.get_display_name()


def translate_card_view(request, pk: str):
    """A lead starts the translation of their own city's card (no wagtail-localize permission,
    which would let them translate any page or snippet): the copy opens in the translation
    editor and goes live after a coordinator approves it. Another city's card is refused by
    `_scoped`, like every other view on one card."""
    if not request.user.has_perm("network.change_routecard"):
        raise PermissionDenied
    card = get_object_or_404(RouteCard, pk=pk)
    form = TranslateCardForm(request.POST or None, card=card)
    if request.method == "POST" and form.is_valid():
        copy = translate_card(card, form.cleaned_data["locale"], user=request.user)
        messages.success(
            request,
            gettext("A copy in %(language)s is ready to translate.")
            % {"language": copy.locale.get_display_name()},
        )
        return redirect("wagtailsnippets_network_routecard:edit", copy.pk)
    context = {"card": card, "form": form, "page_title": gettext("Translate the route card")}
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(request, "network/admin/translate_card.html", context, status=status)


@hooks.register("register_snippet_listing_buttons")
def translate_card_button(snippet, user, next_url=None):
    if isinstance(snippet, RouteCard) and user.has_perm("network.change_routecard"):
        yield Button(
            _("Translate"),
            reverse("wagtailsnippets_network_routecard:translate", args=[snippet.pk]),
            icon_name="globe",
            priority=60,
        )


register_snippet(RouteCardViewSet)
