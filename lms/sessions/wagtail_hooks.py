"""Sessions in the Wagtail admin: trainers (any session) and city leads (their city's) edit them.

The edit, delete and listing views are scoped by `Session.objects.managed_by`, so a lead of
city A never reaches city B's sessions; the form limits a lead's organising city to theirs.
"""

from __future__ import annotations

from django.http import Http404
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    CreateView,
    DeleteView,
    EditView,
    IndexView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from lms.models import City

from . import admin_urls, services
from .admin_views import VIEW_SESSIONS, led_city_ids
from .models import ModuleSessionRequirement, Session


def is_lead_only(user) -> bool:
    """A city lead who is not also a trainer or a manager of every session."""
    if user.is_superuser or user.has_perm("training_sessions.manage_all_sessions"):
        return False
    return not user.groups.filter(name="Trainers").exists() and bool(led_city_ids(user))


class SessionForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is not None and is_lead_only(user) and "city" in self.fields:
            self.fields["city"].queryset = City.objects.filter(lead_assignments__user=user)
            self.fields["city"].required = True
            self.fields["city"].empty_label = None


class ScopedMixin:
    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not Session.objects.managed_by(self.request.user).filter(pk=obj.pk).exists():
            raise Http404
        return obj


class SessionIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .filter(pk__in=Session.objects.managed_by(self.request.user).values("pk"))
        )

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        buttons.append(
            ListingButton(
                _("Bookings and registers"),
                reverse("training_sessions_admin:bookings", args=[instance.pk]),
                icon_name="list-ul",
                priority=5,
            )
        )
        return buttons


class SessionCreateView(CreateView):
    def save_instance(self):
        instance = super().save_instance()
        user = self.request.user
        # The author keeps access to what they created.
        if user.groups.filter(name="Trainers").exists() and not instance.trainers.exists():
            instance.trainers.add(user)
            instance.save()
        services.session_saved(instance, before=None)
        return instance


class SessionEditView(ScopedMixin, EditView):
    def save_instance(self):
        before = services.schedule_signature(Session.objects.get(pk=self.object.pk))
        instance = super().save_instance()
        services.session_saved(instance, before=before)
        return instance


class SessionDeleteView(ScopedMixin, DeleteView):
    pass


class SessionViewSet(SnippetViewSet):
    model = Session
    icon = "date"
    menu_label = _("Sessions")
    index_view_class = SessionIndexView
    add_view_class = SessionCreateView
    edit_view_class = SessionEditView
    delete_view_class = SessionDeleteView
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = [
        "title",
        Column("starts_at", label=_("Starts")),
        "city",
        "capacity",
        "status",
    ]
    list_filter = ["status", "language", "city"]
    search_fields = ["title"]
    ordering = ["-starts_at"]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [FieldPanel("title"), FieldPanel("description"), FieldPanel("modules")],
                heading=_("What"),
            ),
            InlinePanel("parts", heading=_("Dates (in the venue's time zone)"), min_num=1),
            MultiFieldPanel(
                [
                    FieldPanel("venue_name"),
                    FieldPanel("venue_address"),
                    FieldPanel("accessibility_notes"),
                    FieldPanel("online_url"),
                    FieldPanel("time_zone"),
                ],
                heading=_("Where"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("language"), FieldPanel("interpretation")]),
                    FieldPanel("trainers"),
                ],
                heading=_("Languages and trainers"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("city"),
                    FieldPanel("open_to_network"),
                    FieldPanel("eligible_cities"),
                    FieldRowPanel([FieldPanel("capacity"), FieldPanel("booking_deadline")]),
                    FieldPanel("prerequisite_module"),
                    FieldPanel("status"),
                ],
                heading=_("Booking"),
            ),
        ],
        base_form_class=SessionForm,
    )


class ModuleSessionRequirementViewSet(SnippetViewSet):
    """Trainers choose the modules that learners complete only after attending a session."""

    model = ModuleSessionRequirement
    icon = "tick"
    menu_label = _("Modules requiring a session")
    list_display = ["module", "created_at"]
    panels = [FieldPanel("module")]


class SessionsGroup(SnippetViewSetGroup):
    items = (SessionViewSet, ModuleSessionRequirementViewSet)
    menu_icon = "date"
    menu_label = _("Training sessions")
    menu_name = "training-sessions"
    menu_order = 250


register_snippet(SessionsGroup)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("training-sessions/", include(admin_urls))]


class PermissionMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm(VIEW_SESSIONS) and bool(led_city_ids(request.user))


@hooks.register("register_admin_menu_item")
def register_city_bookings_menu():
    return PermissionMenuItem(
        _("My cities' sessions"),
        reverse("training_sessions_admin:city"),
        name="city-sessions",
        icon_name="group",
        order=260,
    )
