"""Content pages without the database: Wagtail routing and anonymous pages from the cache.

Three things are kept in the Django cache (Redis in production), each under one *generation*
token, so that invalidating all of them is a single cache write (`bump`):

- the **route** of a content page (host, language, path -> site and page): a signed-in learner's
  lesson then costs one query for the page instead of Wagtail's nine for routing;
- the **whole response** of a catalogue, module or lesson page for anonymous visitors (no session
  and no message cookie), keyed by host, language and path. The language switcher's CSRF token is
  the only per-visitor part of those pages: it is stored as a placeholder and every visitor gets
  their own token. Signed-in learners never get a stored page (their pages show their progress);
  a response that sets a cookie, touches the session or is behind a view restriction is never
  stored;
- derived content that learner pages read on every visit (`tree_cached`: a module's outline, the
  programme), recomputed once per generation instead of per request.

The generation changes whenever content could have changed: a page saved, published, unpublished,
moved or deleted (wagtail-localize's translation sync publishes the translated page, and creating
a translation saves a new page, so both are covered), a view restriction, site, locale, decision
aid, image or document saved or deleted. It changes at once and again when the transaction
commits, so no request can store a copy of what was true before the change under the new token.

Without Redis every lookup is a miss (lms.resilience turns errors into misses) and pages are
built from the database as before. Entries also expire after PAGE_CACHE_SECONDS, which bounds how
long a change made while Redis was unreachable can go unseen once it is back.
"""

from __future__ import annotations

import hashlib
import re
import threading
import uuid
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from .models import CataloguePage, DecisionAid, LessonPage, ModulePage

GENERATION_KEY = "page-cache:generation"
# Pages whose response may be stored for anonymous visitors and whose route may be remembered.
CACHEABLE_PAGES: tuple[type[Page], ...] = (CataloguePage, ModulePage, LessonPage)
# A stored page holds this instead of the CSRF token of the visitor it was built for.
CSRF_PLACEHOLDER = "__page_cache_csrf_token__"
_CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_SKIPPED_HEADERS = {"content-length", "set-cookie"}
# The generation read at the start of the request being served by this thread.
_request = threading.local()
_SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/", "/documents/", "/healthz")


def timeout() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 600))


def enabled() -> bool:
    return timeout() > 0


# The generation ------------------------------------------------------------------------------


def generation() -> str | None:
    """The current token; None when the cache cannot be reached (then nothing is cached)."""
    token = cache.get(GENERATION_KEY)
    if token is None:
        token = uuid.uuid4().hex[:16]
        cache.add(GENERATION_KEY, token, None)
        token = cache.get(GENERATION_KEY)
    return token


