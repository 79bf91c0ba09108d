# Production image: the same code for web (gunicorn), Celery worker and Celery beat.
# The site runs from the installed wheel (templates, static files, fonts, content and catalogues
# are package data); dependencies come from the hashed lock file, in a layer of their own.
FROM python:3.11-slim-bookworm AS wheel
WORKDIR /src
COPY pyproject.toml README.md ./
COPY lms lms
COPY courses courses
COPY assessments assessments
COPY certificates certificates
RUN pip wheel --no-deps --wheel-dir /wheels .

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=lms.settings.production \
    MEDIA_ROOT=/app/media PRIVATE_MEDIA_ROOT=/app/media/private STATIC_ROOT=/app/staticfiles \
    DB_CONN_MAX_AGE=600
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core curl \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 1000 academy
# Dependencies first: this layer is rebuilt only when the lock file changes.
COPY requirements/base.txt /tmp/requirements.txt
RUN pip install --require-hashes -r /tmp/requirements.txt
COPY --from=wheel /wheels /wheels
RUN pip install --no-deps /wheels/*.whl && rm -rf /wheels
WORKDIR /app
COPY manage.py ./
RUN SECRET_KEY=collectstatic-only-$(head -c 40 /dev/urandom | base64) \
    DATABASE_URL=sqlite:////tmp/build.sqlite3 REDIS_URL=redis://collectstatic-only:6379/0 \
    python manage.py collectstatic --noinput
RUN mkdir -p /app/media/private && chown -R academy /app/media
USER academy
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
    CMD curl -fsS -o /dev/null http://localhost:8000/healthz/live || exit 1
# gthread workers: a quiz submission waiting on the database does not hold a whole process.
CMD ["gunicorn", "lms.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--worker-class", "gthread", "--threads", "4", "--access-logfile", "-"]
