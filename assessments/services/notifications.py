"""Result emails for hand-marked attempts: one per result version, with an outbox sweep."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from courses.localisation import words_copy

from ..models import Attempt, QuizPage


def send_result_notification(attempt_id: int) -> bool:
    """Email the learner their marked result, in their preferred language; once per result version.

    Idempotent and safe to retry: it sends nothing when this version of the result was already
    sent (or the attempt is not final).
    """
    with transaction.atomic():
        attempt = (
            Attempt.objects.select_for_update(of=("self",))
            .select_related("user", "user__learner_profile")
            .filter(pk=attempt_id)
            .first()
        )
        if attempt is None or attempt.status != Attempt.Status.COMPLETED:
            return False
        if attempt.notified_version >= attempt.result_version or not attempt.user.email:
            return False
        profile = getattr(attempt.user, "learner_profile", None)
        language = profile.preferred_language if profile else attempt.language
        quiz = words_copy(QuizPage, attempt.quiz_key, language)  # their language, else the source
        with translation.override(language):
            context = {
                "attempt": attempt,
                "quiz_title": quiz.title if quiz else "",
                "result_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
                + reverse("assessments:result", args=[attempt.pk]),
            }
            subject = render_to_string("assessments/email/result_subject.txt", context)
            body = render_to_string("assessments/email/result_body.txt", context)
        EmailMessage(
            " ".join(subject.split()),
            body,
            to=[attempt.user.email],
            headers={"Content-Language": language},
        ).send()
        attempt.notified_version = attempt.result_version
        attempt.save(update_fields=["notified_version"])
    return True


def send_pending_result_notifications(now: datetime | None = None) -> int:
    """Send result emails whose task was lost (broker down at commit, worker crash).

    The pair result_version / notified_version is the outbox: a hand-marked result that was not
    sent within a few minutes is sent by this periodic sweep. Attempts scored automatically at
    submission are shown on screen and never emailed, so only hand-marked ones are swept.
    """
    now = now or timezone.now()
    pending = (
        Attempt.objects.completed()
        .counted()
        .filter(
            notified_version__lt=F("result_version"),
            completed_at__lt=now - timedelta(minutes=2),
            answers__marked_at__isnull=False,
        )
        .values_list("pk", flat=True)
        .distinct()
    )
    return sum(send_result_notification(pk) for pk in list(pending))
