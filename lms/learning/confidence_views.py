"""Learner views of the confidence self-assessment: the form, its submit and "Skip".

Thin wrappers around `confidence`; like every learner view they work on `request.user` only.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from courses.localisation import learner_url, source_copy
from courses.models import ModulePage

from . import confidence
from .services import LearningError
from .views import _private, post_only, refuse


def _next_url(request: HttpRequest, module: ModulePage) -> str:
    """Back where the invitation was (My learning or the module page), never off-site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return learner_url(module, request)


def _module_and_phase(module_key: uuid.UUID, phase: str) -> tuple[ModulePage | None, str | None]:
    module = source_copy(ModulePage, module_key)
    return (module.localized if module is not None else None), confidence.parse_phase(phase)


@login_required
def self_assessment(request: HttpRequest, module_key: uuid.UUID, phase: str) -> HttpResponse:
    """GET: the five statements; POST: store the answers anonymously, once."""
    module, phase_value = _module_and_phase(module_key, phase)
    if module is None or phase_value is None:
        return refuse(request, _("This self-assessment does not exist."), 404)
    form = confidence.ConfidenceForm(request.POST if request.method == "POST" else None)
    status = 200
    try:
        if request.method == "POST":
            if form.is_valid():
                confidence.submit(request.user, module_key, phase_value, form.cleaned_data)
                messages.success(request, _("Thank you: your answers were recorded anonymously."))
                return redirect(_next_url(request, module))
            confidence.check_open(request.user, module_key, phase_value)
            status = 400
        else:
            confidence.check_open(request.user, module_key, phase_value)
    except confidence.AlreadyAnswered as answered:
        # A double submit (or a second tab): the first answer stands.
        messages.info(request, answered.message)
        return redirect(_next_url(request, module))
    except LearningError as error:
        return refuse(request, error.message, error.status)
    context = {
        "module": module,
        "phase": phase_value,
        "form": form,
        "next": _next_url(request, module),
    }
    return _private(render(request, "learning/confidence_form.html", context, status=status))


@login_required
@post_only
def skip_self_assessment(request: HttpRequest, module_key: uuid.UUID, phase: str) -> HttpResponse:
    """Hide the invitation for this phase, for good (a marker without an answer)."""
    module, phase_value = _module_and_phase(module_key, phase)
    if module is None or phase_value is None:
        return refuse(request, _("This self-assessment does not exist."), 404)
    try:
        confidence.skip(request.user, module_key, phase_value)
    except LearningError as error:
        return refuse(request, error.message, error.status)
    messages.info(request, _("The self-assessment is skipped; you will not be asked again."))
    return redirect(_next_url(request, module))
