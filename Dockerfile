# Production image: the same code for web (gunicorn), Celery worker and Celery beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=lms.settings.production
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core curl \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 1000 academy
WORKDIR /app
COPY pyproject.toml README.md ./
COPY lms lms
COPY courses courses
COPY assessments assessments
COPY certificates certificates
COPY locale locale
COPY manage.py ./
RUN pip install . && SECRET_KEY=collectstatic-only-$(head -c 40 /dev/urandom | base64) \
    DATABASE_URL=sqlite:////tmp/build.sqlite3 python manage.py collectstatic --noinput
RUN mkdir -p /app/media/private && chown -R academy /app/media
USER academy
EXPOSE 8000
CMD ["gunicorn", "lms.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
