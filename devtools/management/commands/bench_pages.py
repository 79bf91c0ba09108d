"""Benchmark: learner pages served by the production-shaped web process, driven by wrk.

    manage.py bench_pages [--duration 20] [--connections 8] [--threads 2] [--workers 3]
                          [--burst 100] [--warm-up 24] [--only-burst] [--celery-concurrency 2]

Runs against the database of the current settings (make bench: a generated site). It collects the
static files, starts gunicorn as the Dockerfile does (gthread workers) with the production
settings (`devtools.bench_settings`: production plus a bare view) on that database and the local
Redis, then drives each page with `wrk` from a second process and prints req/s, p50 and p99 and
the ratios to R0 (a static file) and R2 (a bare Django view through the same middleware).

Then the quiz-submission burst (devtools/quiz_burst.py): with the production settings a passed
quiz's result completes the module and issues the certificate on a Celery worker after the
submission's commit, so the burst also starts a worker as docker-compose.yml does (same
environment as gunicorn, at a lower CPU weight), and prints, besides the answers' p50, p95 and
max, how long after the first click every result was applied and whether each learner has
exactly one. The burst runs twice: each learner clicks once (the measure the target is set for),
then other learners each click twice (a double click), for doubles.

Without wrk (Debian package `wrk`) a small load generator with Python threads is used instead,
and the output says so: its figures are lower than wrk's for the same server.
Not a test: it prints figures. The session it creates and the server it starts are removed.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from certificates.signing import generate_pem
from courses.models import LessonPage
from courses.programme import children_of, programme_modules
from lms.learning import services
from lms.models import LearnerProfile

from ... import quiz_burst
from ...serving import signed_in_session, stop_group, wait_for

DEFAULT_REDIS = "redis://127.0.0.1:6379/5"


@dataclass
class Result:
    name: str
    url: str
    rps: float
    p50: float
    p99: float
    errors: int


class Command(BaseCommand):
    help = "Print req/s, p50 and p99 of learner pages on gunicorn (production settings) with wrk."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--duration", type=int, default=20, help="Seconds per page.")
        parser.add_argument("--connections", type=int, default=8)
        parser.add_argument("--threads", type=int, default=2)
        parser.add_argument("--workers", type=int, default=3)
        parser.add_argument("--gunicorn-threads", type=int, default=4)
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--redis", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS))
        parser.add_argument(
            "--burst",
            type=int,
            default=100,
            help="Learners submitting their quiz at the same moment after the pages (0: none).",
        )
        parser.add_argument(
            "--only-burst",
            action="store_true",
            help="The burst alone: the pages are only warmed (20 requests each), not driven.",
        )
        parser.add_argument(
            "--celery-concurrency",
            type=int,
            default=2,
            help="Processes of the Celery worker that applies the burst's results.",
        )
        parser.add_argument(
            "--warm-up",
            type=int,
            default=24,
            help="Learners of the unmeasured burst before the measured ones (0: none).",
        )
        parser.add_argument(
            "--burst-timeout",
            type=float,
            default=60,
            help="Seconds after the first click to wait for every result to be applied.",
        )

    def handle(self, *args, **options) -> None:
        if options["only_burst"] and not options["burst"]:
            raise CommandError("--only-burst needs --burst above 0.")
        pages, session_key = self._pages_and_session()
        secret = self._secret
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "devtools.bench_settings",
            "SECRET_KEY": secret,
            "DATABASE_URL": self._database_url(),
            "REDIS_URL": options["redis"],
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "STATIC_ROOT": tempfile.mkdtemp(prefix="liaise-bench-static-"),
            "LOG_LEVEL": "ERROR",
            # Certificates issued by the quiz burst are signed in the request, as in production.
            "CERTIFICATE_SIGNING_KEY": generate_pem(),
        }
        python = sys.executable
        bin_dir = Path(python).parent
        subprocess.run(
            [python, "manage.py", "collectstatic", "--noinput", "-v", "0"], env=env, check=True
        )
        subprocess.run(
            [
                python,
                "-c",
                "import redis,sys; redis.Redis.from_url(sys.argv[1]).flushdb()",
                options["redis"],
            ],
            check=True,
        )
        base = f"http://127.0.0.1:{options['port']}"
        server = subprocess.Popen(
            [
                str(bin_dir / "gunicorn"),
                "lms.wsgi:application",
                "--bind",
                f"127.0.0.1:{options['port']}",
                "--workers",
                str(options["workers"]),
                "--worker-class",
                "gthread",
                "--threads",
                str(options["gunicorn_threads"]),
            ],
            env=env,
            start_new_session=True,
        )
        try:
            wait_for(base + "/healthz/live")
            cookie = f"{settings.SESSION_COOKIE_NAME}={session_key}"
            results = []
            for name, url, signed_in in pages:
                headers = {"Cookie": cookie} if signed_in else {}
                self._warm(base + url, headers)
                if not options["only_burst"]:
                    results.append(self._drive(name, base + url, headers, options))
            # The burst alone still finds the web processes warm, as after the pages (and as in
            # production): a process's first request costs about 0.4 s of CPU (URLs, templates).
            if results:
                self._print(results, options)
            if options["burst"]:
                self._burst(options, env)
        finally:
            stop_group(server)
            SessionStore(session_key=session_key).delete()
            shutil.rmtree(env["STATIC_ROOT"], ignore_errors=True)

    # Set-up -----------------------------------------------------------------------------------

    def _database_url(self) -> str:
        url = os.environ.get("DATABASE_URL", "")
        if not url.startswith("postgres"):
            raise CommandError("bench_pages needs DATABASE_URL on PostgreSQL (make bench sets it).")
        return url

    def _pages_and_session(self) -> tuple[list[tuple[str, str, bool]], str]:
        module = programme_modules().first()
        if module is None:
            raise CommandError("No module: run load_liaise_content and generate_site first.")
        lesson = children_of(LessonPage, module).first()
        profile = LearnerProfile.objects.select_related("user").order_by("pk").first()
        if lesson is None or profile is None:
            raise CommandError("No lesson or learner: run generate_site first.")
        user = profile.user
        services.enrol(user, module.translation_key)
        self._secret = secrets.token_urlsafe(64)
        # The server checks the session's hash with its own SECRET_KEY: sign with that one.
        with override_settings(SECRET_KEY=self._secret):
            session_key = signed_in_session(user)
        static = "/static/css/learning.css"
        pages = [
            ("R0 static file", static, False),
            ("R2 bare Django view", "/bench/bare/", False),
            ("catalogue, anonymous", "/en/", False),
            ("module page, anonymous", module.get_url(None), False),
            ("lesson, anonymous", lesson.get_url(None), False),
            ("lesson, signed in", lesson.get_url(None), True),
            ("My learning", "/en/my-learning/", True),
        ]
        return pages, session_key

    def _warm(self, url: str, headers: dict) -> None:
        """A few requests first (caches, connections); each must be a 200, not a redirect."""
        host, rest = url.split("//", 1)[1].split("/", 1)
        for _ in range(20):
            connection = http.client.HTTPConnection(host, timeout=10)
            connection.request("GET", "/" + rest, headers=headers)
            response = connection.getresponse()
            response.read()
            connection.close()
            if response.status != 200:
                raise CommandError(f"{url} answered {response.status}.")

    # Load -----------------------------------------------------------------------------------

    def _drive(self, name: str, url: str, headers: dict, options: dict) -> Result:
        if shutil.which("wrk"):
            return self._wrk(name, url, headers, options)
        return self._threads(name, url, headers, options)

    def _wrk(self, name: str, url: str, headers: dict, options: dict) -> Result:
        command = [
            "wrk",
            f"-t{options['threads']}",
            f"-c{options['connections']}",
            f"-d{options['duration']}s",
            "--latency",
        ]
        for key, value in headers.items():
            command += ["-H", f"{key}: {value}"]
        output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
        return Result(
            name,
            url,
            rps,
            _millis(re.search(r"50%\s+([\d.]+\w+)", output)[1]),
            _millis(re.search(r"99%\s+([\d.]+\w+)", output)[1]),
            int(errors[1]) if errors else 0,
        )

    def _threads(self, name: str, url: str, headers: dict, options: dict) -> Result:
        """Fallback without wrk: one thread per connection, keep-alive, same duration."""
        host, port = url.split("//", 1)[1].split("/", 1)[0].split(":")
        path = "/" + url.split("//", 1)[1].split("/", 1)[1]
        latencies: list[float] = []
        errors = [0]
        lock = threading.Lock()
        stop = time.monotonic() + options["duration"]

        def run() -> None:
            connection = http.client.HTTPConnection(host, int(port), timeout=30)
            mine = []
            while time.monotonic() < stop:
                started = time.perf_counter()
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                mine.append(time.perf_counter() - started)
                if response.status >= 400:
                    with lock:
                        errors[0] += 1
            with lock:
                latencies.extend(mine)

        threads = [threading.Thread(target=run) for _ in range(options["connections"])]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        latencies.sort()
        return Result(
            name,
            url,
            len(latencies) / options["duration"],
            latencies[len(latencies) // 2] * 1000,
            latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
            errors[0],
        )

    # Quiz-submission burst -----------------------------------------------------------------

    def _burst(self, options: dict, env: dict[str, str]) -> None:
        """Two bursts of `--burst` learners each: the issue's measure (one click each), then the
        same with every learner double-clicking (twice the requests), for doubles.

        Before them, a warm-up burst that is not measured (`--warm-up` learners, enough to reach
        every gunicorn thread): the processes of a running site have handled submissions before,
        and each thread's first one opens its database connection and runs code no page ran."""
        count = options["burst"]
        module = programme_modules().first()
        csrf = secrets.token_hex(16)
        worker, log = self._start_worker(env, options)
        try:
            bursts = [(options["warm_up"], 1, False), (count, 1, True), (count, 2, True)]
            for learners, clicks, measured in bursts:
                if not learners:
                    continue
                with override_settings(SECRET_KEY=self._secret):
                    submitters = quiz_burst.prepare(module, learners, csrf)
                self._wait_for_worker(log)
                result = quiz_burst.fire(
                    "127.0.0.1",
                    options["port"],
                    submitters,
                    settings.SESSION_COOKIE_NAME,
                    csrf,
                    clicks=clicks,
                )
                applied = quiz_burst.wait_until_applied(
                    submitters, module, result.started_at, result.passed, options["burst_timeout"]
                )
                if measured:
                    self._print_burst(result, applied, clicks, options)
        finally:
            stop_group(worker)
            log.close()
            Path(log.name).unlink(missing_ok=True)
            quiz_burst.cleanup()

    def _print_burst(
        self, result: quiz_burst.BurstResult, applied: quiz_burst.Applied, clicks: int, options
    ) -> None:
        count = len(result.latencies_ms)
        statuses = ", ".join(f"{code} x{n}" for code, n in sorted(result.statuses.items()))
        how = "once" if clicks == 1 else "twice (a double click: the second on the first's answer)"
        self.stdout.write(
            f"\nQuiz submission burst: {count} learners press Submit on their quiz's last page"
            f" within {result.spread_ms:.0f} ms, each {how}; the submission scores the attempt,"
            f" and a Celery worker (concurrency {options['celery_concurrency']}, nice 10) then"
            " completes the module and issues its certificate."
        )
        self.stdout.write(
            f"  first click: p50 {result.percentile(0.5):.0f} ms, p95 {result.percentile(0.95):.0f}"
            f" ms, max {max(result.latencies_ms):.0f} ms; answers: {statuses}"
        )
        if applied.seconds is not None:
            when = (
                f"all {result.passed} passed results applied {applied.seconds * 1000:.0f} ms"
                " after the first click"
            )
        else:
            when = f"NOT all passed results applied within {options['burst_timeout']:.0f} s"
        self.stdout.write(
            f"  {when}: announced {applied.announced}, modules completed {applied.completed},"
            f" certificates {applied.certificates}"
        )
        one_each = applied.certificates == result.passed and applied.learners_with_two == 0
        self.stdout.write(
            f"  attempts submitted exactly once: {'yes' if result.submitted_once else 'NO'};"
            f" passed {result.passed} of {count} ({result.awaiting_marking} await an essay's"
            f" marking); certificates == passed learners: {'yes' if one_each else 'NO'}"
            f" (learners with two: {applied.learners_with_two})"
        )

    def _start_worker(self, env: dict[str, str], options: dict):
        """A Celery worker with the web server's environment, below the web's CPU priority (as
        in docker-compose.yml): it applies the burst's results and renders the certificates."""
        log = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed in _burst)
            prefix="liaise-bench-worker-", suffix=".log", delete=False
        )
        command = [
            "nice", "-n", "10", str(Path(sys.executable).parent / "celery"), "-A", "lms",
            "worker", "--concurrency", str(options["celery_concurrency"]), "--loglevel", "INFO",
            "--without-mingle", "--without-gossip", "--hostname", f"bench-burst-{os.getpid()}@%h",
        ]  # fmt: skip
        worker_env = {
            **env,
            # The certificates' "ready" emails stay in the worker's memory.
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        }
        process = subprocess.Popen(
            command, env=worker_env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        _lower_session_priority(process.pid, 10)
        return process, log

    def _wait_for_worker(self, log, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = Path(log.name).read_text(errors="replace")
            if " ready." in text:
                return
            time.sleep(0.2)
        raise CommandError(
            f"The Celery worker was not ready within {timeout:.0f} s:\n{text[-2000:]}"
        )

    # Report ---------------------------------------------------------------------------------

    def _print(self, results: list[Result], options: dict) -> None:
        tool = (
            f"wrk -t{options['threads']} -c{options['connections']} -d{options['duration']}s"
            if shutil.which("wrk")
            else f"FALLBACK Python threads load generator ({options['connections']} connections, "
            f"{options['duration']} s; wrk not installed: figures not comparable with wrk's)"
        )
        self.stdout.write(
            f"gunicorn {options['workers']} gthread workers x {options['gunicorn_threads']} "
            f"threads, production settings, PostgreSQL, Redis; load: {tool}"
        )
        r0, r2 = results[0].rps, results[1].rps
        self.stdout.write(
            f"{'page':<26} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'vs R0':>7} {'vs R2':>7}"
            f" {'errors':>6}"
        )
        for result in results:
            self.stdout.write(
                f"{result.name:<26} {result.rps:>8.0f} {result.p50:>8.1f} {result.p99:>8.1f}"
                f" {result.rps / r0:>7.1%} {result.rps / r2:>7.1%} {result.errors:>6}"
            )


def _lower_session_priority(pid: int, niceness: int) -> None:
    """Give the session `pid` leads the CPU weight of `niceness` against other sessions.

    Linux schedules each session as one group (autogroup) when it shares the CPU with others, so
    the worker's own `nice 10` only ranks it against its own processes: in the burst it took as
    much CPU as gunicorn (0.7-0.9 s of about 2.8 s). A container is such a group too, which is why
    docker-compose.yml gives the worker fewer `cpu_shares`. Without autogroup (the file is
    missing) the plain niceness already applies.
    """
    with contextlib.suppress(OSError):
        Path(f"/proc/{pid}/autogroup").write_text(str(niceness))


def _millis(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]
