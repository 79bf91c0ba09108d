"""Filters of the learner report, shared by the page, its exports and the export task."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from lms.learning.models import ModuleProgress
from lms.models import LearnerProfile, Profession

from .modules import Module
from .queries import listed_profiles

STATUS = ModuleProgress.Status
STARTED = [STATUS.IN_PROGRESS, STATUS.COMPLETED]
# No progress row: not enrolled (queries.NOT_ENROLLED), told apart from enrolled but not started.
NOT_ENROLLED = "not_enrolled"


def _day_start(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _day_end(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max))


class DateInput(forms.DateInput):
    input_type = "date"


class LearnerFilterSet(WagtailFilterSet):
    name = django_filters.CharFilter(label=_("Name contains"), method="filter_name")
    profession = django_filters.ChoiceFilter(
        label=_("Profession"), choices=Profession.choices, empty_label=_("All professions")
    )
    module = django_filters.ChoiceFilter(
        label=_("Module"), method="filter_nothing", empty_label=_("Any module")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(NOT_ENROLLED, _("Not enrolled")), *STATUS.choices],
        method="filter_nothing",
        empty_label=_("Any status"),
    )
    active_from = django_filters.DateFilter(
        label=_("Active from"), method="filter_nothing", widget=DateInput
    )
    active_to = django_filters.DateFilter(
        label=_("Active until"), method="filter_nothing", widget=DateInput
    )
    registered_from = django_filters.DateFilter(
        label=_("Registered from"), method="filter_nothing", widget=DateInput
    )
    registered_to = django_filters.DateFilter(
        label=_("Registered until"), method="filter_nothing", widget=DateInput
    )

    class Meta:
        model = LearnerProfile
        fields: list[str] = []

    def __init__(self, *args, modules: Sequence[Module] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.modules = {str(module.key): module for module in modules}
        self.filters["module"].extra["choices"] = [
            (str(module.key), f"{module.number}. {module.title}") for module in modules
        ]

    def filter_name(self, queryset, name, value):
        value = " ".join(value.split())
        return queryset.filter(full_name__icontains=value) if value else queryset

    def filter_nothing(self, queryset, name, value):
        # Module, status and dates combine in filter_queryset below.
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        progress = ModuleProgress.objects.filter(user=OuterRef("user"))
        module_key = data.get("module") or None
        status = data.get("status") or None
        if module_key:
            progress = progress.filter(module_key=module_key)
        if status == NOT_ENROLLED:
            # Not enrolled in the module (in any module when none is chosen).
            queryset = queryset.filter(~Exists(progress))
        elif status == STATUS.NOT_STARTED and not module_key:
            # Enrolled, and nothing started in any module.
            started = progress.filter(status__in=STARTED)
            queryset = queryset.filter(Exists(progress), ~Exists(started))
        elif status:
            queryset = queryset.filter(Exists(progress.filter(status=status)))
        elif module_key:
            queryset = queryset.filter(Exists(progress))
        activity = Q()
        if data.get("active_from"):
            activity &= Q(last_activity_at__gte=_day_start(data["active_from"]))
        if data.get("active_to"):
            activity &= Q(last_activity_at__lte=_day_end(data["active_to"]))
        if activity:
            recent = ModuleProgress.objects.filter(activity, user=OuterRef("user"))
            queryset = queryset.filter(Exists(recent))
        if data.get("registered_from"):
            queryset = queryset.filter(created_at__gte=_day_start(data["registered_from"]))
        if data.get("registered_to"):
            queryset = queryset.filter(created_at__lte=_day_end(data["registered_to"]))
        return queryset


def filtered_learners(city_id: int, params: dict, modules: Sequence[Module]):
    """The learners of one city under the report's GET-style filters (invalid ones: none)."""
    filterset = LearnerFilterSet(
        params, queryset=listed_profiles().filter(city=city_id), modules=modules
    )
    return filterset.qs if filterset.is_valid() else filterset.queryset.none()
