"""Issuing, rendering, emailing, revoking and re-issuing certificates.

Issuing happens inside the learning journey's completion transaction: the row (with its signed
credential) commits with the completion or not at all, and the unique constraints make a second
certificate for the same learner and module impossible. The PDF and the email are slow, so they
go to Celery after commit; `pdf_status=pending` is the outbox that the beat task
`render_pending_certificates` sweeps, so a lost message (broker down) or a worker that died
mid-render is recovered. Every step is idempotent and safe to run twice.

Hours of learning are the module's estimated time (not the learner's measured time, which
depends on how long a tab stayed open), rounded to the nearest half hour, at least half an hour;
the programme certificate adds up its modules' hours. Hours in training sessions the learner
attended (lms.sessions) are added to the modules they covered.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from courses.localisation import pick_source, pick_words
from courses.models import ModulePage
from courses.programme import programme_modules
from lms.learning.models import ModuleProgress
from lms.models import City
from lms.sessions.api import in_person_hours

from . import credentials
from .models import Certificate, new_code

logger = logging.getLogger(__name__)


# Issuing ------------------------------------------------------------------------------------


def on_module_completed(progress: ModuleProgress) -> None:
    """Issue the module certificate (and the programme one when every module is complete).

    Called on `lms.learning.signals.module_completed` (certificates/signals.py), inside the
    transaction that marks `progress` completed; idempotent (a second call for the same learner
    and module issues nothing).
    """
    if progress.status != ModuleProgress.Status.COMPLETED:
        return
    with transaction.atomic():
        # One learner's completions queue here, so two modules finishing at the same moment
        # still see each other when the programme certificate is decided.
        _lock_learner(progress.user_id)
        issue_module_certificate(progress)
        issue_programme_certificate_if_complete(progress.user)


def _lock_learner(user_id: int) -> None:
    list(get_user_model().objects.select_for_update().filter(pk=user_id).values_list("pk"))


def module_hours(minutes: int | None) -> Decimal:
    """Estimated minutes as hours, to the nearest half hour, never less than half an hour."""
    halves = max(1, round((minutes or 0) / 30))
    return Decimal(halves) / 2


def _learner_snapshot(user) -> dict:
    profile = getattr(user, "learner_profile", None)
    if profile is None:
        name = user.get_full_name() or user.get_username()
        return {"learner_name": name, "city": None, "city_name": "", "language": "en"}
    return {
        "learner_name": profile.full_name,
        "city": profile.city,
        "city_name": profile.city.name,
        "language": profile.preferred_language or settings.LANGUAGE_CODE,
    }


def _completed_on(moment: datetime | None, city: City | None) -> date:
    """The day of the completion where the learner works: a learner in Athens who finishes at
    00:30 completed on that day, not on the day before as in the platform's TIME_ZONE."""
    zone = city.tzinfo if city is not None else None
    return timezone.localdate(moment, zone) if moment else timezone.localdate(timezone=zone)


def issue_module_certificate(progress: ModuleProgress) -> Certificate | None:
    """The learner's certificate for this module, created on first completion.

    Returns the existing one when there is any (valid or revoked: after a revocation only a
    trainer re-issues). None when the module page no longer exists.
    """
    existing = Certificate.objects.for_module(progress.user_id, progress.module_key).first()
    if existing is not None:
        return existing
    learner = _learner_snapshot(progress.user)
    # The localisation rule: the title in the learner's language (else the source's); the
    # number and the hours from the source page, like every rule.
    copies = list(
        ModulePage.objects.filter(translation_key=progress.module_key).select_related("locale")
    )
    page, source = pick_words(copies, learner["language"]), pick_source(copies)
    if page is None or source is None:
        logger.warning("No module page for %s; no certificate issued", progress.module_key)
        return None
    if progress.city_id and learner["city"] is None:
        learner["city"], learner["city_name"] = progress.city, progress.city.name
    return _create(
        kind=Certificate.Kind.MODULE,
        user=progress.user,
        module_key=progress.module_key,
        module_number=source.number,
        title=page.title,
        completed_on=_completed_on(progress.completed_at, learner["city"]),
        **_hours(module_hours(source.estimated_minutes), progress.user, [progress.module_key]),
        **learner,
    )


