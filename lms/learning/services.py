"""Learning workflows: enrol, view and complete lessons, count quiz results, complete modules.

Each workflow runs in one transaction with the learner's ModuleProgress row locked
(`select_for_update`), writes its LearningRecord rows in that same transaction, and recomputes the
row from the raw records (lesson progress, quiz attempts) rather than nudging counters, so calling
it twice, or two requests at once, can never count anything twice.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Case, Count, F, Max, Min, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from assessments.models import Attempt
from courses.localisation import titles_in
from courses.models import LessonPage, ModulePage
from courses.programme import (
    ModuleStructure,
    module_key_of,
    module_structure,
    programme_module_keys,
)
from lms.http import Refused

from .models import Enrolment, LearningRecord, LessonProgress, ModuleProgress
from .signals import module_completed, programme_completed

# Time on a lesson page beyond this is a tab left open, not study.
MAX_LESSON_SECONDS = 4 * 60 * 60
# uuid5 namespace for statement ids that must be the same however often an event is replayed.
STATEMENT_NAMESPACE = uuid.UUID("5d0c7f5e-8a4b-4f0e-9c61-2b7f3f1a9e10")
XAPI_VERBS = {
    LearningRecord.Verb.ENROLLED: "http://adlnet.gov/expapi/verbs/registered",
    LearningRecord.Verb.COMPLETED: "http://adlnet.gov/expapi/verbs/completed",
    LearningRecord.Verb.PASSED: "http://adlnet.gov/expapi/verbs/passed",
    LearningRecord.Verb.FAILED: "http://adlnet.gov/expapi/verbs/failed",
    LearningRecord.Verb.ATTENDED: "http://adlnet.gov/expapi/verbs/attended",
}
XAPI_ACTIVITY_TYPES = {
    LearningRecord.ObjectType.LESSON: "http://adlnet.gov/expapi/activities/lesson",
    LearningRecord.ObjectType.MODULE: "http://adlnet.gov/expapi/activities/module",
    LearningRecord.ObjectType.QUIZ: "http://adlnet.gov/expapi/activities/assessment",
    LearningRecord.ObjectType.PROGRAMME: "http://adlnet.gov/expapi/activities/course",
    LearningRecord.ObjectType.SESSION: "http://adlnet.gov/expapi/activities/meeting",
}
# Conditions that higher layers add to module completion (e.g. lms.sessions: "attended a
# session"), each `check(user, module_key) -> bool`; learning never imports them.
COMPLETION_CONDITIONS: list = []


def add_completion_condition(check) -> None:
    if check not in COMPLETION_CONDITIONS:
        COMPLETION_CONDITIONS.append(check)


class LearningError(Refused):
    """A request the learning journey refuses; `message` is translated and shown to the learner."""


class NotALearner(LearningError):
    status = 403


class UnknownModule(LearningError):
    status = 404


def site_url() -> str:
    return getattr(settings, "SITE_URL", settings.WAGTAILADMIN_BASE_URL).rstrip("/")


def learner_city_id(user) -> int | None:
    """The learner's city (copied onto progress rows and records); None for staff."""
    profile = getattr(user, "learner_profile", None)
    return profile.city_id if profile is not None else None


def _require_learner(user) -> None:
    if not user.is_authenticated:
        raise NotALearner(_("Sign in to track your progress."))
    if getattr(user, "learner_profile", None) is None:
        raise NotALearner(
            _("Only learners can enrol and track progress; staff accounts have no learner profile.")
        )


def clamp_seconds(seconds: int | None) -> int:
    return max(0, min(int(seconds or 0), MAX_LESSON_SECONDS))


# Enrolment -------------------------------------------------------------------------------------


def enrol(user, module_key: uuid.UUID, *, enrolled_by=None) -> Enrolment:
    """Put a learner on a module (idempotent: a second call returns the first enrolment)."""
    _require_learner(user)
    structure = module_structure(module_key)
    if structure is None:
        raise UnknownModule(_("This module does not exist or is not published."))
    with transaction.atomic():
        enrolment, _progress = _enrol_locked(user, structure, enrolled_by=enrolled_by)
        _refresh(user, structure, _progress, language=_language_of(user))
    return enrolment


