"""Benchmark: certificate PDFs rendered per second, in this process and through Celery workers.

    manage.py bench_certificates [--count 100] [--workers 2] [--redis redis://127.0.0.1:6379/4]

Each PDF goes through the real service (row lock, render, private storage, row update). The
worker run starts `--workers` Celery worker processes (`-c 1` each) on Redis, on a queue of their
own, warms them up, then times from the first message sent to the last PDF marked ready. The
rows, files and user it creates are removed at the end. Not a test: it prints figures.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from certificates import credentials, services
from certificates.models import Certificate, new_code

NAMES = ["Jiří Čermák", "Αικατερίνη Παπαδοπούλου", "Åsa Lindström", "Zoë Dubois-Müller"]
LANGUAGES = ["cs", "el", "sv", "fr"]


class Command(BaseCommand):
    help = "Print certificate PDFs rendered per second (single process and Celery workers)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=100)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument(
            "--redis", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/4")
        )
        parser.add_argument("--skip-workers", action="store_true")

    def handle(self, *args, count: int, workers: int, redis: str, skip_workers: bool, **options):
        if count < 1:
            raise CommandError("--count must be at least 1.")
        user = get_user_model().objects.create(
            username=f"bench-{uuid.uuid4().hex[:12]}", email="bench@invalid.example"
        )
        try:
            single = self._single_process(user, count)
            self.stdout.write(f"single process: {single:.1f} PDFs/s (N={count})")
            if not skip_workers:
                rate = self._through_workers(user, count, workers, redis)
                self.stdout.write(f"{workers} workers: {rate:.1f} PDFs/s (N={count})")
        finally:
            for certificate in Certificate.objects.filter(user=user):
                if certificate.pdf:
                    certificate.pdf.delete(save=False)
            user.delete()

    def _make(self, user, count: int) -> list[int]:
        """Pending certificates in several scripts (already emailed: no mail is sent)."""
        now = timezone.now()
        rows = [
            Certificate(
                code=new_code(),
                user=user,
                kind=Certificate.Kind.MODULE,
                module_key=uuid.uuid4(),
                learner_name=NAMES[i % len(NAMES)],
                city_name="Plzeň",
                module_number=i % 6 + 1,
                title="Prevence radikalizace vedoucí k násilnému extremismu",
                language=LANGUAGES[i % len(LANGUAGES)],
                completed_on=date.today(),
                hours=Decimal("2.5"),
                emailed_at=now,
            )
            for i in range(count)
        ]
        created = Certificate.objects.bulk_create(rows)
        for certificate in created:
            certificate.issued_at = certificate.issued_at or now
            certificate.credential = credentials.issue_credential(certificate)
        Certificate.objects.bulk_update(created, ["credential"])
        return [certificate.pk for certificate in created]

    def _single_process(self, user, count: int) -> float:
        warm_up, *ids = self._make(user, count + 1)
        services.render_certificate(warm_up)  # fonts and stylesheet loaded once per process
        start = time.perf_counter()
        for certificate_id in ids:
            services.render_certificate(certificate_id)
        elapsed = time.perf_counter() - start
        ready = Certificate.objects.filter(pk__in=ids, pdf_status="ready").count()
        if ready != count:
            raise CommandError(f"only {ready} of {count} PDFs were rendered")
        return count / elapsed

    def _through_workers(self, user, count: int, workers: int, redis: str) -> float:
        from celery import Celery

        queue = f"bench-certificates-{uuid.uuid4().hex[:8]}"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "lms.settings.dev"),
            "REDIS_URL": redis,
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            # Persistent database connections, as a production worker would keep them.
            "DB_CONN_MAX_AGE": os.environ.get("DB_CONN_MAX_AGE", "600"),
            "CERTIFICATE_SIGNING_KEY_FILE": str(settings.CERTIFICATE_SIGNING_KEY_FILE),
        }
        command = [
            sys.executable, "-m", "celery", "-A", "lms", "worker", "--concurrency=1",
            "--pool=prefork", "--loglevel=WARNING", "-Q", queue, "--without-gossip",
            "--without-mingle", "--prefetch-multiplier=1",
        ]  # fmt: skip
        processes = [
            subprocess.Popen(
                [*command, "-n", f"bench{i}-{queue}@%h"],
                cwd=Path(settings.BASE_DIR),
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for i in range(workers)
        ]
        client = Celery("bench", broker=redis)
        task = "certificates.tasks.render_certificate"
        try:
            warm_up = self._make(user, workers * 2)
            for certificate_id in warm_up:
                client.send_task(task, args=[certificate_id], queue=queue)
            self._wait(warm_up, timeout=120)
            ids = self._make(user, count)
            start = time.perf_counter()
            for certificate_id in ids:
                client.send_task(task, args=[certificate_id], queue=queue)
            self._wait(ids, timeout=max(120, count))
            return count / (time.perf_counter() - start)
        finally:
            client.close()
            for process in processes:
                process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()

    def _wait(self, ids: list[int], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        pending = Certificate.objects.filter(pk__in=ids).exclude(pdf_status="ready")
        while pending.exists():
            if time.monotonic() > deadline:
                raise CommandError(f"{pending.count()} PDFs still pending after {timeout} s")
            time.sleep(0.05)
