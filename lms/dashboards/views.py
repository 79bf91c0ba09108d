"""Dashboards in the Wagtail admin. Views stay thin: access comes from access.py, figures from
queries.py, forms from forms.py, workflows from enrolments/exports/invitations.py. The
learner-facing invitation page is in public_views.py."""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property

from django.contrib import messages
from django.db.models import Count, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView

from lms.http import private
from lms.models import Country

from . import access, charts, confidence, queries, snapshots
from .enrolments import enrol_learners
from .exports import LearnerSpreadsheet, request_export, sync_limit
from .filters import LearnerFilterSet, filtered_learners
from .forms import EnrolForm, InvitationUploadForm
from .invitations import import_invitations
from .localtime import in_time_zone
from .models import ExportJob, Invitation
from .modules import programme_modules

STATUS = queries.STATUS


class CityMixin:
    """Resolves `city_id` against the cities the user may see; 404 for any other id."""

    individual = False

    @cached_property
    def cities(self):
        if self.individual:
            return access.individual_cities(self.request.user)
        return access.aggregate_cities(self.request.user)

    @cached_property
    def city(self):
        return access.pick(self.cities, self.kwargs["city_id"])

    @cached_property
    def modules(self):
        return programme_modules()


# Dashboards -------------------------------------------------------------------------------------


class DashboardIndexView(WagtailAdminTemplateMixin, CityMixin, TemplateView):
    """Straight to the dashboard when the user has one city; a picker otherwise."""

    page_title = gettext_lazy("City dashboards")
    header_icon = "doc-full"
    template_name = "dashboards/index.html"

    def get(self, request, *args, **kwargs):
        if len(self.cities) == 1:
            return redirect("dashboards:city", city_id=self.cities[0].pk)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cities"] = self.cities
        context["network"] = self.request.user.has_perm(access.VIEW_NETWORK)
        return context


class CityDashboardView(WagtailAdminTemplateMixin, CityMixin, TemplateView):
    header_icon = "doc-full"
    template_name = "dashboards/city.html"

    def get_page_title(self):
        return _("Dashboard: %(city)s") % {"city": self.city.name}

    def get_breadcrumbs_items(self):
        # The city's name is the visible heading (the last crumb), not only the hidden <h1>.
        return [
            *self.breadcrumbs_items,
            {"url": reverse("dashboards:index"), "label": _("City dashboards")},
            {"url": "", "label": self.city.name},
        ]

    @cached_property
    def cities(self):
        return access.aggregate_cities(self.request.user, snapshots=True)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        figures, months, computed_at = snapshots.figures_of([self.city], self.modules)[self.city.pk]
        context.update(
            computed_at=computed_at,
            city=self.city,
            cities=self.cities,
            figures=figures,
            months=months,
            module_chart=charts.stacked_bars(
                [
                    (
                        f"{m.module.number}. {m.module.title}",
                        [
                            ("completed", m.completed),
                            ("in-progress", m.in_progress),
                            ("not-started", m.not_started),
                        ],
                    )
                    for m in figures.modules
                ]
            ),
            funnel=list(zip(range(1, len(figures.funnel) + 1), figures.funnel, strict=True)),
            funnel_chart=charts.bars(
                [
                    (_("%(n)s of %(total)s") % {"n": n, "total": len(figures.funnel)}, count)
                    for n, count in enumerate(figures.funnel, start=1)
                ],
                css="funnel",
            ),
            month_chart=charts.monthly_columns(months),
            active_days=queries.ACTIVE_DAYS,
            leads_city=self.city.is_led_by_user,
            confidence=confidence.city_confidence(self.city.pk, self.modules),
            sessions=figures.sessions,
        )
        return context


