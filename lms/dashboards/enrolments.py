"""City leads put learners of their city on a module: from the learner report, or at invitation.

Both go through `lms.learning.services.enrol`, which is idempotent, so a repeated POST or a
double click enrols nobody twice; the enrolment records which lead made it (`enrolled_by`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from uuid import UUID

from lms.learning.models import Enrolment
from lms.learning.services import enrol
from lms.models import LearnerProfile

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# A report page shows 50 learners; a POST naming more than this is not from the page.
MAX_LEARNERS_PER_REQUEST = 500


@dataclass
class EnrolResult:
    enrolled: int = 0  # newly enrolled
    already: int = 0  # were enrolled before


def enrol_learners(
    profiles: Sequence[LearnerProfile], module_key: UUID, *, enrolled_by: User | None
) -> EnrolResult:
    """Enrol each learner (already scoped to the lead's city by the caller) in the module."""
    users = [profile.user for profile in profiles]
    before = set(
        Enrolment.objects.filter(user__in=users, module_key=module_key).values_list(
            "user_id", flat=True
        )
    )
    result = EnrolResult()
    for user in users:
        enrol(user, module_key, enrolled_by=enrolled_by)
        if user.pk in before:
            result.already += 1
        else:
            result.enrolled += 1
    return result