def _enrol_locked(user, structure: ModuleStructure, *, enrolled_by=None, language: str = ""):
    """Enrolment and the locked progress row; the 'enrolled' record only the first time."""
    now = timezone.now()
    progress, _created = ModuleProgress.objects.select_for_update().get_or_create(
        user=user,
        module_key=structure.key,
        defaults={
            "city_id": learner_city_id(user),
            "lessons_total": structure.lessons_total,
            "enrolled_at": now,
        },
    )
    enrolment, created = Enrolment.objects.get_or_create(
        user=user,
        module_key=structure.key,
        defaults={"enrolled_at": now, "enrolled_by": enrolled_by},
    )
    if created:
        progress.enrolled_at = enrolment.enrolled_at
        _write_record(
            user,
            LearningRecord.Verb.ENROLLED,
            LearningRecord.ObjectType.MODULE,
            structure.key,
            module_key=structure.key,
            language=language or _language_of(user),
            title=structure.module.title,
            statement_key=f"enrolled:{user.pk}:{structure.key}",
            timestamp=now,
        )
    return enrolment, progress


# Lessons ---------------------------------------------------------------------------------------


def record_lesson_view(
    user, lesson_page: LessonPage, seconds: int = 0, *, module_key: uuid.UUID | None = None
) -> LessonProgress | None:
    """Note that a signed-in learner opened a lesson (first and last view, optional time).

    "Continue where I left off" reads these rows. Staff without a learner profile leave no trace.
    """
    if not user.is_authenticated or getattr(user, "learner_profile", None) is None:
        return None
    now = timezone.now()
    module_key = module_key or module_key_of(lesson_page)
    extra = clamp_seconds(seconds)
    with transaction.atomic():
        # One upsert per page view: first_viewed_at is only written when the row is new.
        (progress,) = LessonProgress.objects.bulk_create(
            [
                LessonProgress(
                    user=user,
                    lesson_key=lesson_page.translation_key,
                    module_key=module_key,
                    first_viewed_at=now,
                    last_viewed_at=now,
                )
            ],
            update_conflicts=True,
            unique_fields=["user", "lesson_key"],
            update_fields=["last_viewed_at"],
        )
        if extra:
            LessonProgress.objects.filter(user=user, lesson_key=lesson_page.translation_key).update(
                seconds_spent=F("seconds_spent") + extra
            )
        # One UPDATE keeps the dashboards' row current without locking it for a page view.
        ModuleProgress.objects.filter(user=user, module_key=module_key).update(
            status=Case(
                When(status=ModuleProgress.Status.NOT_STARTED, then=Value("in_progress")),
                default=F("status"),
            ),
            started_at=Coalesce(F("started_at"), Value(now)),
            last_activity_at=now,
            seconds_spent=F("seconds_spent") + extra,
        )
    return progress


def complete_lesson(
    user, lesson_page: LessonPage, *, language: str, seconds_spent: int | None = None
) -> LessonProgress:
    """Mark a lesson done (idempotent) and update the module; enrols the learner if needed.

    `seconds_spent` is what the page's script measured; without it the time since the lesson was
    last opened is used. Either way it is clamped to MAX_LESSON_SECONDS.
    """
    _require_learner(user)
    module_key = module_key_of(lesson_page)
    structure = module_structure(module_key)
    if structure is None:
        raise UnknownModule(_("This module does not exist or is not published."))
    now = timezone.now()
    with transaction.atomic():
        _enrolment, module_progress = _enrol_locked(user, structure, language=language)
        progress, created = LessonProgress.objects.select_for_update().get_or_create(
            user=user,
            lesson_key=lesson_page.translation_key,
            defaults={"module_key": module_key, "first_viewed_at": now, "last_viewed_at": now},
        )
        if progress.completed_at is None:
            if seconds_spent is None:
                seconds_spent = 0 if created else (now - progress.last_viewed_at).total_seconds()
            progress.seconds_spent += clamp_seconds(seconds_spent)
            progress.completed_at = now
            progress.completed_language = language
            progress.last_viewed_at = now
            progress.save()
            _write_record(
                user,
                LearningRecord.Verb.COMPLETED,
                LearningRecord.ObjectType.LESSON,
                lesson_page.translation_key,
                module_key=module_key,
                language=language,
                title=lesson_page.title,
                statement_key=f"lesson:{user.pk}:{lesson_page.translation_key}",
                timestamp=now,
                result={"completion": True, "duration": _iso_duration(progress.seconds_spent)},
            )
        _refresh(user, structure, module_progress, language=language)
    return progress


# Quizzes ---------------------------------------------------------------------------------------


