"""Shared HTTP plumbing: responses that must never be cached, and refused requests.

Every app answers a refused request the same way: an exception derived from `Refused` carries the
translated message and the 4xx status, and `refused()` renders it with `refused.html`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.template.response import SimpleTemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

ResponseT = TypeVar("ResponseT", bound=HttpResponseBase)


def private(response: ResponseT) -> ResponseT:
    """Mark a response that shows one person's data: never stored by browsers or proxies.

    Cache-Control: max-age=0, no-cache, no-store, must-revalidate, private.
    """
    add_never_cache_headers(response)
    return response


class Refused(Exception):
    """A request refused with a message for the person (already translated) and a 4xx status."""

    status = 400
    title = gettext_lazy("We could not do that")

    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Link:
    """Where the person can go from a refusal page; `button` for the main way on."""

    url: str
    label: str
    button: bool = False


def refused(
    request: HttpRequest, error: Refused, *, title: str | None = None, links: Iterable[Link] = ()
) -> HttpResponse:
    """The page explaining a refused request, with the error's status."""
    context = {"title": title or error.title, "message": error.message, "links": list(links)}
    return render(request, "refused.html", context, status=error.status)


def forbidden_as_403(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """A real 403 page: Wagtail would turn PermissionDenied into a redirect to the dashboard."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            response = view(request, *args, **kwargs)
            if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
                response.render()
            return response
        except PermissionDenied:
            return render(request, "403.html", status=403)

    return wrapped
