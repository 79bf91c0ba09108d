"""The fault drill's Celery worker: production settings, plus a pause at the start of every
certificate render, so that `manage.py drill` kills the worker while it holds the render task
however fast PDFs get (a PDF takes about 80 ms, less than the drill needs to aim).

Started by `manage.py drill` with the environment production requires; never used to run the
platform.
"""

from lms.settings.production import *  # noqa: F403
from lms.settings.production import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]
DRILL_RENDER_PAUSE_SECONDS = 2.0
