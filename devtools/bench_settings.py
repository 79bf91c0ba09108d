"""The page benchmark's server: production settings, plus devtools' bare view (R2).

Started by `manage.py bench_pages` with the environment production requires (SECRET_KEY,
DATABASE_URL, REDIS_URL); never used to run the platform.
"""

from lms.settings.production import *  # noqa: F403
from lms.settings.production import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]
ROOT_URLCONF = "devtools.urls"
