"""A learner's journey through the modules: enrolment, lesson progress, module progress, records.

Everything points at pages' `translation_key`, never at one language's copy (docs/architecture.md),
so switching language keeps progress. `ModuleProgress` is the denormalised row dashboards read; it
is written in the same transaction as the event that changes it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Enrolment(models.Model):
    """A learner's place on one module, taken by themselves or given by their city lead."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    module_key = models.UUIDField(_("module"), help_text=_("The module page's translation key."))
    enrolled_at = models.DateTimeField(_("enrolled at"), default=timezone.now)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enrolled by"),
        help_text=_("Empty when the learner enrolled themselves."),
    )

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["user", "module_key"], name="unique_enrolment")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.module_key}"


class LessonProgress(models.Model):
    """One learner at one lesson: when they opened it, how long they spent, when they finished."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress"
    )
    lesson_key = models.UUIDField(_("lesson"), help_text=_("The lesson page's translation key."))
    module_key = models.UUIDField(_("module"))
    first_viewed_at = models.DateTimeField(_("first viewed at"), default=timezone.now)
    last_viewed_at = models.DateTimeField(_("last viewed at"), default=timezone.now)
    seconds_spent = models.PositiveIntegerField(_("seconds spent"), default=0)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_language = models.CharField(_("language"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson_key"], name="unique_lesson_progress")
        ]
        indexes = [models.Index(fields=["user", "module_key"])]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.lesson_key}"

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None


class ModuleProgress(models.Model):
    """The per-learner-per-module summary that "My learning" and every dashboard read."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")

    # Empty once the learner erased their account: the row stays, anonymous, for the figures.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="module_progress",
    )
    # A random id shared by an erased learner's rows (and nothing else), so that figures per
    # learner (the completion funnel, active learners) still count them once.
    erased_learner = models.UUIDField(null=True, blank=True, editable=False)
    module_key = models.UUIDField(_("module"))
    # Copied from the learner's profile so that city figures are one GROUP BY, not a join.
    city = models.ForeignKey(
        "lms.City",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="module_progress",
        verbose_name=_("city"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    lessons_done = models.PositiveSmallIntegerField(_("required lessons done"), default=0)
    lessons_total = models.PositiveSmallIntegerField(_("required lessons"), default=0)
    best_score = models.DecimalField(
        _("best quiz score (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    quiz_passed = models.BooleanField(_("quiz passed"), default=False)
    seconds_spent = models.PositiveIntegerField(_("seconds spent"), default=0)
    enrolled_at = models.DateTimeField(_("enrolled at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True)

    class Meta:
        verbose_name = _("module progress")
        verbose_name_plural = _("module progress")
        constraints = [
            models.UniqueConstraint(fields=["user", "module_key"], name="unique_module_progress")
        ]
        indexes = [
            models.Index(fields=["city", "module_key", "status"]),
            models.Index(fields=["city", "completed_at"]),
            models.Index(fields=["city", "last_activity_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.module_key} · {self.status}"


class LearningRecord(models.Model):
    """Append-only log of learning events, each with an xAPI-shaped statement.

    Reports and external learning record stores consume it (JSON lines export). Rows are never
    updated; the actor is an account on this platform, never an email address.
    """

    class Verb(models.TextChoices):
        ENROLLED = "enrolled", _("enrolled")
        COMPLETED = "completed", _("completed")
        PASSED = "passed", _("passed")
        FAILED = "failed", _("failed")
        ATTENDED = "attended", _("attended")

    class ObjectType(models.TextChoices):
        LESSON = "lesson", _("lesson")
        MODULE = "module", _("module")
        QUIZ = "quiz", _("quiz")
        PROGRAMME = "programme", _("programme")
        SESSION = "session", _("training session")

    statement_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_records"
    )
    city = models.ForeignKey(
        "lms.City", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verb = models.CharField(_("verb"), max_length=20, choices=Verb.choices)
    object_type = models.CharField(_("object type"), max_length=20, choices=ObjectType.choices)
    object_key = models.UUIDField(
        _("object"), null=True, blank=True, help_text=_("Empty for the programme as a whole.")
    )
    module_key = models.UUIDField(_("module"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    timestamp = models.DateTimeField(_("timestamp"), default=timezone.now)
    statement = models.JSONField(_("xAPI statement"), default=dict)

    class Meta:
        verbose_name = _("learning record")
        verbose_name_plural = _("learning records")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["city", "verb", "timestamp"]),
            models.Index(fields=["user", "object_key"]),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.verb} {self.object_type} {self.object_key}"


class ConfidencePhase(models.TextChoices):
    """When a learner rates their confidence: on starting a module, or once it is completed."""

    BEFORE = "before", _("Before the module")
    AFTER = "after", _("After the module")


class ConfidenceAnswer(models.Model):
    """One anonymous confidence self-assessment (lms/learning/confidence.py).

    Deliberately without any link to the learner: no user, a random primary key (sequential ids
    would line up with the order of `ConfidenceMarker` rows) and the month only, so neither the
    database nor an export can tell whose answers these are. Dashboards read them in aggregate.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    city = models.ForeignKey(
        "lms.City",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("city"),
    )
    module_key = models.UUIDField(_("module"), help_text=_("The module page's translation key."))
    phase = models.CharField(_("phase"), max_length=10, choices=ConfidencePhase.choices)
    month = models.DateField(_("month"), help_text=_("The first day of the month of the answer."))
    score_1 = models.PositiveSmallIntegerField(_("statement 1"))
    score_2 = models.PositiveSmallIntegerField(_("statement 2"))
    score_3 = models.PositiveSmallIntegerField(_("statement 3"))
    score_4 = models.PositiveSmallIntegerField(_("statement 4"))
    score_5 = models.PositiveSmallIntegerField(_("statement 5"))

    class Meta:
        verbose_name = _("confidence self-assessment")
        verbose_name_plural = _("confidence self-assessments")
        indexes = [models.Index(fields=["city", "module_key", "phase"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(**{f"score_{n}__gte": 1, f"score_{n}__lte": 5}),
                name=f"confidence_score_{n}_1_to_5",
            )
            for n in range(1, 6)
        ]

    def __str__(self) -> str:
        return f"{self.module_key} · {self.phase} · {self.month:%Y-%m}"


class ConfidenceMarker(models.Model):
    """Only THAT a learner answered (or skipped) a phase's self-assessment, never what.

    It keeps the invitation from coming back and makes a double submit one answer. No timestamp,
    so it cannot be matched with a `ConfidenceAnswer` by time.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="confidence_markers"
    )
    module_key = models.UUIDField(_("module"))
    phase = models.CharField(_("phase"), max_length=10, choices=ConfidencePhase.choices)
    answered = models.BooleanField(
        _("answered"), default=False, help_text=_("False when the learner chose to skip it.")
    )

    class Meta:
        verbose_name = _("confidence self-assessment marker")
        verbose_name_plural = _("confidence self-assessment markers")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "module_key", "phase"], name="unique_confidence_marker"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.module_key} · {self.phase}"
