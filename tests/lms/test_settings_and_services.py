"""The production settings, the embedded SQLite default and a real Celery worker on Redis."""

import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from certificates.signing import generate_pem

ROOT = Path(__file__).resolve().parents[2]
IN_CI = os.environ.get("CI", "").lower() == "true"


def _run(args: list[str], env: dict[str, str], timeout: int = 600) -> subprocess.CompletedProcess:
    # The browser tests allow async-unsafe ORM calls in their own process only.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**inherited, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _service_up(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), 2):
            return True
    except OSError:
        return False


def require_service(host: str, port: int, name: str) -> None:
    """Skip locally when a service is down; under CI a missing service fails the run."""
    if _service_up(host, port):
        return
    if IN_CI:
        pytest.fail(f"{name} is not reachable at {host}:{port} and CI=true")
    pytest.skip(f"{name} is not running at {host}:{port}")


def test_production_settings_pass_check_deploy():
    env = {
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "SECRET_KEY": "k" * 20 + uuid.uuid4().hex + uuid.uuid4().hex,
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
        "ALLOWED_HOSTS": "academy.example.org",
        "SITE_URL": "https://academy.example.org",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "CERTIFICATE_SIGNING_KEY": generate_pem(),
    }
    result = _run(["check", "--deploy", "--fail-level", "WARNING"], env, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout

    # Left at its default (http://localhost:8000), SITE_URL names a host production refuses.
    without = {key: value for key, value in env.items() if key != "SITE_URL"}
    result = _run(["check", "--deploy"], without, 120)
    assert "certificates.W001" in result.stderr + result.stdout

    # Without a usable signing key the deployment check says so (the site would not sign).
    for bad_key in ("", "not a key"):
        result = _run(["check", "--deploy"], {**env, "CERTIFICATE_SIGNING_KEY": bad_key}, 120)
        assert result.returncode != 0
        assert "CERTIFICATE_SIGNING_KEY" in result.stderr


def test_production_settings_keep_database_connections_ten_minutes_with_health_checks():
    """A connection is replaced when it is older than CONN_MAX_AGE: with a minute, a group that
    handed in after a quiet minute waited for every gunicorn thread's new connection."""
    env = {
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "SECRET_KEY": "k" * 20 + uuid.uuid4().hex + uuid.uuid4().hex,
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    code = (
        "from django.conf import settings; d = settings.DATABASES['default'];"
        " print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )
    result = _run(["shell", "-c", code], env, timeout=120)
    assert result.stdout.split()[-2:] == ["600", "True"], result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_redis():
    env = {
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "SECRET_KEY": "k" * 20 + uuid.uuid4().hex + uuid.uuid4().hex,
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
        "ALLOWED_HOSTS": "academy.example.org",
        "REDIS_URL": "",
        "CERTIFICATE_SIGNING_KEY": generate_pem(),
    }
    result = _run(["check", "--deploy"], env, timeout=120)
    assert result.returncode != 0
    assert "REDIS_URL must be set in production" in result.stderr


def test_check_deploy_errors_on_a_process_local_cache_or_no_broker():
    # The development settings run without Redis: exactly what a deployment must not do.
    env = {"DJANGO_SETTINGS_MODULE": "lms.settings.dev", "REDIS_URL": ""}
    result = _run(["check", "--deploy"], env, timeout=120)
    assert result.returncode != 0
    assert "lms.E001" in result.stderr and "lms.E002" in result.stderr


def test_production_settings_refuse_a_weak_secret_key():
    env = {
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "SECRET_KEY": "short",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
    }
    result = _run(["check"], env, timeout=120)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_embedded_sqlite_default_migrates_and_loads_demo(tmp_path):
    """The newcomer's path: no environment at all but a fresh SQLite file."""
    database = tmp_path / "fresh.sqlite3"
    env = {
        "DJANGO_SETTINGS_MODULE": "lms.settings.dev",
        "DATABASE_URL": f"sqlite:///{database}",
        "REDIS_URL": "",
        # Uploads, certificate PDFs and the generated signing key stay out of the project.
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
    }
    for args in (["migrate", "--noinput"], ["load_demo"]):
        result = _run(args, env)
        assert result.returncode == 0, result.stdout + result.stderr
    assert "learner@liaise.example" in result.stdout
    check = _run(
        [
            "shell",
            "-c",
            "from courses.models import ModulePage, LessonPage; from lms.models import City; "
            "en = dict(locale__language_code='en'); "
            "from certificates.models import Certificate; "
            "print(ModulePage.objects.filter(**en).count(),"
            " LessonPage.objects.filter(**en).count(),"
            " City.objects.count(), ModulePage.objects.count(),"
            " Certificate.objects.filter(user__username='learner', pdf_status='ready').count())",
        ],
        env,
    )
    modules, lessons, cities, all_modules, certificates = map(
        int, check.stdout.strip().splitlines()[-1].split()
    )
    # The demo learner has finished module 1 through the real services: a certificate is ready.
    assert certificates == 1
    assert any((tmp_path / "private").rglob("*.pdf"))
    assert modules == 6
    assert all_modules == 6 * 10  # the source and its nine translations
    assert lessons >= 24
    assert cities >= 20


@pytest.mark.services
def test_a_real_celery_worker_on_redis_runs_a_task(tmp_path):
    require_service("127.0.0.1", 6379, "Redis")
    redis_url = "redis://127.0.0.1:6379/14"
    queue = f"test-{uuid.uuid4().hex}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        "REDIS_URL": redis_url,
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "lms",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        from celery import Celery

        client = Celery("lms-test", broker=redis_url, backend=redis_url)
        result = client.send_task("lms.tasks.ping", args=["hello"], queue=queue)
        assert result.get(timeout=60, disable_sync_subtasks=False) == "hello"
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()


@pytest.mark.django_db
def test_load_demo_once_leaves_existing_demo_accounts_alone():
    from io import StringIO

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("load_demo", "--once", "--no-content", stdout=StringIO())
    learner = get_user_model().objects.get(email="learner@liaise.example")
    learner.first_name = "Changed by the learner"
    learner.save()
    out = StringIO()
    call_command("load_demo", "--once", "--no-content", stdout=out)
    assert "already there" in out.getvalue()
    learner.refresh_from_db()
    assert learner.first_name == "Changed by the learner"


def test_queueing_a_task_while_redis_is_away_fails_fast():
    """Seen in the fault drill: a quiz submitted while Redis was stopped waited 20 s on the
    result store (each task queued subscribed to its result) and the store then broke for good in
    that web process; the broker alone fails within a second and recovers (make drill)."""
    from lms.celery import app

    app.loader.import_default_modules()  # every app's tasks module (autodiscovery)
    project_tasks = [
        task
        for name, task in app.tasks.items()
        if name.split(".")[0] in {"lms", "assessments", "certificates", "network"}
    ]
    assert project_tasks
    asks_for_result = {task.name for task in project_tasks if not task.ignore_result}
    assert asks_for_result == {"lms.tasks.ping"}  # the integration check reads its answer
    assert app.conf.broker_connection_timeout <= 2
    assert app.conf.task_publish_retry_policy["max_retries"] <= 1