def record_quiz_result(attempt: Attempt) -> ModuleProgress | None:
    """A quiz attempt's final result: a passed/failed record, then the module's progress.

    Called by the receiver of `assessments.signals.attempt_finalised`, inside the transaction that
    announces the result (assessments.services.hooks), possibly more than once for one attempt
    (re-scoring): one record per result version, and the progress is recomputed, so replays
    change nothing. Staff previews and staff accounts without a learner profile are ignored.
    """
    # `passed` is set once the outcome is certain, sometimes before an essay is marked.
    if attempt.is_preview or attempt.passed is None:
        return None
    user = attempt.user
    if getattr(user, "learner_profile", None) is None or attempt.module_key is None:
        return None
    structure = module_structure(attempt.module_key)
    if structure is None:
        return None
    counts = attempt.quiz_key == structure.quiz_key
    with transaction.atomic():
        if counts:
            _enrolment, progress = _enrol_locked(user, structure, language=attempt.language)
        else:
            progress = (
                ModuleProgress.objects.select_for_update()
                .filter(user=user, module_key=structure.key)
                .first()
            )
        quiz = attempt.quiz_page
        _write_record(
            user,
            LearningRecord.Verb.PASSED if attempt.passed else LearningRecord.Verb.FAILED,
            LearningRecord.ObjectType.QUIZ,
            attempt.quiz_key,
            module_key=structure.key,
            language=attempt.language,
            title=quiz.title if quiz else "",
            statement_key=f"attempt:{attempt.pk}:{attempt.result_version}",
            timestamp=attempt.completed_at or timezone.now(),
            result={
                "success": bool(attempt.passed),
                "completion": True,
                "score": {
                    "scaled": float(attempt.percent or 0) / 100,
                    "raw": float(attempt.score or 0),
                    "min": 0,
                    "max": attempt.max_score,
                },
            },
        )
        if progress is not None:
            _refresh(user, structure, progress, language=attempt.language)
    return progress


# Sessions (in person or live online) ----------------------------------------------------------


def record_attendance(
    user,
    *,
    activity_key: uuid.UUID,
    module_keys: list[uuid.UUID],
    title: str,
    language: str,
    timestamp: datetime,
    seconds: int,
) -> None:
    """A learner attended one part of a training session: an "attended" record per module it
    covers (idempotent), enrolment in those modules, and their progress recomputed."""
    _require_learner(user)
    for module_key in module_keys:
        structure = module_structure(module_key)
        if structure is None:
            continue
        with transaction.atomic():
            _enrolment, progress = _enrol_locked(user, structure, language=language)
            _write_record(
                user,
                LearningRecord.Verb.ATTENDED,
                LearningRecord.ObjectType.SESSION,
                activity_key,
                module_key=structure.key,
                language=language,
                title=title,
                statement_key=f"attended:{user.pk}:{activity_key}:{structure.key}",
                timestamp=timestamp,
                result={"completion": True, "duration": _iso_duration(seconds)},
            )
            _refresh(user, structure, progress, language=language)


# Module progress ---------------------------------------------------------------------------------


def recompute_module_progress(user, module_key: uuid.UUID) -> ModuleProgress | None:
    """Rebuild a learner's progress row from the raw records (None when not enrolled)."""
    structure = module_structure(module_key)
    if structure is None:
        return None
    with transaction.atomic():
        progress = (
            ModuleProgress.objects.select_for_update()
            .filter(user=user, module_key=structure.key)
            .first()
        )
        if progress is None:
            return None
        _refresh(user, structure, progress, language=_language_of(user))
    return progress


