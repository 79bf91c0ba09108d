"""Production: every secret and host from the environment; secure cookies and HSTS."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, os

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set to at least 50 random characters.")
if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured("DATABASE_URL must be set in production.")
# Without Redis the cache is per process (each gunicorn worker its own login lockout and rate
# limits) and Celery would run certificates and emails inside web requests.
if not os.environ.get("REDIS_URL"):
    raise ImproperlyConfigured(
        "REDIS_URL must be set in production: the shared cache and the Celery broker need it."
    )

# Kept database connections: a new connection per request costs about a third of a lesson page.
# Ten minutes, not one: each gunicorn thread's connection is replaced when it is older than this,
# and after a quiet minute a group handing in together paid for up to 12 new connections (and
# their cold server processes). The health checks (base.py) replace one the database dropped.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DB_CONN_MAX_AGE", "600"))  # noqa: F405

# Search: PostgreSQL full text with each page's own language configuration (french, german...;
# `simple` for Czech), queried in the reader's language (network.search). After switching an
# existing site, rebuild the index once: `manage.py update_index`.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "network.search"}}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": STORAGES["private"],  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Certificates are signed with the key from the environment (CERTIFICATE_SIGNING_KEY, PEM);
# production never generates one of its own: signing without it raises ImproperlyConfigured.
CERTIFICATE_SIGNING_KEY_REQUIRED = True
