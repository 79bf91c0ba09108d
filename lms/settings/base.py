"""Settings shared by every environment; what differs between machines comes from the env."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Application definition ---------------------------------------------------------------------

INSTALLED_APPS = [
    "lms",
    "lms.learning",
    "lms.sessions",
    "lms.dashboards",
    "network",
    "courses",
    "assessments",
    "certificates",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "lms.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lms.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Content pages routed from the cache; anonymous visitors served stored pages (no database).
    "courses.page_cache.PageCacheMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "lms.middleware.remember_language",
    "django.contrib.messages.middleware.MessageMiddleware",
    "lms.middleware.admin_gate",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

# What a page may load (django-csp): the platform's own files, the privacy-enhanced video players;
# no inline code on learner pages. The admin's looser policy is in lms.security.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
# Features no page of the platform uses are switched off for every page and embed.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
    "fullscreen": ["self", "https://www.youtube-nocookie.com", "https://player.vimeo.com"],
}

# No Gravatar: it would send a hash of every staff email to a third party (and breaks offline).
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Video embeds in privacy-enhanced mode (courses.embeds): no tracking players for learners.
WAGTAILEMBEDS_FINDERS = [{"class": "courses.embeds.PrivacyEnhancedOEmbedFinder"}]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "lms" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: DATABASE_URL, else an SQLite file in the project folder ---------------------------

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
        # A kept connection that the database dropped is replaced, not used and failed.
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")

# Cache: Redis when configured (rate limits must be shared between processes), else local memory.
# A lost Redis degrades to cache misses (lms.resilience) instead of failing every page.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "lms.resilience.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sessions read from the cache and written through to the database: no query per request, and a
# lost Redis falls back to the database instead of signing everyone out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# How long a content page's route and an anonymous visitor's copy of it are kept (seconds; 0 turns
# the page cache off). Publishing invalidates them at once; this bounds a change missed while
# Redis was unreachable.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# How long a signed-in user's row (with profile and city) is kept in the cache (seconds; 0 reads
# it from the database on every request). Any save drops it at once (lms.auth_backends).
USER_CACHE_SECONDS = int(os.environ.get("USER_CACHE_SECONDS", "300"))

# Rate limits on reads (certificate verification) let requests through when the cache is away;
# signing in is refused instead (lms.adapters), since its lockout could not hold.
RATELIMIT_FAIL_OPEN = True

# Authentication -----------------------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "lms.auth_backends.ModelBackend",
    "lms.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_ADAPTER = "lms.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "lms.forms.SignupForm"}
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Five wrong passwords for one address within 15 minutes lock that address for the rest of the
# window (allauth's rate limiter; the IP limit stops spraying across addresses).
LOGIN_LOCKOUT_SECONDS = 900
ACCOUNT_RATE_LIMITS = {
    "login_failed": f"30/m/ip,5/{LOGIN_LOCKOUT_SECONDS}s/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "LIAISE Academy"
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"

# Internationalisation -----------------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("de", "Deutsch"),
    ("es", "Español"),
    ("it", "Italiano"),
    ("nl", "Nederlands"),
    ("pt", "Português"),
    ("el", "Ελληνικά"),
    ("cs", "Čeština"),
    ("sv", "Svenska"),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "lms" / "locale"]
# Dates and times as the reader's language writes them (lms/formats: European English).
FORMAT_MODULE_PATH = ["lms.formats"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

# Static and media ---------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "lms" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Private files (certificates, exports) live outside MEDIA_ROOT and are only served by views
# that check access.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "media" / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Email --------------------------------------------------------------------------------------

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "LIAISE Academy <academy@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: Redis when REDIS_URL is set; otherwise tasks run in the calling process. -------------

CELERY_BROKER_URL = REDIS_URL or "memory://"
# Results are ignored unless a task asks (only lms.tasks.ping, the integration check): queueing a
# task that expects a result subscribes to the result store, and with Redis lost that waited 20 s
# and then broke the store for good in that process ("the Celery application must be restarted").
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_IGNORE_RESULT = True
# One result-store client per process rather than one per gunicorn thread (redis-py's client is
# thread-safe): each thread's first queued task built its own.
CELERY_RESULT_BACKEND_THREAD_SAFE = True
# Queueing a task while Redis is away fails within about a second (the callers then fall back:
# the quiz outbox applies the result at once, a certificate's PDF waits for the sweep) instead of
# holding the learner's request on kombu's retries.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A quiz result reaches the learning journey (module progress, completion, certificate) through
# assessments' outbox: true announces it inside the submission's transaction, false after the
# commit on a worker (task assessments.tasks.announce_result, and the sweep below), so a burst of
# submissions does not wait for completions and certificates. Unset (None): as
# CELERY_TASK_ALWAYS_EAGER, i.e. inline in tests and without Redis, deferred with a worker.
ASSESSMENTS_ANNOUNCE_INLINE = (
    env_bool("ASSESSMENTS_ANNOUNCE_INLINE")
    if os.environ.get("ASSESSMENTS_ANNOUNCE_INLINE")
    else None
)

# Wagtail ------------------------------------------------------------------------------------

WAGTAIL_SITE_NAME = "LIAISE Academy"
WAGTAILADMIN_BASE_URL = os.environ.get("SITE_URL", "http://localhost:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILIMAGES_IMAGE_MODEL = "wagtailimages.Image"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line_per_failure": {"()": "lms.resilience.OneLinePerFailure"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["one_line_per_failure"]}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Periodic work (Celery beat): close attempts whose time limit ran out while nobody submitted.
CELERY_BEAT_SCHEDULE = {
    "finalise-overdue-attempts": {
        "task": "assessments.tasks.finalise_overdue_attempts",
        "schedule": 300.0,
    },
    # The outbox sweep for quiz results whose announcement task was lost (web process killed
    # between its commit and the queueing, worker failure): ASSESSMENTS_ANNOUNCE_INLINE above.
    "announce-pending-quiz-results": {
        "task": "assessments.tasks.announce_pending_results",
        "schedule": 60.0,
    },
    # Learner exports hold personal data: files older than seven days are deleted.
    "purge-old-dashboard-exports": {
        "task": "lms.dashboards.tasks.purge_old_exports",
        "schedule": 6 * 3600.0,
    },
    "send-pending-result-notifications": {
        "task": "assessments.tasks.send_pending_result_notifications",
        "schedule": 300.0,
    },
}

# Certificates -------------------------------------------------------------------------------
# Public address of the platform: QR codes, verification links and the did:web issuer id.
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000").rstrip("/")
CERTIFICATE_DEFAULT_ISSUER_NAME = "LIAISE network"
CERTIFICATE_ISSUER_NAME = os.environ.get("CERTIFICATE_ISSUER_NAME", CERTIFICATE_DEFAULT_ISSUER_NAME)
# Ed25519 private key (PEM) that signs the Open Badges credentials. Required in production;
# elsewhere one is generated on first use and kept in CERTIFICATE_SIGNING_KEY_FILE.
CERTIFICATE_SIGNING_KEY = os.environ.get("CERTIFICATE_SIGNING_KEY", "")
CERTIFICATE_SIGNING_KEY_REQUIRED = False
CERTIFICATE_SIGNING_KEY_FILE = Path(
    os.environ.get(
        "CERTIFICATE_SIGNING_KEY_FILE", PRIVATE_MEDIA_ROOT / "keys" / "certificate-signing-key.pem"
    )
)
# Public verification (page, form, credential upload): requests per IP address.
CERTIFICATE_VERIFY_RATE = os.environ.get("CERTIFICATE_VERIFY_RATE", "30/m")
# A render attempt that fails is retried by the beat task; after this many it stays "failed".
CERTIFICATE_PDF_MAX_ATTEMPTS = 5
# Certificate PDFs are private: only views that check access serve them.
STORAGES["private"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
}
# The outbox: certificates whose PDF was never rendered (broker down, worker crashed).
# How old a pending PDF must be before the sweep renders it again (its task may still be queued);
# the fault drill (devtools drill) shortens it to see the sweep at work within seconds.
CERTIFICATE_PENDING_GRACE_SECONDS = int(os.environ.get("CERTIFICATE_PENDING_GRACE_SECONDS", "120"))
CELERY_BEAT_SCHEDULE["render-pending-certificates"] = {
    "task": "certificates.tasks.render_pending_certificates",
    "schedule": 180.0,
}

# Dashboards: learner exports larger than this are built by a Celery task, not in the request.
DASHBOARD_SYNC_EXPORT_LIMIT = int(os.environ.get("DASHBOARD_SYNC_EXPORT_LIMIT", "5000"))
# Dashboards read per-city snapshots that beat refreshes every five minutes; a snapshot older
# than this (seconds) is recomputed while the reader waits.
DASHBOARD_SNAPSHOT_MAX_AGE = int(os.environ.get("DASHBOARD_SNAPSHOT_MAX_AGE", "900"))
# Route cards not reviewed for a year: their city's leads are reminded (at most monthly).
CELERY_BEAT_SCHEDULE["remind-out-of-date-route-cards"] = {
    "task": "network.tasks.remind_out_of_date_route_cards",
    "schedule": 24 * 3600.0,
}
CELERY_BEAT_SCHEDULE["refresh-dashboard-snapshots"] = {
    "task": "lms.dashboards.tasks.refresh_snapshots",
    "schedule": 300.0,
}

# Training sessions: reminders two days before, each booking's once (Booking.reminder_sent_at).
CELERY_BEAT_SCHEDULE["send-session-reminders"] = {
    "task": "lms.sessions.tasks.send_session_reminders",
    "schedule": 900.0,
}
# Self check-in attempts per learner (a six-character code must not be guessable by trying).
SESSION_CHECKIN_RATE = os.environ.get("SESSION_CHECKIN_RATE", "10/m")
