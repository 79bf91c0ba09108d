"""The page benchmark's pieces that run without gunicorn or wrk: the bare view and wrk parsing."""

import pytest
from django.test import override_settings

from devtools.management.commands.bench_pages import _millis


def test_wrk_latencies_are_read_in_milliseconds():
    assert _millis("850.00us") == pytest.approx(0.85)
    assert _millis("12.5ms") == 12.5
    assert _millis("1.10s") == pytest.approx(1100)


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="devtools.urls")
def test_the_bare_view_goes_through_the_middleware(client):
    response = client.get("/bench/bare/")
    assert response.status_code == 200 and response.content == b"ok"
    assert response["X-Frame-Options"]  # the same middleware as every page
    assert client.get("/en/").status_code in (200, 302, 404)  # the platform's URLs are kept