def issue_programme_certificate_if_complete(user) -> Certificate | None:
    """The LIAISE programme certificate, once every module of the programme is completed."""
    existing = Certificate.objects.filter(user=user, kind=Certificate.Kind.PROGRAMME).first()
    if existing is not None:
        return existing
    # The programme's modules with their source pages' estimated time (a rule), in one query.
    minutes = dict(programme_modules().values_list("translation_key", "estimated_minutes"))
    keys = list(minutes)
    done = list(
        ModuleProgress.objects.filter(
            user=user, module_key__in=keys, status=ModuleProgress.Status.COMPLETED
        ).values_list("module_key", "completed_at")
    )
    if not keys or len(done) < len(keys):
        return None
    learner = _learner_snapshot(user)
    last = max((completed for _key, completed in done if completed), default=None)
    with translation.override(learner["language"]):
        title = _("LIAISE training programme")
    return _create(
        kind=Certificate.Kind.PROGRAMME,
        user=user,
        module_key=None,
        module_number=None,
        title=title,
        completed_on=_completed_on(last, learner["city"]),
        **_hours(sum((module_hours(minutes.get(key)) for key in keys), Decimal(0)), user, keys),
        **learner,
    )


def _hours(online: Decimal, user, module_keys) -> dict[str, Decimal]:
    """The certificate's hours: the online estimate plus the sessions attended, kept apart."""
    in_person = in_person_hours(user, module_keys)
    return {"hours": online + in_person, "in_person_hours": in_person}


def _create(**fields) -> Certificate:
    """Insert in a savepoint; if a concurrent transaction won the race, return its row."""
    try:
        with transaction.atomic():
            certificate = Certificate.objects.create(code=new_code(), **fields)
    except IntegrityError:
        lookup = {"user": fields["user"], "kind": fields["kind"], "revoked_at__isnull": True}
        if fields["kind"] == Certificate.Kind.MODULE:
            lookup["module_key"] = fields["module_key"]
        return Certificate.objects.get(**lookup)
    _sign(certificate)
    transaction.on_commit(lambda: enqueue_render(certificate.pk))
    return certificate


def _sign(certificate: Certificate, *, save: bool = True) -> None:
    """Attach the signed credential. A missing production key must not undo the completion
    (nor hold up the PDF): the certificate stays unsigned until the key is configured, and the
    next render signs it."""
    try:
        certificate.credential = credentials.issue_credential(certificate)
    except ImproperlyConfigured:
        logger.exception("Certificate %s left unsigned: no signing key", certificate.pk)
        return
    if save:
        certificate.save(update_fields=["credential"])


def enqueue_render(certificate_id: int) -> None:
    """Queue the PDF; if the broker is unreachable the pending row waits for the beat sweep."""
    from .tasks import render_certificate

    try:
        render_certificate.delay(certificate_id)
    except Exception:  # kombu raises several types when Redis is down; none may escape here
        logger.warning("Could not queue certificate %s; the sweep will", certificate_id)


# Rendering and email ------------------------------------------------------------------------


def render_certificate(certificate_id: int) -> bool:
    """Render and store the PDF once. True when this call rendered it.

    The row lock with SKIP LOCKED means a retried task and the sweep never render the same
    certificate at the same time; a READY certificate is left alone.
    """
    from .pdf import render_pdf

    with transaction.atomic():
        certificate = (
            Certificate.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("user")
            .filter(pk=certificate_id)
            .first()
        )
        if certificate is None or certificate.is_ready:
            return False
        certificate.pdf_attempts += 1
        try:
            if not certificate.credential:
                _sign(certificate, save=False)
            content = render_pdf(certificate)
        except Exception:
            logger.exception("Rendering certificate %s failed", certificate.pk)
            if certificate.pdf_attempts >= settings.CERTIFICATE_PDF_MAX_ATTEMPTS:
                certificate.pdf_status = Certificate.PdfStatus.FAILED
            certificate.save(update_fields=["pdf_attempts", "pdf_status"])
            return False
        name = f"{certificate.code}.pdf"
        path = certificate.pdf.field.generate_filename(certificate, name)
        if certificate.pdf.storage.exists(path):  # left by a worker that died before its commit
            certificate.pdf.storage.delete(path)
        certificate.pdf.save(name, ContentFile(content), save=False)
        certificate.pdf_status = Certificate.PdfStatus.READY
        certificate.save(update_fields=["pdf", "pdf_status", "pdf_attempts", "credential"])
    return True


