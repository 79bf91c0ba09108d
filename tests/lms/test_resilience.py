"""A lost service degrades the site: Redis down -> pages served; database away -> 503."""

from __future__ import annotations

import logging

import pytest
from django.core.cache import caches
from django.db import OperationalError
from django.test import override_settings

from lms import resilience
from tests import factories

# Nothing listens on port 1: every Redis call fails at once with "connection refused".
DEAD_REDIS = {
    "default": {
        "BACKEND": "lms.resilience.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}


@pytest.fixture
def redis_down():
    resilience._last_failure = 0.0
    with override_settings(CACHES=DEAD_REDIS):
        yield
    resilience._last_failure = 0.0


@pytest.mark.django_db
def test_pages_are_served_while_redis_is_down(redis_down, client, lesson_page, learner):
    catalogue = lesson_page.get_parent().get_parent()
    assert client.get(catalogue.url).status_code == 200
    assert client.get(lesson_page.url).status_code == 200
    assert client.get("/en/verify/").status_code == 200
    client.force_login(learner)
    assert client.get(lesson_page.url).status_code == 200
    assert client.get("/en/my-learning/").status_code == 200


@pytest.mark.django_db
def test_the_cache_reads_as_empty_and_writes_are_skipped_while_redis_is_down(redis_down):
    cache = caches["default"]
    cache.set("k", "v")
    assert cache.get("k", "default") == "default"
    assert cache.get_many(["k"]) == {}
    assert cache.add("k", 1) is True
    with pytest.raises(ValueError):
        cache.incr("k")
    assert resilience.shared_cache_is_down()


@pytest.mark.django_db
def test_signing_in_waits_for_redis_with_a_clear_message(redis_down, client):
    user = factories.LearnerFactory(email="anna@example.org")
    user.set_password("a-Long-passphrase-1")
    user.save()
    response = client.post(
        "/en/accounts/login/", {"login": "anna@example.org", "password": "a-Long-passphrase-1"}
    )
    assert "_auth_user_id" not in client.session
    assert "Signing in is paused for a moment" in response.content.decode()


@pytest.mark.django_db
def test_signing_in_works_with_the_shared_cache_up(client):
    user = factories.LearnerFactory(email="anna@example.org")
    user.set_password("a-Long-passphrase-1")
    user.save()
    client.post(
        "/en/accounts/login/", {"login": "anna@example.org", "password": "a-Long-passphrase-1"}
    )
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.fixture
def database_away(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    monkeypatch.setattr("django.db.backends.base.base.BaseDatabaseWrapper.cursor", refuse)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "cs", "el"])
def test_database_away_answers_a_translated_503_with_retry_after(
    language, catalogue, client, database_away, caplog
):
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get(f"/{language}/")
    assert response.status_code == 503
    assert response["Retry-After"] == str(resilience.RETRY_AFTER)
    body = response.content.decode()
    assert f'<html lang="{language}">' in body
    assert "Traceback" not in body
    records = [r for r in caplog.records if r.name == "django.request"]
    assert len(records) == 1
    # One line: the filter drops the traceback of a lost service.
    formatted = logging.Formatter().format(records[0])
    for handler_filter in (resilience.OneLinePerFailure(),):
        handler_filter.filter(records[0])
    assert "\n" not in logging.Formatter().format(records[0]), formatted


def test_a_bug_is_still_a_500():
    from django.test import RequestFactory

    try:
        raise KeyError("a bug")
    except KeyError:
        response = resilience.server_error(RequestFactory().get("/en/"))
    assert response.status_code == 500


@pytest.mark.django_db
def test_health_endpoints(client):
    assert client.get("/healthz/live").json() == {"status": "ok"}
    ready = client.get("/healthz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ok", "database": "ok", "cache": "ok", "broker": "ok"}
    assert "no-store" in ready["Cache-Control"] or "max-age=0" in ready["Cache-Control"]


@pytest.mark.django_db
def test_health_names_the_service_that_is_down(client, redis_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "down"
    assert response["Retry-After"]