class NetworkDashboardView(WagtailAdminTemplateMixin, TemplateView):
    """Every city side by side and per country, against targets: aggregates only, no names."""

    page_title = gettext_lazy("Network dashboard")
    header_icon = "site"
    template_name = "dashboards/network.html"

    def dispatch(self, request, *args, **kwargs):
        access.require_network(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        year = timezone.localdate(now).year
        cities = access.aggregate_cities(self.request.user, snapshots=True, target_year=year)
        modules = programme_modules()
        snapshot = snapshots.figures_of(cities, modules, now)
        figures = {city_id: item[0] for city_id, item in snapshot.items()}
        targets = {city.pk: city.target for city in cities}
        rows = []
        countries: dict[str, dict] = defaultdict(
            lambda: {"registered": 0, "active": 0, "trained": 0, "certificates": 0, "target": 0}
        )
        for city in cities:
            item = figures[city.pk]
            target = targets.get(city.pk)
            rows.append(
                {
                    "city": city,
                    "figures": item,
                    "target": target,
                    "progress": round(100 * item.trained / target) if target else None,
                }
            )
            country = countries[city.country]
            country["registered"] += item.registered
            country["active"] += item.active
            country["trained"] += item.trained
            country["certificates"] += item.certificates
            country["target"] += target or 0
        labels = dict(Country.choices)
        context.update(
            computed_at=min((item[2] for item in snapshot.values()), default=now),
            rows=rows,
            modules=modules,
            year=year,
            countries=sorted(
                ({"name": labels.get(code, code), **values} for code, values in countries.items()),
                key=lambda row: str(row["name"]),
            ),
            active_days=queries.ACTIVE_DAYS,
            target_chart=charts.stacked_bars(
                [
                    (
                        row["city"].name,
                        [
                            ("completed", row["figures"].trained),
                            (
                                "not-started",
                                max((row["target"] or 0) - row["figures"].trained, 0),
                            ),
                        ],
                    )
                    for row in rows
                ]
            ),
            can_edit_targets=self.request.user.has_perm("dashboards.change_programmetarget"),
            confidence=confidence.network_confidence([city.pk for city in cities], modules),
            session_rows=[
                (row["city"], row["figures"].sessions)
                for row in rows
                if row["figures"].sessions.booked or row["figures"].sessions.places
            ],
        )
        return context


@require_POST
def refresh_figures(request):
    """Recompute the snapshot now: one city (`city` in the form) or, for coordinators, all.

    A lead may refresh the cities they see (404 for any other id); the network needs the
    network permission (403).
    """
    city_id = request.POST.get("city", "")
    if city_id:
        # ASCII digits only: "²".isdigit() is true and int("²") fails; "١٢" would parse as 12.
        if not (city_id.isascii() and city_id.isdecimal() and len(city_id) <= 18):
            context = {
                "page_title": _("Refresh the figures"),
                "message": _("The city must be given by its number."),
                "back": reverse("dashboards:index"),
            }
            return render(request, "dashboards/bad_request.html", context, status=400)
        city = access.pick(access.aggregate_cities(request.user), int(city_id))
        snapshots.refresh_snapshots([city.pk])
        target = reverse("dashboards:city", args=[city.pk])
    else:
        access.require_network(request.user)
        snapshots.refresh_snapshots()
        target = reverse("dashboards:network")
    messages.success(request, _("The figures are up to date."))
    return redirect(target)


# Learner report -----------------------------------------------------------------------------------


class ProgressColumn(Column):
    cell_template_name = "dashboards/includes/progress_cell.html"

    def __init__(self, module, **kwargs) -> None:
        super().__init__(module.field, label=f"{module.number}. {module.title}", **kwargs)
        self.module = module

    def get_value(self, instance):
        return instance.progress[self.module.key]


class LearnerReportView(CityMixin, ReportView):
    """One row per learner of the city; filters, sorting, pagination and exports.

    Three queries of its own whatever the city's size: the city (with the access check and the
    number of matching learners), the module list (usually cached), and the page of rows with
    every module's progress pivoted into it.
    """

    individual = True
    header_icon = "user"
    filterset_class = LearnerFilterSet
    index_url_name = "dashboards:learners"
    index_results_url_name = "dashboards:learners_results"
    template_name = "dashboards/learner_report.html"
    default_ordering = "full_name"
    paginate_by = 50
    page_kwarg = "p"
    export_headings: dict = {}

    @cached_property
    def city(self):
        """The city if the user leads it (else 404), counting the learners the filters match."""
        matching = (
            self.filter_queryset(queries.listed_profiles().filter(city=self.kwargs["city_id"]))
            .order_by()
            .values("city")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return access.pick_individual(
            self.request.user,
            self.kwargs["city_id"],
            matching=Coalesce(Subquery(matching), 0),
        )

    def get_page_title(self):
        return _("Learners: %(city)s") % {"city": self.city.name}

    def get_index_url(self):
        return reverse(self.index_url_name, args=[self.city.pk])

    def get_index_results_url(self):
        return reverse(self.index_results_url_name, args=[self.city.pk])

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("dashboards:city", args=[self.city.pk]), "label": self.city.name},
            {"url": "", "label": _("Learners")},
        ]

    def get_queryset(self):
        return self.order_queryset(self.filter_queryset(self.get_base_queryset()))

    def get_base_queryset(self):
        return queries.learners_of([self.city.pk])

    def get_filterset_kwargs(self):
        return {**super().get_filterset_kwargs(), "modules": self.modules}

    def get_filtered_queryset(self):
        return self.get_queryset()

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        paginator.count = self.city.matching  # counted with the city: no COUNT query
        return paginator

    @cached_property
    def columns(self):
        return [
            SelectColumn(),
            Column("full_name", label=_("Name"), sort_key="full_name"),
            Column(
                "profession",
                label=_("Profession"),
                accessor="get_profession_display",
                sort_key="profession",
            ),
            DateColumn("created_at", label=_("Registered"), sort_key="created_at"),
            *(ProgressColumn(module) for module in self.modules),
            Column("certificate_count", label=_("Certificates")),
            DateColumn("last_activity", label=_("Last activity"), sort_key="last_activity"),
        ]

    def order_queryset(self, queryset):
        ordering = self.ordering
        if not ordering:
            return queryset
        if ordering.lstrip("-") == "last_activity":
            from django.db.models import F

            expression = F("last_activity")
            expression = (
                expression.desc(nulls_last=True)
                if ordering.startswith("-")
                else expression.asc(nulls_first=True)
            )
            return queryset.order_by(expression, "pk")
        return queryset.order_by(ordering, "pk")

    def paginate_queryset(self, queryset, page_size):
        paginator, page, _object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        # The page's ids are picked by the plain query (LIMIT/OFFSET inside a subquery), and
        # only those rows get the per-module subqueries: still one query, and page 40 costs
        # no more than page 1.
        page_ids = page.object_list.values("pk")
        rows = queries.with_progress(
            self.get_base_queryset().filter(pk__in=page_ids), self.modules
        ).order_by(*queryset.query.order_by)
        page.object_list = list(rows)
        queries.attach_progress(page.object_list, self.modules)
        return paginator, page, page.object_list, is_paginated

    @cached_property
    def spreadsheet(self) -> LearnerSpreadsheet:
        return LearnerSpreadsheet(self.modules, self.city.tzinfo, self.get_filename())

    @property
    def list_export(self):
        return self.spreadsheet.list_export

    def get_filename(self):
        return f"learners-{self.city.slug}-{timezone.localdate():%Y-%m-%d}"

    def get(self, request, *args, **kwargs):
        if not self.is_export:
            return in_time_zone(super().get(request, *args, **kwargs), self.city.tzinfo)
        params = {key: value for key, value in request.GET.items() if key != "export"}
        export_format = request.GET["export"]
        learners = filtered_learners(self.city.pk, params, self.modules)
        if self.city.matching > sync_limit():
            request_export(request.user, self.city, export_format, params)
            messages.success(
                request,
                _(
                    "This export is large: it is being prepared and will be listed here "
                    "when it is ready."
                ),
            )
            return redirect("dashboards:exports")
        return self.spreadsheet.as_spreadsheet(self.spreadsheet.rows(learners), export_format)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["city"] = self.city
        context["enrol_form"] = EnrolForm(modules=self.modules)
        context["report_query"] = self.request.GET.urlencode()
        return context


