"""A learner's journey through the modules: enrolment, lesson progress, module progress, records.

Everything points at pages' `translation_key`, never at one language's copy (DESIGN.md decision 2),
so switching language keeps progress. `ModuleProgress` is the denormalised row dashboards read; it
is written in the same transaction as the event that changes it (decision 4).
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

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="module_progress"
    )
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
