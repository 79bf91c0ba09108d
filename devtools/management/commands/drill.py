"""Fault drill: the production-shaped stack loses Redis, a Celery worker, PostgreSQL and a web
worker in turn, and the learners' side is checked each time.

    manage.py drill        (make drill)

It starts its own Redis (port 6391) and its own PostgreSQL cluster (port 5441, in a temporary
directory), so the services other work uses are never touched; then gunicorn (gthread workers)
and a Celery worker with the production settings. Each scenario sends real requests and reads the
database directly:

1. Redis stopped: pages still answer 200 (cache misses, sessions from the database); /healthz
   says which service is down with a 503; a learner submitting their quiz (twice) gets their
   result, the module completes and one certificate waits for its PDF; Redis back, everything is
   200 again and the sweep renders and emails that certificate once.
2. A Celery worker killed (SIGKILL) while it renders a certificate PDF: after a restart and the
   beat sweep (`render_pending_certificates`, every 3 minutes in production) the PDF is rendered
   and emailed exactly once.
3. PostgreSQL stopped: every page answers 503 with Retry-After, never 500 (anonymous pages kept
   in the page cache are still served), and the web process logs one line per failure;
   PostgreSQL back, pages are 200 again without restarting anything.
4. A gunicorn worker killed under load: the master starts another; no 500, and the requests that
   failed are counted (those the killed worker was holding).

Prints what it saw and exits non-zero when an expectation fails. Not a test: it needs minutes,
PostgreSQL's server binaries and redis-server, and is run by hand (docs/benchmarks.md).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ...serving import stop_group, wait_for


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """The submission's own answer (302 to the result), not the page it leads to."""

    def redirect_request(self, *args, **kwargs):
        return None


REDIS_PORT = 6391
PG_PORT = 5441
WEB_PORT = 8766
PG_BIN = Path("/usr/lib/postgresql/15/bin")

SETUP = """
import json
from django.contrib.auth import get_user_model
from courses.models import LessonPage
from courses.programme import children_of, programme_modules
from lms.learning import services
from lms.models import City, LearnerProfile
from devtools.serving import signed_in_session

city = City.objects.create(name="Drill city", slug="drill-city", country="BE", languages=["fr"])
user = get_user_model().objects.create_user("drill", "drill@liaise.example")
LearnerProfile.objects.create(user=user, full_name="Drill Learner", city=city,
                              profession="teacher", preferred_language="en")
module = programme_modules().first()
lesson = children_of(LessonPage, module).first()
services.enrol(user, module.translation_key)
print("DRILL" + json.dumps({"session": signed_in_session(user), "lesson": lesson.get_url(None),
                            "module": module.get_url(None), "user": user.pk}))
"""

# The drill learner's first module completed and its certificate issued: the PDF task is queued
# on the broker when the transaction commits, as after a passed quiz.
COMPLETE = """
from django.db import transaction
from django.utils import timezone
from certificates.services import issue_module_certificate
from lms.learning.models import ModuleProgress
progress = ModuleProgress.objects.get(user__username="drill")
with transaction.atomic():
    progress.status = ModuleProgress.Status.COMPLETED
    progress.completed_at = timezone.now()
    progress.save()
    issue_module_certificate(progress)
"""


# A second learner one click away from passing module 1's quiz (as in the page benchmark's burst):
# they press Submit while Redis is stopped.
SUBMITTER = """
import json
from courses.programme import programme_modules
from devtools import quiz_burst
[submitter] = quiz_burst.prepare(programme_modules().first(), 1, "%s")
print("DRILL" + json.dumps({"path": submitter.path, "session": submitter.session_key,
                            "body": submitter.body.decode(), "user": submitter.user_id}))
"""


