"""Dashboards: export jobs, programme targets and invitations of learners by their city lead."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import storages
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def export_storage():
    """Exports are private files like certificate PDFs: STORAGES["private"] (every settings
    module defines it: files under PRIVATE_MEDIA_ROOT, memory in tests), never under MEDIA_URL."""
    return storages["private"]


class ExportJob(models.Model):
    """A large learner export built by a Celery task and offered for download to its requester."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="dashboard_exports",
        verbose_name=_("requested by"),
    )
    city = models.ForeignKey(
        "lms.City", on_delete=models.CASCADE, related_name="+", verbose_name=_("city")
    )
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    file = models.FileField(_("file"), storage=export_storage, upload_to="exports/", blank=True)
    row_count = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("learner export")
        verbose_name_plural = _("learner exports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["requested_by", "created_at"])]

    def __str__(self) -> str:
        return f"{self.city_id} {self.format} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def filename(self) -> str:
        return f"learners-{self.city_id}-{self.created_at:%Y%m%d-%H%M}.{self.format}"


class ProgrammeTarget(models.Model):
    """How many front-line workers a city aims to have trained by the end of a year.

    "Trained" means a learner who completed all the programme's modules (see queries.py).
    """

    city = models.ForeignKey(
        "lms.City",
        on_delete=models.CASCADE,
        related_name="programme_targets",
        verbose_name=_("city"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        validators=[MinValueValidator(2020)],
        help_text=_("The target is for 31 December."),
    )
    trained_target = models.PositiveIntegerField(
        _("trained front-line workers"),
        validators=[MinValueValidator(1)],
        help_text=_("Learners who completed the whole programme."),
    )

    class Meta:
        verbose_name = _("programme target")
        verbose_name_plural = _("programme targets")
        ordering = ["-year", "city__name"]
        constraints = [
            models.UniqueConstraint(fields=["city", "year"], name="one_target_per_city_and_year")
        ]

    def __str__(self) -> str:
        return f"{self.city} {self.year}: {self.trained_target}"


def new_invitation_token() -> str:
    return secrets.token_urlsafe(32)  # 256 bits


class InvitationQuerySet(models.QuerySet):
    def pending(self) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True)


class Invitation(models.Model):
    """An account offered to a front-line worker by their city lead, accepted by a secret link."""

    VALID_FOR = timedelta(days=30)

    city = models.ForeignKey(
        "lms.City", on_delete=models.CASCADE, related_name="invitations", verbose_name=_("city")
    )
    email = models.EmailField(_("email"))
    full_name = models.CharField(_("full name"), max_length=150)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    profession = models.CharField(_("profession"), max_length=30, blank=True)
    module_key = models.UUIDField(
        _("module to enrol in"),
        null=True,
        blank=True,
        help_text=_("The learner is enrolled in this module when they accept."),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token)
    created_at = models.DateTimeField(_("invited at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitation",
        verbose_name=_("account"),
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-id"]
        constraints = [
            # One open invitation per address: a second upload of the same file adds nothing.
            models.UniqueConstraint(
                fields=["email"],
                condition=models.Q(accepted_at__isnull=True),
                name="one_pending_invitation_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.city_id}"

    @property
    def expires_at(self):
        return self.created_at + self.VALID_FOR

    @property
    def is_expired(self) -> bool:
        return timezone.now() > self.expires_at


class CitySnapshot(models.Model):
    """A city's dashboard figures, computed by `snapshots.refresh_snapshots` every few minutes.

    Reading the network dashboard's figures from the progress rows means scanning all of them
    (over a million at the `l` size); the dashboards read this one row per city instead and say
    how old it is. `figures` is the serialized `queries.CityFigures` plus monthly completions.
    """

    city = models.OneToOneField(
        "lms.City",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="dashboard_snapshot",
        verbose_name=_("city"),
    )
    computed_at = models.DateTimeField(_("computed at"))
    figures = models.JSONField(_("figures"), default=dict)

    class Meta:
        verbose_name = _("dashboard snapshot")
        verbose_name_plural = _("dashboard snapshots")

    def __str__(self) -> str:
        return f"{self.city_id} @ {self.computed_at:%Y-%m-%d %H:%M}"