class SelectColumn(Column):
    """A checkbox per learner, tied to the enrol form above the table by its `form` attribute."""

    cell_template_name = "dashboards/includes/select_cell.html"

    def __init__(self) -> None:
        super().__init__("select", label=_("Select"))

    def get_value(self, instance):
        return instance


@require_POST
def enrol_learners_view(request, city_id: int):
    """Enrol the selected learners of the lead's city in a module; 404 for any other learner."""
    city = access.pick_individual(request.user, city_id)
    modules = programme_modules()
    form = EnrolForm(request.POST, modules=modules)
    back = reverse("dashboards:learners", args=[city.pk])
    query = request.POST.get("next", "")
    if query.startswith("?"):
        back += query
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _bad_request(request, back)
    ids = form.cleaned_data["learners"]
    profiles = list(queries.listed_profiles().filter(city=city, pk__in=ids).select_related("user"))
    if len(profiles) != len(ids):
        raise Http404  # someone else's learner, or no learner at all
    module = next(m for m in modules if m.key == form.cleaned_data["module"])
    result = enrol_learners(profiles, module.key, enrolled_by=request.user)
    if result.enrolled:
        messages.success(
            request,
            ngettext(
                "%(count)s learner enrolled in %(module)s.",
                "%(count)s learners enrolled in %(module)s.",
                result.enrolled,
            )
            % {"count": result.enrolled, "module": module.title},
        )
    if result.already:
        messages.info(
            request,
            ngettext(
                "%(count)s learner was already enrolled.",
                "%(count)s learners were already enrolled.",
                result.already,
            )
            % {"count": result.already},
        )
    return redirect(back)