class Command(BaseCommand):
    help = "Fault drill on the production-shaped stack (own Redis and PostgreSQL); prints results."

    def handle(self, *args, **options) -> None:
        for tool in ("redis-server", str(PG_BIN / "initdb"), "gunicorn"):
            found = shutil.which(tool) or shutil.which(tool, path=str(Path(sys.executable).parent))
            if not found:
                raise CommandError(f"{tool} is needed for the drill.")
        self.work = Path(tempfile.mkdtemp(prefix="liaise-drill-"))
        self.failures: list[str] = []
        self.processes: dict[str, subprocess.Popen] = {}
        try:
            self._start_services()
            self._prepare()
            self._start("web")
            self._start("worker")
            wait_for(f"{self.base}/healthz/live")
            self._baseline()
            self._redis_down()
            self._worker_killed()
            self._postgres_down()
            self._web_worker_killed()
        finally:
            for name in list(self.processes):
                self._stop(name)
            self._pg("stop", check=False)
            shutil.rmtree(self.work, ignore_errors=True)
        self.stdout.write("")
        if self.failures:
            for failure in self.failures:
                self.stdout.write(f"FAILED: {failure}")
            raise CommandError(f"{len(self.failures)} expectation(s) failed.")
        self.stdout.write("Every expectation held.")

    # Services ---------------------------------------------------------------------------------

    def _start_services(self) -> None:
        self.redis_cmd = ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1"]
        self.redis_cmd += ["--save", "", "--appendonly", "no"]
        self._start_redis()
        data = self.work / "pg"
        socket_dir = self.work / "pgsock"
        socket_dir.mkdir()
        as_postgres = self._as_postgres()
        if as_postgres:
            shutil.chown(self.work, "postgres")
            shutil.chown(socket_dir, "postgres")
        self._run([str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust"])
        self.pg_data, self.pg_socket = data, socket_dir
        self._pg("start")
        createdb = [str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(PG_PORT)]
        self._run([*createdb, "-U", "postgres", "liaise_drill"])

    def _as_postgres(self) -> bool:
        return os.geteuid() == 0

    def _run(self, command: list[str], check: bool = True) -> subprocess.CompletedProcess:
        if self._as_postgres() and Path(command[0]).parent == PG_BIN:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True)

    def _pg(self, action: str, check: bool = True) -> None:
        options = f"-p {PG_PORT} -k {self.pg_socket} -c listen_addresses=127.0.0.1"
        command = [str(PG_BIN / "pg_ctl"), "-D", str(self.pg_data), "-w", "-m", "fast"]
        command += ["-l", str(self.work / "pg.log"), "-o", options, action]
        if hasattr(self, "pg_data"):
            self._run(command, check=check)

    def _start_redis(self) -> None:
        self.processes["redis"] = subprocess.Popen(
            self.redis_cmd, stdout=subprocess.DEVNULL, start_new_session=True
        )
        time.sleep(0.5)

    @property
    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "lms.settings.production",
            "SECRET_KEY": self.secret,
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PG_PORT}/liaise_drill",
            "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "STATIC_ROOT": str(self.work / "static"),
            "MEDIA_ROOT": str(self.work / "media"),
            "PRIVATE_MEDIA_ROOT": str(self.work / "private"),
            "CERTIFICATE_SIGNING_KEY": self.signing_key,
            "LOG_LEVEL": "WARNING",
            "CERTIFICATE_PENDING_GRACE_SECONDS": "3",
        }

    def _manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args], env=self.env, capture_output=True, text=True
        )
        if result.returncode:
            raise CommandError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-2000:]}")
        return result.stdout

    def _prepare(self) -> None:
        from certificates.signing import generate_pem

        self.secret = secrets.token_urlsafe(64)
        self.signing_key = generate_pem()
        self.base = f"http://127.0.0.1:{WEB_PORT}"
        self._manage("migrate", "--noinput", "-v", "0")
        self._manage("collectstatic", "--noinput", "-v", "0")
        self._manage("load_liaise_content", "--no-translations", "-v", "0")
        out = self._manage("shell", "-c", SETUP)
        self.site = json.loads(out.split("DRILL", 1)[1])
        self.cookie = f"sessionid={self.site['session']}"
        self.csrf = secrets.token_hex(16)
        out = self._manage("shell", "-c", SUBMITTER % self.csrf)
        self.submitter = json.loads(out.split("DRILL", 1)[1])

    def _start(self, name: str) -> None:
        bin_dir = Path(sys.executable).parent
        if name == "web":
            command = [str(bin_dir / "gunicorn"), "lms.wsgi:application", "--bind"]
            command += [f"127.0.0.1:{WEB_PORT}", "--workers", "2", "--worker-class", "gthread"]
            command += ["--threads", "4", "--graceful-timeout", "5"]
        else:
            command = [str(bin_dir / "celery"), "-A", "lms", "worker", "--concurrency", "1"]
            command += ["--loglevel", "INFO", "--without-mingle", "--without-gossip"]
        env = self.env
        if name == "worker":  # pauses in each render, to be killed while holding one
            env = {**env, "DJANGO_SETTINGS_MODULE": "devtools.drill_settings"}
        log = open(self.work / f"{name}.log", "ab")  # noqa: SIM115 (closed with the process)
        self.processes[name] = subprocess.Popen(
            command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def _stop(self, name: str, sig: int = signal.SIGTERM) -> None:
        process = self.processes.pop(name, None)
        if process is not None:
            stop_group(process, sig)

    def _log(self, name: str) -> str:
        return (self.work / f"{name}.log").read_text(errors="replace")

    # Requests ---------------------------------------------------------------------------------

    def _get(self, path: str, signed_in: bool = False) -> tuple[int, dict]:
        request = urllib.request.Request(self.base + path)
        if signed_in:
            request.add_header("Cookie", self.cookie)
        try:
            with urllib.request.urlopen(request, timeout=15) as response:
                return response.status, dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers)
        except OSError:
            return 0, {}

    @property
    def pages(self) -> list[tuple[str, str, bool]]:
        return [
            ("catalogue", "/en/", False),
            ("module page", self.site["module"], False),
            ("lesson, signed in", self.site["lesson"], True),
            ("My learning", "/en/my-learning/", True),
            ("healthz", "/healthz", False),
        ]

    def _probe(self, label: str, expect: dict[str, set[int]]) -> None:
        self.stdout.write(f"\n{label}")
        for name, path, signed_in in self.pages:
            statuses = Counter(self._get(path, signed_in)[0] for _ in range(5))
            _status, headers = self._get(path, signed_in)
            shown = ", ".join(f"{code} x{n}" for code, n in sorted(statuses.items()))
            retry = f" (Retry-After {headers['Retry-After']})" if "Retry-After" in headers else ""
            self.stdout.write(f"  {name:<20} {shown}{retry}")
            wanted = expect.get(name, expect.get("*", {200}))
            if set(statuses) - wanted:
                self.failures.append(f"{label}: {name} answered {shown}, expected {wanted}")
            if 500 in statuses:
                self.failures.append(f"{label}: {name} answered 500")

    # Scenarios --------------------------------------------------------------------------------

    def _baseline(self) -> None:
        self._probe("1. All services up", {"*": {200}})

    def _redis_down(self) -> None:
        self._stop("redis", signal.SIGKILL)
        self._probe("2. Redis stopped", {"*": {200}, "healthz": {503}})
        self._submit_quiz()
        self._start_redis()
        # The web process leaves Redis alone for 5 s after its last failure (lms.resilience).
        time.sleep(7)
        self._probe("   Redis back", {"*": {200}})
        self._submitted_certificate_sent()

    def _submit_quiz(self) -> None:
        """A learner presses Submit on their quiz while Redis is stopped (twice, as a double
        click): the result is applied at once (the outbox cannot queue it), the module is
        complete and the certificate waits for its PDF."""
        submitter = self.submitter
        headers = {
            "Cookie": f"sessionid={submitter['session']}; csrftoken={self.csrf}",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        opener = urllib.request.build_opener(_NoRedirect)
        statuses, started = [], time.monotonic()
        for _click in range(2):
            request = urllib.request.Request(
                self.base + submitter["path"], submitter["body"].encode(), headers
            )
            try:
                with opener.open(request, timeout=30) as response:
                    statuses.append(response.status)
            except urllib.error.HTTPError as error:
                statuses.append(error.code)
            except OSError:
                statuses.append(0)
        took = (time.monotonic() - started) * 1000
        state = self._quiz_state()
        self.stdout.write(
            f"  quiz submitted twice: {statuses} in {took:.0f} ms; attempts submitted"
            f" {state['submitted']}, announced {state['announced']}, module"
            f" {state['module']}, certificates {state['certificates']}"
        )
        if statuses != [302, 302]:  # the second click: the result too
            self.failures.append(f"Redis stopped: the quiz submission answered {statuses}")
        expected = {"submitted": 1, "announced": 1, "module": "completed", "certificates": 1}
        if {name: state[name] for name in expected} != expected:
            self.failures.append(f"Redis stopped: after the submission {state}, not {expected}")

    def _quiz_state(self) -> dict:
        import psycopg

        user = self.submitter["user"]
        with psycopg.connect(self.env["DATABASE_URL"]) as connection:

            def one(sql: str) -> object:
                return connection.execute(sql, [user]).fetchone()[0]

            return {
                "submitted": one(
                    "SELECT count(*) FROM assessments_attempt"
                    " WHERE user_id = %s AND submitted_at IS NOT NULL"
                ),
                "announced": one(
                    "SELECT count(*) FROM assessments_attempt WHERE user_id = %s"
                    " AND announced_version = result_version AND result_version > 0"
                ),
                "module": one(
                    "SELECT string_agg(status, ',') FROM learning_moduleprogress WHERE user_id = %s"
                ),
                "certificates": one(
                    "SELECT count(*) FROM certificates_certificate WHERE user_id = %s"
                ),
                "ready": one(
                    "SELECT count(*) FROM certificates_certificate"
                    " WHERE user_id = %s AND pdf_status = 'ready'"
                ),
            }

    def _submitted_certificate_sent(self) -> None:
        """Redis back: the certificate's PDF, which could not be queued, is rendered and sent
        once by the sweep (what beat does every three minutes in production, done now)."""
        before = self._log("worker").count("Subject: ")
        time.sleep(4)  # older than the sweep's grace (3 s here)
        self._manage(
            "shell",
            "-c",
            "from certificates.tasks import render_pending_certificates as t; t.delay()",
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not self._quiz_state()["ready"]:
            time.sleep(0.5)
        time.sleep(1)  # the email follows the PDF
        emails = self._log("worker").count("Subject: ") - before
        state = self._quiz_state()
        self.stdout.write(
            f"  its certificate after the sweep: ready {state['ready']} of"
            f" {state['certificates']}; emails sent: {emails}"
        )
        if state["ready"] != 1 or state["certificates"] != 1 or emails != 1:
            self.failures.append(f"Redis back: certificate {state}, {emails} emails, expected 1")

    def _certificate(self) -> tuple[str, int] | None:
        import psycopg

        url = self.env["DATABASE_URL"]
        with psycopg.connect(url) as connection:
            row = connection.execute(
                "SELECT pdf_status, pdf_attempts FROM certificates_certificate "
                "WHERE kind = 'module' AND user_id = %s ORDER BY id LIMIT 1",
                [self.site["user"]],
            ).fetchone()
        return row

    def _worker_killed(self) -> None:
        self.stdout.write("\n3. Celery worker killed (SIGKILL) while rendering a certificate")
        emails_before = self._log("worker").count("Subject: ")
        received_before = self._log("worker").count("Task certificates.tasks.render_certificate[")
        self._manage("shell", "-c", COMPLETE)
        deadline = time.monotonic() + 60
        received = "Task certificates.tasks.render_certificate["
        while (
            self._log("worker").count(received) <= received_before and time.monotonic() < deadline
        ):
            time.sleep(0.05)
        # Inside the task (the worker pauses 2 s there, devtools.drill_settings): the message is
        # taken, not yet acknowledged.
        time.sleep(0.5)
        self._stop("worker", signal.SIGKILL)
        killed_row = self._certificate()
        self.stdout.write(f"  certificate after the kill: {killed_row}")
        self._start("worker")
        time.sleep(4)  # older than the sweep's grace (3 s here, two minutes in production)
        # What beat does every three minutes in production, done now.
        self._manage(
            "shell",
            "-c",
            "from certificates.tasks import render_pending_certificates as t; t.delay()",
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and (self._certificate() or ("",))[0] != "ready":
            time.sleep(0.5)
        row = self._certificate()
        emails = self._log("worker").count("Subject: ") - emails_before
        self.stdout.write(f"  certificate after restart and sweep: {row}; emails sent: {emails}")
        if killed_row != ("pending", 0):
            self.failures.append(f"worker killed: {killed_row} after the kill, expected pending")
        if not row or row[0] != "ready":
            self.failures.append(f"worker killed: certificate is {row}, expected ready")
        if emails != 1:
            self.failures.append(f"worker killed: {emails} certificate emails, expected 1")

    def _postgres_down(self) -> None:
        before = self._log("web").count("\n")
        self._pg("stop")
        # Anonymous pages stored in the page cache (Redis) are still served: 200 or 503.
        anonymous = {200, 503}
        expect = {"*": {503}, "catalogue": anonymous, "module page": anonymous}
        self._probe("4. PostgreSQL stopped", expect)
        lines = self._log("web").count("\n") - before
        self.stdout.write(f"  lines logged by the web process meanwhile: {lines}")
        self._pg("start")
        time.sleep(1)
        self._probe("   PostgreSQL back (no restart of web or worker)", {"*": {200}})

    def _web_worker_killed(self) -> None:
        self.stdout.write("\n5. A gunicorn worker killed (SIGKILL) under load")
        master = self.processes["web"].pid
        children = subprocess.run(
            ["pgrep", "-P", str(master)], capture_output=True, text=True
        ).stdout.split()
        statuses: Counter[int] = Counter()
        stop = threading.Event()

        def load() -> None:
            while not stop.is_set():
                statuses[self._get(self.site["lesson"], signed_in=True)[0]] += 1

        threads = [threading.Thread(target=load) for _ in range(4)]
        for thread in threads:
            thread.start()
        time.sleep(2)
        if children:
            os.kill(int(children[0]), signal.SIGKILL)
        time.sleep(4)
        stop.set()
        for thread in threads:
            thread.join()
        after = subprocess.run(
            ["pgrep", "-P", str(master)], capture_output=True, text=True
        ).stdout.split()
        shown = ", ".join(
            f"{'connection error' if code == 0 else code} x{n}"
            for code, n in sorted(statuses.items())
        )
        self.stdout.write(
            f"  requests: {shown}; workers before {len(children)}, after {len(after)}"
        )
        if 500 in statuses:
            self.failures.append("web worker killed: a 500 was served")
        if len(after) != len(children):
            self.failures.append("web worker killed: the master did not replace the worker")
