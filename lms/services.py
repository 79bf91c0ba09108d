"""A learner's rights over their own data: see all of it, take it away, or erase it.

The platform keeps little (DESIGN.md, "Users and roles"); these functions make that promise
checkable: the export is everything stored about the account, and deletion removes it all.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from .models import City, LearnerProfile

User = get_user_model()


def _dates(row: dict[str, Any]) -> dict[str, Any]:
    return {
        key: (value.isoformat() if hasattr(value, "isoformat") else value)
        for key, value in row.items()
    }


def personal_data(user) -> dict[str, Any]:
    """Everything the platform stores about `user`, as JSON-ready data (GDPR art. 15 and 20)."""
    from allauth.account.models import EmailAddress

    from assessments.models import Answer, Attempt
    from certificates.models import Certificate
    from lms.learning.models import Enrolment, LearningRecord, LessonProgress, ModuleProgress

    profile = LearnerProfile.objects.filter(user=user).select_related("city").first()
    attempts = list(
        Attempt.objects.filter(user=user)
        .order_by("started_at")
        .values(
            "id",
            "quiz_key",
            "module_key",
            "number",
            "language",
            "status",
            "started_at",
            "submitted_at",
            "completed_at",
            "score",
            "max_score",
            "percent",
            "passed",
        )
    )
    answers = Answer.objects.filter(attempt__user=user).order_by("attempt_id", "id")
    answers_by_attempt: dict[int, list[dict[str, Any]]] = {}
    for answer in answers.values(
        "attempt_id", "question_id", "selected", "text", "points", "feedback"
    ):
        answers_by_attempt.setdefault(answer.pop("attempt_id"), []).append(answer)
    for attempt in attempts:
        attempt["answers"] = answers_by_attempt.get(attempt["id"], [])
    return {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "id": user.pk,
            "email": user.email,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "email_addresses": list(
                EmailAddress.objects.filter(user=user).values("email", "verified", "primary")
            ),
        },
        "profile": (
            {
                "full_name": profile.full_name,
                "city": profile.city.name,
                "profession": profile.profession,
                "preferred_language": profile.preferred_language,
                "created_at": profile.created_at.isoformat(),
            }
            if profile
            else None
        ),
        "enrolments": [
            _dates(row)
            for row in Enrolment.objects.filter(user=user).values("module_key", "enrolled_at")
        ],
        "lesson_progress": [
            _dates(row)
            for row in LessonProgress.objects.filter(user=user).values(
                "lesson_key",
                "module_key",
                "first_viewed_at",
                "last_viewed_at",
                "seconds_spent",
                "completed_at",
                "completed_language",
            )
        ],
        "module_progress": [
            _dates(row)
            for row in ModuleProgress.objects.filter(user=user).values(
                "module_key",
                "status",
                "lessons_done",
                "lessons_total",
                "best_score",
                "quiz_passed",
                "started_at",
                "completed_at",
                "last_activity_at",
            )
        ],
        "quiz_attempts": [_dates(attempt) for attempt in attempts],
        "certificates": [
            _dates(row)
            for row in Certificate.objects.filter(user=user).values(
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
        ],
        "learning_records": [
            row["statement"]
            for row in LearningRecord.objects.filter(user=user).order_by("id").values("statement")
        ],
        **_session_data(user),
    }


def _session_data(user) -> dict[str, Any]:
    """Training-session bookings and attendance (lms.sessions), read where they live."""
    from lms.sessions.models import Attendance, Booking

    return {
        "session_bookings": [
            _dates(row)
            for row in Booking.objects.filter(user=user).values(
                "session__title", "status", "position", "created_at", "cancelled_at"
            )
        ],
        "session_attendance": [
            _dates(row)
            for row in Attendance.objects.filter(user=user).values(
                "part__session__title", "part__starts_at", "status", "checked_in_at", "method"
            )
        ],
    }


@transaction.atomic
def change_city(profile: LearnerProfile, city: City) -> None:
    """Move a learner to another city: their progress now counts for (and is seen by) that city.

    Certificates keep the city they were issued in; learning records keep the city of the time.
    """
    from lms.learning.models import ModuleProgress

    profile.city = city
    profile.save(update_fields=["city"])
    ModuleProgress.objects.filter(user_id=profile.user_id).update(city=city)


@transaction.atomic
def delete_account(user) -> None:
    """Erase the account and everything attached to it (progress, attempts, certificates).

    Certificates issued to the account stop verifying: the verification page then says the code
    is unknown, which is the truth once the holder has asked to be forgotten.
    """
    from certificates.models import Certificate

    files = [
        (certificate.pdf.storage, certificate.pdf.name)
        for certificate in Certificate.objects.filter(user=user).exclude(pdf="")
    ]
    User.objects.filter(pk=user.pk).delete()
    # The rows are gone with the account; the private PDF files go once that is committed.
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])
