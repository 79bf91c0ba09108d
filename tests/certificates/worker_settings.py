"""Settings for the real Celery worker that the integration test starts as a subprocess.

The test settings, but tasks go through Redis, PDFs land in a directory the test reads and
emails are written to files; everything machine-specific comes from the environment the test
sets (DATABASE_URL names the test database).
"""

import os

from lms.settings.test import *  # noqa: F403

CELERY_BROKER_URL = os.environ["CERTIFICATES_WORKER_BROKER"]
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = False
STORAGES = {
    **STORAGES,  # noqa: F405
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": os.environ["CERTIFICATES_WORKER_PRIVATE_ROOT"]},
    },
}
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["CERTIFICATES_WORKER_EMAIL_DIR"]
CERTIFICATE_SIGNING_KEY = os.environ["CERTIFICATE_SIGNING_KEY"]
SITE_URL = os.environ["SITE_URL"]
