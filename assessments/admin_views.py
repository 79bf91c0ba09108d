"""Wagtail admin views for trainers: the essay marking queue and item statistics."""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.db.models import Avg, Count, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView

from courses.localisation import source_language
from courses.programme import programme_modules
from lms.models import City

from . import queries, services
from .exceptions import QuizError
from .forms import MarkingForm
from .models import Answer, Attempt, QuizPage

SUBMITTED = [Attempt.Status.AWAITING_MARKING, Attempt.Status.COMPLETED]
MARKING_QUEUE_URL = reverse_lazy("assessments_admin:marking_queue")


def _source_modules(request=None):
    return programme_modules()


def _question(answer: Answer) -> dict:
    """The question as the learner saw it (the attempt's snapshot)."""
    return next((q for q in answer.attempt.questions if q["id"] == answer.question_id), {})


def _learner_name(answer: Answer) -> str:
    profile = getattr(answer.attempt.user, "learner_profile", None)
    return profile.full_name if profile else answer.attempt.user.get_username()


def _learner_city(answer: Answer) -> str:
    profile = getattr(answer.attempt.user, "learner_profile", None)
    return profile.city.name if profile else ""


# Marking queue ------------------------------------------------------------------------------------


class MarkingQueueFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=[
            ("awaiting", gettext_lazy("Awaiting marking")),
            ("marked", gettext_lazy("Marked")),
        ],
        method="filter_status",
        empty_label=gettext_lazy("All essays"),
    )
    module = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Module"), queryset=_source_modules, method="filter_module"
    )
    city = django_filters.ModelChoiceFilter(
        label=gettext_lazy("City"),
        queryset=City.objects.all(),
        field_name="attempt__user__learner_profile__city",
    )
    learner = django_filters.CharFilter(
        label=gettext_lazy("Learner (name or email)"), method="filter_learner"
    )

    class Meta:
        model = Answer
        fields: list[str] = []

    def filter_status(self, queryset, name, value):
        if value == "awaiting":
            return queryset.filter(points__isnull=True)
        if value == "marked":
            return queryset.filter(points__isnull=False)
        return queryset

    def filter_module(self, queryset, name, value):
        return queryset.filter(attempt__module_key=value.translation_key) if value else queryset

    def filter_learner(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(attempt__user__learner_profile__full_name__icontains=value)
            | Q(attempt__user__email__icontains=value)
        )


class MarkingQueueView(ReportView):
    """Essay answers of submitted attempts, those waiting for a mark first, oldest first."""

    page_title = gettext_lazy("Marking queue")
    header_icon = "edit"
    filterset_class = MarkingQueueFilterSet
    index_url_name = "assessments_admin:marking_queue"
    index_results_url_name = "assessments_admin:marking_queue_results"
    paginate_by = 50

    columns = [
        TitleColumn(
            "learner",
            label=gettext_lazy("Learner"),
            accessor=_learner_name,
            url_name="assessments_admin:mark",
        ),
        Column("city", label=gettext_lazy("City"), accessor=_learner_city),
        Column(
            "quiz",
            label=gettext_lazy("Quiz"),
            accessor=lambda a: a.attempt.quiz_page.title if a.attempt.quiz_page else "",
        ),
        Column(
            "question",
            label=gettext_lazy("Question"),
            accessor=lambda a: Truncator(_question(a).get("prompt", "")).chars(90),
        ),
        DateColumn("submitted", label=gettext_lazy("Submitted"), accessor="attempt.submitted_at"),
        Column(
            "status",
            label=gettext_lazy("Points"),
            accessor=lambda a: (
                _("Awaiting marking")
                if a.points is None
                else f"{a.points.normalize():f} / {a.max_points}"
            ),
        ),
    ]

    def get_queryset(self):
        return (
            Answer.objects.essays()
            .filter(attempt__status__in=SUBMITTED)
            .select_related("attempt__user__learner_profile__city", "attempt__quiz_page")
            .order_by(F("points").asc(nulls_first=True), "attempt__submitted_at", "pk")
        )