def send_ready_email(certificate_id: int) -> bool:
    """Tell the learner, once, in their language, that the certificate can be downloaded."""
    with transaction.atomic():
        certificate = (
            Certificate.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk=certificate_id)
            .first()
        )
        if (
            certificate is None
            or certificate.emailed_at is not None
            or not certificate.is_ready
            or certificate.is_revoked
            or not certificate.user.email
        ):
            return False
        with translation.override(certificate.language):
            context = {
                "certificate": certificate,
                "download_url": settings.SITE_URL
                + reverse("certificates:download", args=[certificate.code]),
                "list_url": settings.SITE_URL + reverse("certificates:list"),
                "verification_url": certificate.get_verification_url(),
            }
            subject = render_to_string("certificates/email/ready_subject.txt", context)
            message = EmailMultiAlternatives(
                " ".join(subject.split()),
                render_to_string("certificates/email/ready_body.txt", context),
                to=[certificate.user.email],
                headers={"Content-Language": certificate.language},
            )
            message.attach_alternative(
                render_to_string("certificates/email/ready_body.html", context), "text/html"
            )
        message.send()
        certificate.emailed_at = timezone.now()
        certificate.save(update_fields=["emailed_at"])
    return True


def deliver(certificate_id: int) -> None:
    """The render task's work: the PDF, then (in its own transaction) the email."""
    render_certificate(certificate_id)
    send_ready_email(certificate_id)


def render_pending(limit: int = 50) -> int:
    """The outbox sweep: pending PDFs and unsent emails older than a couple of minutes."""
    cutoff = timezone.now() - timedelta(seconds=settings.CERTIFICATE_PENDING_GRACE_SECONDS)
    with transaction.atomic():
        ids = list(
            Certificate.objects.select_for_update(skip_locked=True)
            .filter(pdf_status=Certificate.PdfStatus.PENDING, issued_at__lt=cutoff)
            .order_by("issued_at")
            .values_list("pk", flat=True)[:limit]
        )
    unsent = list(
        Certificate.objects.valid()
        .filter(
            pdf_status=Certificate.PdfStatus.READY,
            emailed_at__isnull=True,
            issued_at__lt=cutoff,
        )
        .order_by("issued_at")
        .values_list("pk", flat=True)[:limit]
    )
    for certificate_id in ids:
        render_certificate(certificate_id)
    for certificate_id in {*ids, *unsent}:
        send_ready_email(certificate_id)
    # Issued while the production key was missing: signed as soon as it is configured.
    for certificate in Certificate.objects.filter(credential="").select_related("user")[:limit]:
        _sign(certificate)
    return len(ids)


# Trainers' actions --------------------------------------------------------------------------


def revoke(certificate: Certificate, *, by, reason: str) -> Certificate:
    """Revoke with a reason (kept, shown on the verification page with the date)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("A reason is required to revoke a certificate.")
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.is_revoked:
            return locked
        locked.revoked_at = timezone.now()
        locked.revoked_reason = reason
        locked.revoked_by = by
        locked.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
        log(locked, "certificates.revoke", user=by, data={"reason": reason})
    return locked


def reissue(certificate: Certificate, *, by) -> Certificate:
    """A new certificate (new code, new credential) replacing a revoked one.

    The learner's name and city are taken afresh from the profile (a misspelt name is the usual
    reason); the achievement, completion date and hours stay those of the original.
    """
    if not certificate.is_revoked:
        raise ValueError("Only a revoked certificate can be re-issued.")
    learner = _learner_snapshot(certificate.user)
    learner["language"] = certificate.language
    with transaction.atomic():
        _lock_learner(certificate.user_id)
        current = Certificate.objects.valid().filter(
            user=certificate.user_id, kind=certificate.kind, module_key=certificate.module_key
        )
        if current.exists():  # a second click, or another trainer was quicker
            return current.get()
        fields = {
            "kind": certificate.kind,
            "user": certificate.user,
            "module_key": certificate.module_key,
            "module_number": certificate.module_number,
            "title": certificate.title,
            "completed_on": certificate.completed_on,
            "hours": certificate.hours,
            "in_person_hours": certificate.in_person_hours,
            **learner,
        }
        replacement = _create(**fields)
        data = {"replaced": certificate.display_code, "by": replacement.display_code}
        log(certificate, "certificates.reissue", user=by, data=data)
        log(replacement, "certificates.reissue", user=by, data=data)
    return replacement


def retry_pdf(certificate: Certificate, *, by=None) -> None:
    """A trainer's nudge for a FAILED render: back to pending with a fresh count."""
    with transaction.atomic():
        Certificate.objects.filter(pk=certificate.pk).exclude(
            pdf_status=Certificate.PdfStatus.READY
        ).update(pdf_status=Certificate.PdfStatus.PENDING, pdf_attempts=0)
        log(certificate, "certificates.retry_pdf", user=by)
        transaction.on_commit(lambda: enqueue_render(certificate.pk))
