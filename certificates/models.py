"""Certificates: one per completed module, one for the whole programme, verifiable by anyone.

Name, city and titles are copied at issue time (a certificate states what was true when it was
issued); the code is the public handle printed on the PDF and behind the QR code.
"""

from __future__ import annotations

import base64
import re
import secrets

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lms.roles import has_second_factor

CODE_BYTES = 20  # 160 bits: 32 base32 characters, no padding
CODE_LENGTH = 32
_NOT_CODE_CHARACTERS = re.compile(r"[\s\-\u2010-\u2015_.]+")  # spaces, dashes, dots


def new_code() -> str:
    """A fresh unguessable certificate code: 160 random bits in base32 (A-Z, 2-7)."""
    return base64.b32encode(secrets.token_bytes(CODE_BYTES)).decode("ascii").rstrip("=")


def normalise_code(raw: str) -> str:
    """The code as stored, from what a person typed: any case, with or without dashes/spaces."""
    return _NOT_CODE_CHARACTERS.sub("", raw or "").upper()


def group_code(code: str) -> str:
    """The readable form printed on certificates: eight groups of four characters."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def private_storage() -> Storage:
    """Certificate PDFs never live in public media: STORAGES["private"] (files or memory)."""
    return storages["private"]


class CertificateQuerySet(models.QuerySet):
    def valid(self) -> CertificateQuerySet:
        return self.filter(revoked_at__isnull=True)

    def owned_by(self, user) -> CertificateQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def downloadable_by(self, user) -> CertificateQuerySet:
        """The owner's certificates; every certificate for staff allowed to download any.

        Staff need their second factor for it, as in the admin (a password alone opens no one
        else's certificate).
        """
        if (
            user.is_authenticated
            and user.has_perm("certificates.download_any_certificate")
            and has_second_factor(user)
        ):
            return self.all()
        return self.owned_by(user)

    def for_module(self, user, module_key) -> CertificateQuerySet:
        return self.filter(user=user, kind=Certificate.Kind.MODULE, module_key=module_key)


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
    # Of `hours`, those spent in in-person training sessions (the rest was learnt online).
    in_person_hours = models.DecimalField(
        _("in-person hours"), max_digits=5, decimal_places=1, default=0, db_default=0
    )
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    # Rendering and delivery -----------------------------------------------------------------
    pdf = models.FileField(_("PDF"), upload_to="certificates/", blank=True, storage=private_storage)
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

    objects = CertificateQuerySet.as_manager()

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
    def online_hours(self):
        return self.hours - self.in_person_hours

    @property
    def is_blended(self) -> bool:
        """Both online and in-person learning count: the certificate says so."""
        return bool(self.in_person_hours) and self.online_hours > 0

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def display_code(self) -> str:
        return group_code(self.code)

    @property
    def is_ready(self) -> bool:
        return self.pdf_status == self.PdfStatus.READY and bool(self.pdf)

    def get_verification_url(self) -> str:
        """Absolute, language-neutral: what the QR code and the credential point at."""
        from django.urls import reverse

        path = reverse("certificates_public:verify", args=[self.display_code])
        return settings.SITE_URL + path

    def pdf_filename(self) -> str:
        return f"liaise-certificate-{self.code[:8].lower()}.pdf"


class ErasedCertificate(models.Model):
    """What is left of a certificate whose holder erased their account: a tombstone.

    Its verification page says that the holder's data was erased at their request, rather than
    that the code is unknown (the PDF in someone's hands is genuine). No personal data: the
    code, the day, and, for a certificate still valid then, its kind and city so that the
    dashboards keep counting it.
    """

    code = models.CharField(_("code"), max_length=40, unique=True, editable=False)
    erased_on = models.DateField(_("erased on"))
    kind = models.CharField(_("kind"), max_length=20, choices=Certificate.Kind.choices)
    # Empty for a certificate that was revoked before the erasure: it no longer counted.
    city = models.ForeignKey(
        "lms.City",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("city"),
    )

    class Meta:
        verbose_name = _("erased certificate")
        verbose_name_plural = _("erased certificates")

    def __str__(self) -> str:
        return group_code(self.code)

    @property
    def display_code(self) -> str:
        return group_code(self.code)
