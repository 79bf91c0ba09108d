"""Integration: a certificate issued here is rendered and emailed by a real Celery worker."""

import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction

from certificates import services
from certificates.models import Certificate
from lms.celery import app
from tests import factories
from tests.certificates.factories import complete

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/4"

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the worker needs a shared DB"),
]


def _require_redis() -> None:
    try:
        socket.create_connection(("127.0.0.1", 6379), 2).close()
    except OSError:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("Redis is not reachable at 127.0.0.1:6379 and CI=true")
        pytest.skip("Redis is not running at 127.0.0.1:6379")


@pytest.fixture
def worker(tmp_path):
    """A worker subprocess on its own queue, reading the test database."""
    _require_redis()
    queue = f"certificates-test-{uuid.uuid4().hex}"
    private, emails = tmp_path / "private", tmp_path / "emails"
    private.mkdir()
    emails.mkdir()
    db = connection.settings_dict
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "tests.certificates.worker_settings",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CERTIFICATES_WORKER_BROKER": REDIS_URL,
        "CERTIFICATES_WORKER_PRIVATE_ROOT": str(private),
        "CERTIFICATES_WORKER_EMAIL_DIR": str(emails),
        "CERTIFICATE_SIGNING_KEY": settings.CERTIFICATE_SIGNING_KEY,
        "SITE_URL": settings.SITE_URL,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "lms", "worker", "--pool=solo",
         "--loglevel=WARNING", "-Q", queue, "--without-gossip", "--without-mingle"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip
    # This process sends through Redis to that queue instead of running tasks eagerly.
    saved = {k: app.conf[k] for k in ("task_always_eager", "broker_url", "task_routes")}
    app.conf.update(
        task_always_eager=False,
        broker_url=REDIS_URL,
        task_routes={"certificates.tasks.*": {"queue": queue}},
    )
    app._pool = None
    app.amqp._producer_pool = None
    try:
        yield {"private": private, "emails": emails, "process": process}
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        app.conf.update(saved)
        if app._pool is not None:
            app._pool.force_close_all()
        app._pool = None
        app.amqp._producer_pool = None


def test_a_real_worker_renders_the_pdf_and_emails_the_learner(worker):
    catalogue = factories.catalogue()
    module = factories.ModulePageFactory(parent=catalogue, number=1, title="Awareness")
    factories.ModulePageFactory(parent=catalogue, number=2)
    city = factories.CityFactory(name="Plzeň", slug="plzen", country="CZ", languages=["cs"])
    learner = factories.LearnerFactory(
        profile__city=city, profile__full_name="Jiří Čermák", profile__preferred_language="cs"
    )
    with transaction.atomic():
        services.on_module_completed(complete(learner, module))
    certificate = Certificate.objects.get(user=learner)  # queued on commit, to Redis

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        certificate.refresh_from_db()
        if certificate.pdf_status == Certificate.PdfStatus.READY and certificate.emailed_at:
            break
        assert worker["process"].poll() is None, worker["process"].stdout.read()
        time.sleep(0.5)
    assert certificate.pdf_status == Certificate.PdfStatus.READY, "worker did not render in 90 s"
    stored = worker["private"] / certificate.pdf.name
    assert stored.read_bytes().startswith(b"%PDF-")
    [email_file] = list(worker["emails"].iterdir())
    email = email_file.read_text()
    assert learner.email in email
    assert f"/cs/certificates/{certificate.code}/pdf/" in email
    assert "Content-Language: cs" in email
