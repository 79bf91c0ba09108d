"""Events and queries for other apps: a final result is announced through an outbox.

`Attempt.result_version` counts the final results an attempt has had, `announced_version` the last
one whose announcement (`signals.attempt_finalised`) was delivered. Where announcing runs depends
on `announces_inline()`:

- inline (tests, development and any set-up without a Celery worker): the signal is sent inside
  the submit or marking transaction, so the learner's progress commits with the result or not at
  all, as before;
- deferred (production): the result commits alone, and `tasks.announce_result` delivers it after
  the commit, on the worker. When the broker refuses the task, the announcement is made at once in
  the web process; when the process dies between the commit and the queueing, the periodic sweep
  `announce_pending_results` delivers it.

`announce_result` locks the attempt and compares the two versions, so a retried task, the sweep
and the fallback never deliver the same version twice.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..models import Attempt
from ..signals import attempt_finalised

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)

# How long after its result was set an attempt waits for its task before the sweep announces it:
# the task is normally done within a second, and the row lock makes a race harmless anyway.
ANNOUNCE_GRACE = timedelta(seconds=30)


def announces_inline() -> bool:
    """Whether results are announced inside their own transaction (`ASSESSMENTS_ANNOUNCE_INLINE`;
    unset: when Celery runs tasks in the calling process, i.e. there is no worker to run them)."""
    inline = getattr(settings, "ASSESSMENTS_ANNOUNCE_INLINE", None)
    if inline is None:
        return bool(settings.CELERY_TASK_ALWAYS_EAGER)
    return bool(inline)


def on_attempt_finalised(attempt: Attempt) -> None:
    """A final result was just saved, inside the submit or marking transaction: announce it.

    That is: when an attempt is submitted with nothing left to mark, when a trainer marks its last
    essay, and again when a trainer re-scores an answer of a final attempt (each time with a new
    `result_version`). The learning journey listens to `signals.attempt_finalised` and updates the
    learner's module progress (docs/architecture.md); its receiver ignores previews and is
    idempotent. Inline, the signal is sent here; deferred, once the transaction has committed.
    """
    if announces_inline():
        attempt_finalised.send(sender=Attempt, attempt=attempt)
        attempt.announced_version = attempt.result_version
        Attempt.objects.filter(pk=attempt.pk).update(announced_version=attempt.result_version)
        return
    attempt_id = attempt.pk
    transaction.on_commit(lambda: _enqueue_announcement(attempt_id))


def _enqueue_announcement(attempt_id: int) -> None:
    """Queue the announcement; if the broker is unreachable, announce it here and now."""
    from ..tasks import announce_result as announce_task

    try:
        announce_task.delay(attempt_id)
    except Exception:  # kombu raises several types when Redis is down; none may escape here
        logger.warning("Could not queue the result of attempt %s; announcing it now", attempt_id)
        try:
            announce_result(attempt_id)
        except Exception:  # committed already: the learner keeps their result, the sweep retries
            logger.exception("Announcing attempt %s failed; the sweep will retry", attempt_id)


def announce_result(attempt_id: int) -> bool:
    """Deliver the attempt's latest final result to the receivers, once. True when it did.

    In one transaction with the attempt row locked: nothing is sent when this `result_version`
    was already announced (a retried task, the sweep, a task queued twice), so calling it again is
    harmless. The attempt is read with what the receivers ask of it (the learner with their
    profile and city, the quiz page's title), as the submit view hands them the signed-in user.
    """
    with transaction.atomic():
        attempt = (
            Attempt.objects.select_for_update(of=("self",))
            .select_related("user__learner_profile__city", "quiz_page")
            .filter(pk=attempt_id)
            .first()
        )
        if attempt is None or attempt.announced_version >= attempt.result_version:
            return False
        attempt_finalised.send(sender=Attempt, attempt=attempt)
        attempt.announced_version = attempt.result_version
        attempt.save(update_fields=["announced_version"])
    return True


def announce_pending_results(now: datetime | None = None) -> int:
    """The outbox sweep (a periodic task): announce every final result not announced within
    ANNOUNCE_GRACE, e.g. when the web process died between its commit and queueing the task, or
    the task failed. Returns how many it announced.

    A re-scored result keeps the attempt's first `completed_at`, so the sweep may meet its task;
    the row lock makes the later of the two find it announced. A result the receivers fail to
    apply is logged and left for the next sweep; it does not hold back the ones after it.
    """
    now = now or timezone.now()
    pending = (
        Attempt.objects.filter(
            result_version__gt=F("announced_version"), completed_at__lt=now - ANNOUNCE_GRACE
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    announced = 0
    for pk in list(pending):
        try:
            announced += announce_result(pk)
        except Exception:  # its transaction rolled back; the others must still be delivered
            logger.exception("Announcing attempt %s failed; the next sweep retries it", pk)
    return announced


def has_passed(user: User, quiz_translation_key: UUID) -> bool:
    """Whether any attempt of the learner at this quiz (in any language) has passed.

    `passed` is set only once the outcome is certain, possibly before an essay is marked.
    """
    return (
        Attempt.objects.for_quiz(quiz_translation_key)
        .counted()
        .filter(user=user, passed=True)
        .exists()
    )
