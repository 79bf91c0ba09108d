"""A city's pages show times as its leads live them: in the city's time zone.

Wagtail renders an admin page in the reader's profile time zone (the platform's by default); a
city's report and invitations list are about one city, so they are rendered in that city's
zone (`City.tzinfo`) whoever reads them. Template responses render after the view returns, so
the zone is put around the rendering itself, as Wagtail does for its own.
"""

from __future__ import annotations

import types
from datetime import tzinfo
from typing import TypeVar

from django.http import HttpResponseBase
from django.utils import timezone

ResponseT = TypeVar("ResponseT", bound=HttpResponseBase)


def in_time_zone(response: ResponseT, zone: tzinfo) -> ResponseT:
    """`response`, rendered (if it is a template response) in `zone`."""
    render = getattr(response, "render", None)
    if render is None or getattr(response, "is_rendered", True):
        return response

    def render_in_zone(self):
        with timezone.override(zone):
            return render()

    response.render = types.MethodType(render_in_zone, response)  # type: ignore[attr-defined]
    return response
