"""URLs of the page benchmark's server: the platform's, plus a bare view (R2).

Only `devtools.bench_settings` uses this module; no other settings install devtools' URLs.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from lms.urls import handler500
from lms.urls import urlpatterns as platform_urlpatterns

__all__ = ["handler500", "urlpatterns"]


def bare(request: HttpRequest) -> HttpResponse:
    """The cheapest Django answer through the same middleware as every page: the R2 baseline."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *platform_urlpatterns]