class MarkAnswerView(WagtailAdminTemplateMixin, FormView):
    """Award points and feedback for one essay; marking it again re-scores the attempt."""

    template_name = "assessments/admin/mark_answer.html"
    form_class = MarkingForm
    page_title = gettext_lazy("Mark an answer")
    header_icon = "edit"

    def dispatch(self, request, *args, **kwargs):
        self.answer = get_object_or_404(
            Answer.objects.essays()
            .filter(attempt__status__in=SUBMITTED)
            .select_related(
                "attempt__user__learner_profile__city", "attempt__quiz_page", "marked_by"
            ),
            pk=kwargs["answer_id"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": MARKING_QUEUE_URL, "label": _("Marking queue")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["max_points"] = self.answer.max_points
        return kwargs

    def get_initial(self):
        return {"points": self.answer.points, "feedback": self.answer.feedback}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        attempt = self.answer.attempt
        context.update(
            answer=self.answer,
            attempt=attempt,
            question=_question(self.answer),
            learner_name=_learner_name(self.answer),
            learner_city=_learner_city(self.answer),
            quiz_title=attempt.quiz_page.title if attempt.quiz_page else "",
            next_url=self._next_url(),
        )
        return context

    def form_valid(self, form):
        try:
            services.mark_answer(
                self.answer.pk,
                self.request.user,
                form.cleaned_data["points"],
                form.cleaned_data["feedback"],
            )
        except QuizError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The answer is marked and the attempt re-scored."))
        return redirect(self._next_url())

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response

    def _next_url(self) -> str:
        url = self.request.POST.get("next") or self.request.GET.get("next") or ""
        if url and url_has_allowed_host_and_scheme(url, allowed_hosts={self.request.get_host()}):
            return url
        return str(MARKING_QUEUE_URL)


# Item statistics ----------------------------------------------------------------------


def _attempt_counts(**filters):
    """A subquery counting a quiz's counted, submitted attempts (pooled across languages)."""
    attempts = (
        Attempt.objects.counted()
        .submitted()
        .filter(quiz_key=OuterRef("translation_key"), **filters)
        .order_by()
        .values("quiz_key")
    )
    return Coalesce(
        Subquery(attempts.annotate(n=Count("id")).values("n"), output_field=IntegerField()), 0
    )


class StatisticsIndexView(ReportView):
    """Every quiz (source language) with its attempts pooled across languages."""

    page_title = gettext_lazy("Item statistics")
    header_icon = "table"
    index_url_name = "assessments_admin:statistics_index"
    index_results_url_name = "assessments_admin:statistics_index_results"
    columns = [
        TitleColumn(
            "title",
            label=gettext_lazy("Quiz"),
            get_url=lambda quiz: reverse(
                "assessments_admin:statistics", args=[quiz.translation_key]
            ),
        ),
        Column("attempt_count", label=gettext_lazy("Attempts")),
        Column("completed_count", label=gettext_lazy("Marked")),
        Column("passed_count", label=gettext_lazy("Passed")),
        Column(
            "mean_percent",
            label=gettext_lazy("Mean score"),
            accessor=lambda quiz: (
                f"{quiz.mean_percent:.1f}%" if quiz.mean_percent is not None else ""
            ),
        ),
    ]

    def get_queryset(self):
        mean = (
            Attempt.objects.counted()
            .completed()
            .filter(quiz_key=OuterRef("translation_key"))
            .order_by()
            .values("quiz_key")
            .annotate(mean=Avg("percent"))
            .values("mean")
        )
        return (
            QuizPage.objects.filter(locale__language_code=source_language())
            .annotate(
                attempt_count=_attempt_counts(),
                completed_count=_attempt_counts(status=Attempt.Status.COMPLETED),
                passed_count=_attempt_counts(passed=True),
                mean_percent=Subquery(mean),
            )
            .order_by("path")
        )


class ItemStatisticsView(WagtailAdminTemplateMixin, TemplateView):
    """Facility and distractor counts per question of one quiz, every language pooled."""

    template_name = "assessments/admin/item_statistics.html"
    page_title = gettext_lazy("Item statistics")
    header_icon = "table"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("assessments_admin:statistics_index"),
                "label": _("Item statistics"),
            },
            {"url": "", "label": self.statistics.quiz.title if self.statistics.quiz else ""},
        ]

    def get(self, request, *args, **kwargs):
        self.statistics = queries.item_statistics(kwargs["quiz_key"])
        if self.statistics.quiz is None:
            raise Http404
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["statistics"] = self.statistics
        return context
