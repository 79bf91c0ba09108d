"""Test settings: PostgreSQL when reachable (always under CI), fast hashing, local caches."""

import os
import socket
import tempfile
from pathlib import Path
from urllib.parse import urlparse

import dj_database_url

from .base import *  # noqa: F403

SECRET_KEY = "test-only-secret-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

TEST_DATABASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/liaise")


def _reachable(url: str) -> bool:
    parsed = urlparse(url)
    if not parsed.scheme.startswith("postgres"):
        return True
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 5432), 2):
            return True
    except OSError:
        return False


if _reachable(TEST_DATABASE_URL):
    DATABASES = {"default": dj_database_url.parse(TEST_DATABASE_URL)}
elif os.environ.get("CI", "").lower() == "true":
    raise RuntimeError(f"CI=true but PostgreSQL is not reachable at {TEST_DATABASE_URL}")
else:
    DATABASES = {"default": dj_database_url.parse("sqlite:///:memory:")}

# Tests never write into the project: the generated dev signing key lives in the temp folder.
CERTIFICATE_SIGNING_KEY_FILE = (
    Path(tempfile.gettempdir()) / "liaise-academy-tests" / "certificate-signing-key.pem"
)

# The site generator and the benchmarks (devtools/) are for development only, never production.
INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]  # noqa: F405