def _refresh(user, structure: ModuleStructure, progress: ModuleProgress, *, language: str) -> None:
    """Recompute the locked row from lesson progress and attempts; complete the module if due.

    A completed module stays completed (completions stand) unless a trainer reopened it.
    """
    lessons = LessonProgress.objects.filter(user=user, module_key=structure.key).aggregate(
        done=Count(
            "id",
            filter=Q(completed_at__isnull=False, lesson_key__in=structure.required_lesson_keys),
        ),
        seconds=Sum("seconds_spent"),
        first=Min("first_viewed_at"),
        last_viewed=Max("last_viewed_at"),
        last_completed=Max("completed_at"),
    )
    quiz = {"best": None, "passed": 0, "first": None, "last": None}
    if structure.quiz_key is not None:
        quiz = (
            Attempt.objects.for_quiz(structure.quiz_key)
            .counted()
            .filter(user=user)
            .aggregate(
                best=Max("percent", filter=Q(status=Attempt.Status.COMPLETED)),
                passed=Count("id", filter=Q(passed=True)),
                first=Min("submitted_at"),
                last=Max("submitted_at"),
            )
        )
    progress.city_id = learner_city_id(user)
    progress.lessons_done = lessons["done"]
    progress.lessons_total = structure.lessons_total
    progress.best_score = quiz["best"]
    progress.quiz_passed = bool(quiz["passed"])
    progress.seconds_spent = lessons["seconds"] or 0
    progress.started_at = _earliest(progress.started_at, lessons["first"], quiz["first"])
    progress.last_activity_at = _latest(
        lessons["last_viewed"], lessons["last_completed"], quiz["last"]
    )
    due = is_complete(
        lessons_done=progress.lessons_done,
        lessons_total=progress.lessons_total,
        has_quiz=structure.quiz_key is not None,
        quiz_passed=progress.quiz_passed,
    ) and all(check(user, structure.key) for check in COMPLETION_CONDITIONS)
    newly_completed = due and progress.completed_at is None
    if newly_completed:
        progress.completed_at = timezone.now()
    if progress.completed_at is not None:
        progress.status = ModuleProgress.Status.COMPLETED
    elif progress.started_at is not None:
        progress.status = ModuleProgress.Status.IN_PROGRESS
    else:
        progress.status = ModuleProgress.Status.NOT_STARTED
    progress.save()
    if newly_completed:
        progress.user = user  # already read (with profile and city): the certificate's receiver
        _module_completed(user, structure, progress, language=language)


def is_complete(
    *, lessons_done: int, lessons_total: int, has_quiz: bool, quiz_passed: bool
) -> bool:
    """The completion rule: every required lesson done and the module quiz passed.

    A module with no module quiz completes on its lessons. A module with no required lesson
    published yet is still being written: passing its quiz alone never completes it (nor issues
    a certificate).
    """
    if lessons_total == 0:
        return False
    return lessons_done >= lessons_total and (quiz_passed or not has_quiz)


def _module_completed(user, structure: ModuleStructure, progress: ModuleProgress, *, language):
    _write_record(
        user,
        LearningRecord.Verb.COMPLETED,
        LearningRecord.ObjectType.MODULE,
        structure.key,
        module_key=structure.key,
        language=language,
        # The localisation rule for words: the record's language, else the source's title.
        title=titles_in(ModulePage, [structure.key], language).get(
            structure.key, structure.module.title
        ),
        statement_key=f"module:{user.pk}:{structure.key}:{progress.completed_at.isoformat()}",
        timestamp=progress.completed_at,
        result={
            "completion": True,
            "success": True,
            "duration": _iso_duration(progress.seconds_spent),
            **(
                {"score": {"scaled": float(progress.best_score) / 100}}
                if progress.best_score is not None
                else {}
            ),
        },
    )
    module_completed.send(sender=ModuleProgress, progress=progress)
    _maybe_complete_programme(user, language=language, timestamp=progress.completed_at)


def _maybe_complete_programme(user, *, language: str, timestamp: datetime) -> None:
    """One 'completed programme' record once every module of the catalogue is complete."""
    keys = programme_module_keys()
    if not keys:
        return
    done = ModuleProgress.objects.filter(
        user=user, module_key__in=keys, status=ModuleProgress.Status.COMPLETED
    ).count()
    if done < len(keys):
        return
    record = _write_record(
        user,
        LearningRecord.Verb.COMPLETED,
        LearningRecord.ObjectType.PROGRAMME,
        None,
        module_key=None,
        language=language,
        title=str(_("LIAISE training programme")),
        statement_key=f"programme:{user.pk}",
        timestamp=timestamp,
        result={"completion": True, "success": True},
    )
    if record is not None:
        programme_completed.send(
            sender=LearningRecord, user=user, language=language, timestamp=timestamp
        )


# Trainers changing a module ------------------------------------------------------------------


