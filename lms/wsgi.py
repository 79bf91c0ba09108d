import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.production")
application = get_wsgi_application()

from lms.celery import prepare_to_queue  # noqa: E402 (needs the settings loaded above)

prepare_to_queue()
