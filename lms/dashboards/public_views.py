"""The learner-facing side of the dashboards app (under the language prefix): accepting an
invitation. The account is created by `invitations.accept_invitation` and signed in by allauth's
sign-up flow, as after the sign-up page."""

from __future__ import annotations

from allauth.account.internal.flows.signup import complete_signup
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from lms.http import Link, refused

from .forms import AcceptInvitationForm
from .invitations import InvitationError, accept_invitation, check_invitation
from .models import Invitation


def _closed(request: HttpRequest, error: InvitationError) -> HttpResponse:
    return refused(request, error, links=[Link(reverse("account_login"), _("Sign in"))])


def accept_invitation_view(request: HttpRequest, token: str) -> HttpResponse:
    """Set a password and confirm the name: the account is created and signed in."""
    invitation = get_object_or_404(Invitation.objects.select_related("city"), token=token)
    try:
        check_invitation(invitation)
    except InvitationError as error:
        return _closed(request, error)
    form = AcceptInvitationForm(
        request.POST or None,
        invitation=invitation,
        initial={"full_name": invitation.full_name, "profession": invitation.profession},
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = accept_invitation(request, token, form)
        except InvitationError as error:
            return _closed(request, error)
        messages.success(request, _("Welcome to LIAISE Academy."))
        return complete_signup(request, user=user)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "dashboards/accept_invitation.html",
        {"form": form, "invitation": invitation},
        status=status,
    )
