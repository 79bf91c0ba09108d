"""The certificates' section of a learner's data export (lms.services.personal_data)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from lms.services import json_ready

from .models import Certificate

TITLE = gettext_lazy("Certificates")


def certificates(user) -> list[dict[str, Any]]:
    """Each certificate as issued, with the public page where anyone can check it."""
    rows = Certificate.objects.filter(user=user).order_by("issued_at")
    labels = dict(Certificate.Kind.choices)
    return [
        json_ready(
            {
                "code": certificate.display_code,
                "kind": str(labels.get(certificate.kind, certificate.kind)),
                "title": certificate.title,
                "learner_name": certificate.learner_name,
                "city_name": certificate.city_name,
                "language": certificate.language,
                "completed_on": certificate.completed_on,
                "hours": str(certificate.hours),
                "issued_at": certificate.issued_at,
                "revoked_at": certificate.revoked_at,
                "revoked_reason": certificate.revoked_reason,
                "verification_url": certificate.get_verification_url(),
            }
        )
        for certificate in rows
    ]
