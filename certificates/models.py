"""Certificates: one per completed module, one for the whole programme, verifiable by anyone.

Name, city and titles are copied at issue time (a certificate states what was true when it was
issued); the code is the public handle printed on the PDF and behind the QR code.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Certificate(models.Model):
    class Kind(models.TextChoices):
        MODULE = "module", _("Module certificate")
        PROGRAMME = "programme", _("LIAISE programme certificate")

    class PdfStatus(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed, will be retried")

    # Public, unguessable: 160 random bits in base32 (32 characters), shown in groups of four.
    code = models.CharField(_("code"), max_length=40, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MODULE)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates"
    )
    module_key = models.UUIDField(_("module"), null=True, blank=True)
    city = models.ForeignKey(
        "lms.City",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("city"),
    )
    # Snapshot at issue time -------------------------------------------------------------------
    learner_name = models.CharField(_("learner's name"), max_length=150)
    city_name = models.CharField(_("city name"), max_length=100, blank=True)
    module_number = models.PositiveSmallIntegerField(_("module number"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=255)
    language = models.CharField(_("language"), max_length=10)
    completed_on = models.DateField(_("completed on"))
    hours = models.DecimalField(_("hours of learning"), max_digits=5, decimal_places=1)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    # Rendering and delivery -----------------------------------------------------------------
    pdf = models.FileField(_("PDF"), upload_to="certificates/", blank=True)
    pdf_status = models.CharField(
        _("PDF status"), max_length=20, choices=PdfStatus.choices, default=PdfStatus.PENDING
    )
    pdf_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    credential = models.TextField(_("signed credential (VC-JWT)"), blank=True, editable=False)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)
    # Revocation -----------------------------------------------------------------------------
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revocation"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at"]
        constraints = [
            # One valid certificate per learner and module, one for the programme; a revoked one
            # steps aside so that a trainer can re-issue.
            models.UniqueConstraint(
                fields=["user", "module_key"],
                condition=Q(kind="module", revoked_at__isnull=True),
                name="one_valid_module_certificate",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(kind="programme", revoked_at__isnull=True),
                name="one_valid_programme_certificate",
            ),
            models.CheckConstraint(
                condition=Q(kind="programme") | Q(module_key__isnull=False),
                name="module_certificate_has_module",
            ),
        ]
        indexes = [
            models.Index(fields=["city", "issued_at"]),
            models.Index(fields=["pdf_status"]),
        ]
        permissions = [
            ("revoke_certificate", _("Can revoke and re-issue certificates")),
            ("download_any_certificate", _("Can download any learner's certificate")),
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.learner_name}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
