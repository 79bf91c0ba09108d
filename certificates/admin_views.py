"""Wagtail admin for trainers: find a certificate, revoke it with a reason, re-issue it."""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView
from wagtail.models import ModelLogEntry

from lms.models import City

from . import services
from .admin_forms import RevokeForm
from .models import Certificate, normalise_code

LIST_URL = reverse_lazy("certificates_admin:list")


class CertificateFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=[("valid", gettext_lazy("Valid")), ("revoked", gettext_lazy("Revoked"))],
        method="filter_status",
        empty_label=gettext_lazy("All certificates"),
    )
    kind = django_filters.ChoiceFilter(label=gettext_lazy("Kind"), choices=Certificate.Kind.choices)
    pdf_status = django_filters.ChoiceFilter(
        label=gettext_lazy("PDF"), choices=Certificate.PdfStatus.choices
    )
    city = django_filters.ModelChoiceFilter(label=gettext_lazy("City"), queryset=City.objects.all())
    q = django_filters.CharFilter(label=gettext_lazy("Name, email or code"), method="filter_search")

    class Meta:
        model = Certificate
        fields: list[str] = []

    def filter_status(self, queryset, name, value):
        if value == "valid":
            return queryset.filter(revoked_at__isnull=True)
        if value == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        return queryset

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(learner_name__icontains=value)
            | Q(user__email__iexact=value)
            | Q(code=normalise_code(value))
        )


def _status(certificate: Certificate) -> str:
    if certificate.is_revoked:
        return _("Revoked")
    return str(certificate.get_pdf_status_display())


class CertificateListView(ReportView):
    page_title = gettext_lazy("Certificates")
    header_icon = "tasks"
    filterset_class = CertificateFilterSet
    index_url_name = "certificates_admin:list"
    index_results_url_name = "certificates_admin:list_results"
    paginate_by = 50
    columns = [
        TitleColumn(
            "learner_name",
            label=gettext_lazy("Learner"),
            url_name="certificates_admin:detail",
        ),
        Column("city_name", label=gettext_lazy("City")),
        Column("title", label=gettext_lazy("Certificate")),
        DateColumn("completed_on", label=gettext_lazy("Completed on")),
        DateColumn("issued_at", label=gettext_lazy("Issued")),
        Column("status", label=gettext_lazy("Status"), accessor=_status),
    ]

    def get_queryset(self):
        return Certificate.objects.select_related("user").order_by("-issued_at", "-pk")


class CertificateDetailView(WagtailAdminTemplateMixin, FormView):
    """The certificate's facts and history; revoke (reason required), re-issue, retry the PDF."""

    template_name = "certificates/admin/detail.html"
    form_class = RevokeForm
    page_title = gettext_lazy("Certificate")
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        self.certificate = get_object_or_404(
            Certificate.objects.select_related("user", "revoked_by"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": LIST_URL, "label": _("Certificates")},
            {"url": "", "label": self.certificate.display_code},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        certificate = self.certificate
        context.update(
            certificate=certificate,
            history=ModelLogEntry.objects.for_instance(certificate).select_related("user"),
            replacement=Certificate.objects.valid()
            .filter(user=certificate.user_id, kind=certificate.kind)
            .filter(module_key=certificate.module_key)
            .exclude(pk=certificate.pk)
            .first(),
        )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action == "reissue" and self.certificate.is_revoked:
            replacement = services.reissue(self.certificate, by=request.user)
            messages.success(
                request,
                _("Re-issued with the new code %(code)s.") % {"code": replacement.display_code},
            )
            return redirect("certificates_admin:detail", replacement.pk)
        if action == "retry" and self.certificate.pdf_status == Certificate.PdfStatus.FAILED:
            services.retry_pdf(self.certificate, by=request.user)
            messages.success(request, _("The PDF will be rendered again."))
            return redirect("certificates_admin:detail", self.certificate.pk)
        if action == "revoke" and not self.certificate.is_revoked:
            return super().post(request, *args, **kwargs)
        messages.error(request, _("This action is not available for this certificate."))
        return redirect("certificates_admin:detail", self.certificate.pk)

    def form_valid(self, form):
        services.revoke(self.certificate, by=self.request.user, reason=form.cleaned_data["reason"])
        messages.success(self.request, _("The certificate was revoked."))
        return redirect(reverse("certificates_admin:detail", args=[self.certificate.pk]))
