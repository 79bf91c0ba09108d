"""Embedded default for a newcomer's machine: SQLite, eager tasks, emails on the console."""

from .base import *  # noqa: F403
from .base import os

DEBUG = os.environ.get("DEBUG", "true").lower() in {"1", "true", "yes"}
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-never-use-in-production"
ALLOWED_HOSTS = ["*"]
# A newcomer reads the verification link in the terminal; no mail server is needed.
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("ACCOUNT_EMAIL_VERIFICATION", "mandatory")

# The site generator and the benchmarks (devtools/) are for development only, never production.
INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]  # noqa: F405
