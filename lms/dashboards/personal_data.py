"""The dashboards' section of a learner's data export: the invitation that brought them in."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.db.models import Q
from django.utils.translation import gettext_lazy

from courses.localisation import reader_language, titles_in
from courses.models import ModulePage
from lms.services import json_ready

from .models import Invitation

TITLE = gettext_lazy("Invitations from your city")


def invitations(user) -> list[dict[str, Any]]:
    """Invitations accepted with this account or addressed to one of its email addresses.

    Who invited them is a member of staff, named only by the city (staff's own data is theirs).
    """
    emails = {user.email, *EmailAddress.objects.filter(user=user).values_list("email", flat=True)}
    matches = Q(user_id=user.pk)
    for email in filter(None, emails):
        matches |= Q(email__iexact=email)
    rows = list(
        Invitation.objects.filter(matches)
        .order_by("created_at")
        .values(
            "email",
            "full_name",
            "city__name",
            "language",
            "profession",
            "module_key",
            "created_at",
            "sent_at",
            "accepted_at",
        )
    )
    profile = getattr(user, "learner_profile", None)
    language = reader_language(profile.preferred_language if profile else None)
    titles = titles_in(
        ModulePage, {row["module_key"] for row in rows if row["module_key"]}, language
    )
    return [
        json_ready(
            {
                "email": row["email"],
                "full_name": row["full_name"],
                "city": row["city__name"],
                "language": row["language"],
                "profession": row["profession"],
                "module": titles.get(row["module_key"], "") if row["module_key"] else "",
                "invited_at": row["created_at"],
                "sent_at": row["sent_at"],
                "accepted_at": row["accepted_at"],
            }
        )
        for row in rows
    ]
