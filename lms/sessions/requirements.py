"""Modules that require attending a session: a completion condition given to learning."""

from __future__ import annotations


def attended_if_required(user, module_key) -> bool:
    """True unless the module requires a session and the learner attended none covering it."""
    from .models import Attendance, ModuleSessionRequirement

    if not ModuleSessionRequirement.objects.filter(module__translation_key=module_key).exists():
        return True
    return Attendance.objects.filter(
        user=user,
        status=Attendance.Status.PRESENT,
        part__session__modules__translation_key=module_key,
    ).exists()


def connect() -> None:
    from lms.learning.services import add_completion_condition

    add_completion_condition(attended_if_required)
