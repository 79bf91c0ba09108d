"""The certificates' section of a learner's data export (lms.services.personal_data)."""

from __future__ import annotations

from typing import Any

from lms.services import json_ready

from .models import Certificate


def certificates(user) -> list[dict[str, Any]]:
    rows = Certificate.objects.filter(user=user).values(
        "code",
        "kind",
        "title",
        "learner_name",
        "city_name",
        "language",
        "completed_on",
        "hours",
        "issued_at",
        "revoked_at",
        "revoked_reason",
    )
    return [json_ready(row) for row in rows]
