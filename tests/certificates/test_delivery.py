"""PDF and email delivery: idempotent, recovered after a crash or a broker outage, sent once."""

from datetime import timedelta

import pytest
from django.core import mail
from kombu.exceptions import OperationalError

from certificates import pdf, services, tasks
from certificates.models import Certificate
from tests import factories
from tests.certificates.factories import issue

pytestmark = pytest.mark.django_db


class WorkerLost(BaseException):
    """Stands for the process dying: not an Exception, so nothing in the code catches it."""


@pytest.fixture
def certificate(learner, catalogue):
    # Two modules, so completing one issues exactly one certificate.
    module = factories.ModulePageFactory(parent=catalogue, number=1, title="Awareness")
    factories.ModulePageFactory(parent=catalogue, number=2)
    return issue(learner, module)


def _stored_files(certificate) -> list[str]:
    """This certificate's files (the in-memory storage is shared by the process's tests)."""
    storage = certificate.pdf.storage
    if not storage.exists("certificates"):
        return []
    return [name for name in storage.listdir("certificates")[1] if certificate.code in name]


def test_a_task_retried_after_a_worker_crash_renders_and_emails_once(certificate, monkeypatch):
    original_save = Certificate.save
    crashes = []

    def crash_once(self, *args, **kwargs):
        if "pdf" in (kwargs.get("update_fields") or []) and not crashes:
            crashes.append(self.pk)
            raise WorkerLost  # after the file was stored, before the row says so
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(Certificate, "save", crash_once)
    with pytest.raises(WorkerLost):
        tasks.render_certificate.apply(args=[certificate.pk])
    certificate.refresh_from_db()
    assert certificate.pdf_status == Certificate.PdfStatus.PENDING and not certificate.pdf
    assert _stored_files(certificate) == [f"{certificate.code}.pdf"]  # the orphan
    assert mail.outbox == []

    # acks_late: the broker redelivers the message to another worker.
    assert tasks.render_certificate.acks_late and tasks.render_certificate.reject_on_worker_lost
    tasks.render_certificate.apply(args=[certificate.pk])
    tasks.render_certificate.apply(args=[certificate.pk])  # and once more, for good measure
    certificate.refresh_from_db()
    assert certificate.pdf_status == Certificate.PdfStatus.READY
    assert certificate.pdf.name == f"certificates/{certificate.code}.pdf"
    assert _stored_files(certificate) == [f"{certificate.code}.pdf"]
    assert len(mail.outbox) == 1


def test_rendering_twice_does_nothing_the_second_time(certificate, monkeypatch):
    assert services.render_certificate(certificate.pk) is True
    calls = []
    monkeypatch.setattr(pdf, "render_pdf", lambda c: calls.append(c) or b"%PDF-")
    assert services.render_certificate(certificate.pk) is False
    assert calls == []
    assert services.send_ready_email(certificate.pk) is True
    assert services.send_ready_email(certificate.pk) is False
    assert len(mail.outbox) == 1


def test_failures_are_counted_and_end_as_failed(certificate, monkeypatch, settings, trainer):
    settings.CERTIFICATE_PDF_MAX_ATTEMPTS = 2

    def broken(_certificate):
        raise RuntimeError("WeasyPrint could not render")

    monkeypatch.setattr(pdf, "render_pdf", broken)
    services.deliver(certificate.pk)
    certificate.refresh_from_db()
    assert (certificate.pdf_status, certificate.pdf_attempts) == ("pending", 1)
    services.deliver(certificate.pk)
    certificate.refresh_from_db()
    assert (certificate.pdf_status, certificate.pdf_attempts) == ("failed", 2)
    assert mail.outbox == []
    monkeypatch.undo()
    services.retry_pdf(certificate)
    certificate.refresh_from_db()
    assert (certificate.pdf_status, certificate.pdf_attempts) == ("pending", 0)
    services.deliver(certificate.pk)
    certificate.refresh_from_db()
    assert certificate.pdf_status == "ready" and len(mail.outbox) == 1


def test_with_the_broker_down_nothing_is_lost(
    learner, catalogue, monkeypatch, django_capture_on_commit_callbacks
):
    module = factories.ModulePageFactory(parent=catalogue, number=1)
    factories.ModulePageFactory(parent=catalogue, number=2)

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.render_certificate, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        certificate = issue(learner, module)  # the completion commits all the same
    assert certificate.pdf_status == Certificate.PdfStatus.PENDING
    # The sweep leaves fresh rows to their own task for a couple of minutes...
    assert services.render_pending() == 0
    Certificate.objects.filter(pk=certificate.pk).update(
        issued_at=certificate.issued_at - timedelta(minutes=5)
    )
    # ...then picks them up (beat runs this every three minutes).
    assert tasks.render_pending_certificates.apply().get() == 1
    certificate.refresh_from_db()
    assert certificate.pdf_status == Certificate.PdfStatus.READY
    assert len(mail.outbox) == 1
    assert services.render_pending() == 0
    assert len(mail.outbox) == 1


def test_the_sweep_sends_an_email_lost_after_rendering(certificate):
    services.render_certificate(certificate.pk)  # rendered, but the worker died before emailing
    Certificate.objects.filter(pk=certificate.pk).update(
        issued_at=certificate.issued_at - timedelta(minutes=5)
    )
    services.render_pending()
    assert len(mail.outbox) == 1


def test_the_sweep_is_scheduled(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["render-pending-certificates"]
    assert entry["task"] == tasks.render_pending_certificates.name
    assert entry["schedule"] <= 300


def test_email_is_in_the_learners_language(certificate, learner):
    Certificate.objects.filter(pk=certificate.pk).update(language="de")
    services.deliver(certificate.pk)
    [email] = mail.outbox
    assert email.extra_headers["Content-Language"] == "de"
    assert "/de/certificates/" in email.body


def test_no_email_for_a_revoked_certificate(certificate, trainer):
    services.revoke(certificate, by=trainer, reason="Mistake")
    services.deliver(certificate.pk)
    assert mail.outbox == []
