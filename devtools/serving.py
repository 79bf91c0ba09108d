"""What the development commands that start a server share (bench_pages, drill, screenshots):
waiting for it to answer, stopping it with its children, and a signed-in session made without a
login form."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import CommandError


def wait_for(url: str, timeout: float = 60) -> None:
    """Return once `url` answers 200; CommandError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise CommandError(f"The server did not answer {url} within {timeout:.0f} s.")


def stop_group(process: subprocess.Popen, sig: int = signal.SIGTERM, timeout: float = 30) -> None:
    """Send `sig` to the process group started with `start_new_session=True` (gunicorn's or
    Celery's workers too) and wait for it; SIGKILL when it outlives `timeout` seconds."""
    try:
        os.killpg(process.pid, sig)
        process.wait(timeout=timeout)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=timeout)


def signed_in_session(user) -> str:
    """The key of a new session signed in as `user` (signed with the current SECRET_KEY)."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return session.session_key