def bump() -> None:
    """Forget every stored route, page and derived value: one cache write."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex[:16], None)


def bump_now_and_on_commit(**_kwargs: Any) -> None:
    bump()
    transaction.on_commit(bump)


def _content_models() -> tuple[type, ...]:
    return (
        Page,
        PageViewRestriction,
        Site,
        Locale,
        DecisionAid,
        get_image_model(),
        get_document_model(),
    )


def _on_model_change(sender: type, instance: object, **kwargs: Any) -> None:
    if isinstance(instance, _content_models()):
        bump_now_and_on_commit()


def connect_signals() -> None:
    """Called from CoursesConfig.ready: every process that changes content invalidates."""
    post_save.connect(_on_model_change, dispatch_uid="page_cache_post_save")
    post_delete.connect(_on_model_change, dispatch_uid="page_cache_post_delete")
    for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
        signal.connect(bump_now_and_on_commit, dispatch_uid=f"page_cache_{id(signal)}")


# Derived content -------------------------------------------------------------------------------


def tree_cached(name: str, parts: tuple, compute: Callable[[], Any]) -> Any:
    """`compute()` once per generation for these parts (always, when the cache is away)."""
    token = getattr(_request, "token", None) or (generation() if enabled() else None)
    if token is None:
        return compute()
    key = f"page-cache:{token}:{name}:" + ":".join(str(part) for part in parts)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout())
    return value


# Middleware ------------------------------------------------------------------------------------


def _is_anonymous(request: HttpRequest) -> bool:
    """No session and no pending messages: the page cannot hold anything of this visitor."""
    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not request.GET
    )


def _keys(request: HttpRequest, token: str) -> tuple[str, str, str]:
    # Hashed: a path may hold spaces or any other character a cache key must not.
    where = hashlib.sha256(
        f"{request.get_host()}:{get_language()}:{request.path}".encode()
    ).hexdigest()
    return (
        f"page-cache:{token}:page:{where}",
        f"page-cache:{token}:route:{where}",
        f"page-cache:{token}:site:{request.get_host()}",
    )


def _apply_route(request: HttpRequest, site: dict | None, route: dict | None) -> None:
    """Give Wagtail the site and the page it would otherwise look up (routing: one query)."""
    if site is not None:
        request._wagtail_site = Site(**site)  # type: ignore[attr-defined]
    if route is None:
        return
    model = apps.get_model(route["model"])
    page = model.objects.filter(pk=route["page_id"], live=True).first()
    if page is None:
        return
    # Stored only for pages without view restrictions; adding one changes the generation.
    page.get_view_restrictions = PageViewRestriction.objects.none
    request._wagtail_route_for_request = (page, [], {})  # type: ignore[attr-defined]


def _served_page(request: HttpRequest, response: HttpResponse) -> Page | None:
    """The cacheable content page Wagtail served with this response, if it may be remembered."""
    route = getattr(request, "_wagtail_route_for_request", None)
    if response.status_code != 200 or not route or route[1] or route[2]:
        return None
    page = route[0]
    if not isinstance(page, CACHEABLE_PAGES) or not page.live:
        return None
    if getattr(request, "is_preview", False) or page.get_view_restrictions().exists():
        return None
    return page


def _storable(request: HttpRequest, response: HttpResponse) -> dict | None:
    """The response without its visitor's CSRF token, or None when it must not be shared."""
    session = getattr(request, "session", None)
    if (
        response.streaming
        or response.cookies
        or (session is not None and session.modified)
        or "private" in response.get("Cache-Control", "")
    ):
        return None
    content, replaced = _CSRF_INPUT.subn(
        rf"\g<1>{CSRF_PLACEHOLDER}\g<2>", response.content.decode(response.charset)
    )
    if request.META.get("CSRF_COOKIE_USED") and not replaced:
        return None  # the token went somewhere else in the page: it cannot be shared
    headers = [(k, v) for k, v in response.items() if k.lower() not in _SKIPPED_HEADERS]
    return {"content": content, "headers": headers}


def _from_store(request: HttpRequest, stored: dict) -> HttpResponse:
    content = stored["content"]
    if CSRF_PLACEHOLDER in content:
        content = content.replace(CSRF_PLACEHOLDER, get_token(request))
    response = HttpResponse(content)
    for name, value in stored["headers"]:
        response[name] = value
    response["X-Page-Cache"] = "hit"
    return response


class PageCacheMiddleware:
    """Routes content pages from the cache and serves anonymous visitors stored pages.

    Placed after CsrfViewMiddleware (which sets each visitor's token cookie on the way out) and
    before authentication: a stored page is served without touching the session or the user.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.method != "GET"
            or not enabled()
            or request.path.startswith(_SKIPPED_PREFIXES)
            or (token := generation()) is None
        ):
            return self.get_response(request)
        _request.token = token  # tree_cached in this request: no second round trip
        try:
            return self._serve(request, token)
        finally:
            _request.token = None

    def _serve(self, request: HttpRequest, token: str) -> HttpResponse:
        anonymous = _is_anonymous(request)
        page_key, route_key, site_key = _keys(request, token)
        wanted = [route_key, site_key] + ([page_key] if anonymous else [])
        found = cache.get_many(wanted)
        if page_key in found and anonymous:
            return _from_store(request, found[page_key])
        _apply_route(request, found.get(site_key), found.get(route_key))

        response = self.get_response(request)

        site = getattr(request, "_wagtail_site", None)
        if site is not None and site_key not in found:
            fields = ("id", "hostname", "port", "site_name", "root_page_id", "is_default_site")
            cache.set(site_key, {name: getattr(site, name) for name in fields}, timeout())
        page = _served_page(request, response) if route_key not in found or anonymous else None
        if page is None:
            return response
        entries: dict[str, Any] = {}
        if route_key not in found:
            entries[route_key] = {"model": page._meta.label_lower, "page_id": page.pk}
        if anonymous and (stored := _storable(request, response)) is not None:
            entries[page_key] = stored
        if entries:
            cache.set_many(entries, timeout())
        return response