def _bad_request(request, back: str):
    """The report again with the form's errors shown as messages, answered with 400."""
    return render(request, "dashboards/enrol_error.html", {"back": back}, status=400)


# Exports ------------------------------------------------------------------------------------------


class ExportListView(WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("Learner exports")
    header_icon = "download"
    template_name = "dashboards/exports.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cities = access.individual_cities(self.request.user)
        context["jobs"] = (
            ExportJob.objects.filter(requested_by=self.request.user, city__in=cities)
            .select_related("city")
            .order_by("-created_at", "-id")[:50]
        )
        return context


def download_export(request, job_id: int):
    """The file of a ready export, for its requester while they still lead the city; else 404."""
    cities = access.individual_cities(request.user)
    job = get_object_or_404(
        ExportJob,
        pk=job_id,
        requested_by=request.user,
        city__in=cities,
        status=ExportJob.Status.READY,
    )
    if not job.file:
        raise Http404
    return private(FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename))


# Invitations --------------------------------------------------------------------------------------


class InvitationsView(WagtailAdminTemplateMixin, CityMixin, FormView):
    """Upload a CSV of people to invite, and see who accepted."""

    individual = True
    header_icon = "mail"
    template_name = "dashboards/invitations.html"
    form_class = InvitationUploadForm

    def get_page_title(self):
        return _("Invitations: %(city)s") % {"city": self.city.name}

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("dashboards:city", args=[self.city.pk]), "label": self.city.name},
            {"url": "", "label": _("Invitations")},
        ]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "modules": self.modules}

    def form_valid(self, form):
        result = import_invitations(
            self.city,
            form.cleaned_data["file"].read(),
            self.request.user,
            module_key=form.cleaned_data["module"],
        )
        if result.errors:
            return self.render_to_response(
                self.get_context_data(form=form, errors=result.errors), status=400
            )
        messages.success(
            self.request,
            _("%(count)s invitations created; the emails are on their way.")
            % {"count": len(result.invitations)},
        )
        return redirect("dashboards:invitations", city_id=self.city.pk)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        return in_time_zone(response, self.city.tzinfo)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        invitations = Invitation.objects.filter(city=self.city).order_by("-created_at", "-id")
        titles = {m.key: f"{m.number}. {m.title}" for m in self.modules}
        listed = list(invitations[:200])
        for invitation in listed:
            invitation.module_label = titles.get(invitation.module_key, "")
        context.update(
            city=self.city,
            invitations=listed,
            accepted=invitations.filter(accepted_at__isnull=False).count(),
            total=invitations.count(),
        )
        return context
