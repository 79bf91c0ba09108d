"""What higher layers (certificates, dashboards) may read about sessions."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import DurationField, ExpressionWrapper, F, Sum

from .models import Attendance


def _half_hours(seconds: float) -> Decimal:
    """Hours to the nearest half hour (0 when nothing was attended)."""
    return Decimal(round(seconds / 1800)) / 2


def attended_seconds(user, module_keys) -> float:
    """Time spent in the parts a learner attended of sessions covering any of `module_keys`.

    A part of a session covering two modules counts once.
    """
    part_ids = (
        Attendance.objects.filter(
            user=user,
            status=Attendance.Status.PRESENT,
            part__session__modules__translation_key__in=list(module_keys),
        )
        .values_list("part_id", flat=True)
        .distinct()
    )
    from .models import SessionPart

    total = SessionPart.objects.filter(pk__in=part_ids).aggregate(
        total=Sum(ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField()))
    )["total"]
    return total.total_seconds() if total else 0.0


def in_person_hours(user, module_keys) -> Decimal:
    """Hours in sessions a learner attended, for certificates (nearest half hour)."""
    return _half_hours(attended_seconds(user, module_keys))
