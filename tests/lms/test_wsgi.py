"""The web server's entry point: what a web process sets up before its first request."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json
import lms.wsgi
from lms.celery import app
print(json.dumps({
    "finalized": app.finalized,
    "backend": type(app._backend).__name__ if app._backend is not None else None,
    "producers": app.amqp._producer_pool is not None,
}))
"""


def test_web_process_sets_celery_up_at_start_without_connecting_to_redis():
    """The first quiz submission of each web process no longer pays for Celery's set-up; and
    that set-up must not need Redis, which nothing listens for here (port 1)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.dev",
        "REDIS_URL": "redis://127.0.0.1:1/0",
        "DATABASE_URL": "sqlite:///:memory:",
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    state = json.loads(done.stdout.strip().splitlines()[-1])
    assert state == {"finalized": True, "backend": "RedisBackend", "producers": True}