def refresh_module_totals(module_key: uuid.UUID, *, reopen_completed: bool = False) -> int:
    """After a required lesson is published, unpublished or deleted: new totals for everyone.

    One UPDATE sets lessons_total and recounts lessons_done for every learner of the module.
    Completions stand unless `reopen_completed` (the trainer's choice when publishing), which
    moves completed learners who now miss a lesson back to "in progress". Learners whom a removed
    lesson leaves with nothing to do are completed. Returns the number of reopened rows.
    """
    structure = module_structure(module_key)
    if structure is None:
        return 0
    done = (
        LessonProgress.objects.filter(
            user=OuterRef("user"),
            module_key=structure.key,
            completed_at__isnull=False,
            lesson_key__in=structure.required_lesson_keys,
        )
        .order_by()
        .values("user")
        .annotate(count=Count("id"))
        .values("count")
    )
    # Erased learners' rows (no user) keep the state they had: nobody's lessons to count.
    rows = ModuleProgress.objects.filter(module_key=structure.key, user__isnull=False)
    with transaction.atomic():
        rows.update(lessons_total=structure.lessons_total, lessons_done=Coalesce(Subquery(done), 0))
        reopened = 0
        if reopen_completed:
            reopened = rows.filter(
                status=ModuleProgress.Status.COMPLETED,
                lessons_done__lt=F("lessons_total"),
            ).update(status=ModuleProgress.Status.IN_PROGRESS, completed_at=None)
        now_due = rows.exclude(status=ModuleProgress.Status.COMPLETED).filter(
            lessons_done__gte=F("lessons_total")
        )
        if structure.quiz_key is not None:
            now_due = now_due.filter(quiz_passed=True)
        for progress in now_due.select_related("user", "user__learner_profile"):
            recompute_module_progress(progress.user, structure.key)
    return reopened


# Records ---------------------------------------------------------------------------------------


def _write_record(
    user,
    verb: str,
    object_type: str,
    object_key: uuid.UUID | None,
    *,
    module_key: uuid.UUID | None,
    language: str,
    title: str,
    statement_key: str,
    timestamp: datetime,
    result: dict | None = None,
) -> LearningRecord | None:
    """Append one record, unless this very event was recorded already (same statement id)."""
    statement_id = uuid.uuid5(STATEMENT_NAMESPACE, statement_key)
    if LearningRecord.objects.filter(statement_id=statement_id).exists():
        return None
    city_id = learner_city_id(user)
    statement = build_statement(
        statement_id=statement_id,
        user=user,
        verb=verb,
        object_type=object_type,
        object_key=object_key,
        language=language,
        title=title,
        timestamp=timestamp,
        city_slug=_city_slug(user),
        result=result,
    )
    try:
        with transaction.atomic():
            return LearningRecord.objects.create(
                statement_id=statement_id,
                user=user,
                city_id=city_id,
                verb=verb,
                object_type=object_type,
                object_key=object_key,
                module_key=module_key,
                language=language,
                timestamp=timestamp,
                statement=statement,
            )
    except IntegrityError:  # recorded by a concurrent request an instant ago
        return None


def build_statement(
    *,
    statement_id: uuid.UUID,
    user,
    verb: str,
    object_type: str,
    object_key: uuid.UUID | None,
    language: str,
    title: str,
    timestamp: datetime,
    city_slug: str | None,
    result: dict | None = None,
) -> dict:
    """An xAPI 1.0.3 statement; the actor is an account on this platform, never an email."""
    base = site_url()
    activity_id = f"{base}/xapi/activities/{object_type}"
    if object_key is not None:
        activity_id += f"/{object_key}"
    statement: dict = {
        "id": str(statement_id),
        "actor": {
            "objectType": "Agent",
            "account": {"homePage": base, "name": str(user.pk)},
        },
        "verb": {"id": XAPI_VERBS[verb], "display": {"en-US": str(verb)}},
        "object": {
            "objectType": "Activity",
            "id": activity_id,
            "definition": {
                "type": XAPI_ACTIVITY_TYPES[object_type],
                "name": {language or settings.LANGUAGE_CODE: title},
            },
        },
        "context": {"language": language or settings.LANGUAGE_CODE, "extensions": {}},
        "timestamp": timestamp.isoformat(),
    }
    if city_slug:
        statement["context"]["extensions"][f"{base}/xapi/extensions/city"] = (
            f"{base}/xapi/cities/{city_slug}"
        )
    if result:
        statement["result"] = result
    return statement


# Helpers ---------------------------------------------------------------------------------------


def _language_of(user) -> str:
    return get_language() or settings.LANGUAGE_CODE


def _city_slug(user) -> str | None:
    profile = getattr(user, "learner_profile", None)
    return profile.city.slug if profile is not None else None


def _earliest(*values):
    present = [value for value in values if value is not None]
    return min(present) if present else None


def _latest(*values):
    present = [value for value in values if value is not None]
    return max(present) if present else None


def _iso_duration(seconds: int) -> str:
    return f"PT{int(seconds)}S"
