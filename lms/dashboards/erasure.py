"""What the dashboards app erases with a learner's account (lms.services.delete_account)."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.db.models import Q

from lms.services import anonymise_log_entries

from .models import Invitation


def erase_invitations(sender, user, **kwargs) -> None:
    """The invitation that brought the learner in, and any still open for their addresses.

    Its row names them (email, name, city, dates) and would stay on the lead's invitations page:
    the account's foreign key only empties on deletion.
    """
    emails = {user.email, *EmailAddress.objects.filter(user=user).values_list("email", flat=True)}
    matches = Q(user_id=user.pk)
    for email in filter(None, emails):
        matches |= Q(email__iexact=email)
    invitations = Invitation.objects.filter(matches)
    anonymise_log_entries(Invitation, list(invitations.values_list("pk", flat=True)), label="")
    invitations.delete()
