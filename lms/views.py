"""Account views that need more than allauth gives (the language switch: lms.language_switch)."""

from __future__ import annotations

from allauth.account import views as account_views
from allauth.mfa.base import views as mfa_views
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import gettext as _

from .forms import DeleteAccountForm, ProfileForm
from .http import private
from .languages import url_in_language
from .middleware import PREFERRED_LANGUAGE_SESSION_KEY
from .services import delete_account, personal_data, personal_data_summary


class FormErrorStatusMixin:
    """Re-renders an invalid form with a 4xx status, as every bad input must get one."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        codes = {error.code for errors in form.errors.as_data().values() for error in errors}
        if "too_many_login_attempts" in codes:
            response.status_code = 429
            response["Retry-After"] = str(settings.LOGIN_LOCKOUT_SECONDS)
        else:
            response.status_code = 400
        return response


class LoginView(FormErrorStatusMixin, account_views.LoginView):
    pass


class SignupView(FormErrorStatusMixin, account_views.SignupView):
    pass


class PasswordResetView(FormErrorStatusMixin, account_views.PasswordResetView):
    pass


class PasswordResetFromKeyView(FormErrorStatusMixin, account_views.PasswordResetFromKeyView):
    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().dispatch(request, *args, **kwargs)
        # A used, expired or altered link is bad input: say so with a 400, not a 200.
        if (getattr(response, "context_data", None) or {}).get("token_fail"):
            response.status_code = 400
        return response


class MfaAuthenticateView(mfa_views.AuthenticateView):
    """The second step of signing in: a wrong code answers 400, as every bad input does."""

    def form_invalid(self, form) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = 400
        return response


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico; the icon is an SVG among the static files."""
    # Resolved per request: the hashed static name exists only after collectstatic.
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """The learner's own details: what the platform stores about them, editable by them."""
    learner = getattr(request.user, "learner_profile", None)
    if learner is None:
        messages.info(request, _("Staff accounts have no learner profile."))
        return redirect("/")
    form = ProfileForm(request.POST or None, instance=learner)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            form.save()
            request.session[PREFERRED_LANGUAGE_SESSION_KEY] = learner.preferred_language
            messages.success(request, _("Your profile has been saved."))
            return redirect(url_in_language(request.path, learner.preferred_language))
        status = 400
    return render(request, "lms/profile.html", {"form": form}, status=status)


@login_required
def export_my_data(request: HttpRequest) -> HttpResponse:
    """Everything stored about the signed-in account, as a JSON file they can keep or move."""
    response = JsonResponse(personal_data(request.user), json_dumps_params={"indent": 2})
    filename = f"liaise-academy-my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return private(response)


@login_required
def my_data_summary(request: HttpRequest) -> HttpResponse:
    """The same data as the download, as a page to read or print (titles, questions, answers)."""
    data = personal_data(request.user)
    context = {"sections": personal_data_summary(data), "exported_at": timezone.now()}
    return private(render(request, "lms/my_data.html", context))


@login_required
def delete_my_account(request: HttpRequest) -> HttpResponse:
    """Learners erase their own account after typing their password; staff ask an administrator."""
    if getattr(request.user, "learner_profile", None) is None or request.user.is_staff:
        messages.error(request, _("Staff accounts are deleted by an administrator."))
        return redirect("profile")
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            user = request.user
            logout(request)
            delete_account(user)
            messages.success(
                request, _("Your account and everything stored about you are deleted.")
            )
            return redirect("/")
        return render(request, "lms/delete_account.html", {"form": form}, status=400)
    return render(request, "lms/delete_account.html", {"form": form})
