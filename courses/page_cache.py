"""Content pages without the database: Wagtail routing and stored pages from the cache.

These things are kept in the Django cache (Redis in production), each under one *generation*
token, so that invalidating all of them is a single cache write (`bump`). The entries every
content page looks up first (route, site, anonymous page) carry their token inside instead of in
their key, so the token and they are read in one round trip:

- the **route** of a content page (host, language, path -> site and the page object itself): a
  signed-in learner's lesson then costs no query for routing instead of Wagtail's nine;
- the **whole response** of a catalogue, module or lesson page for anonymous visitors (no session
  and no message cookie), keyed by host, language and path. The language switcher's CSRF token is
  the only per-visitor part of those pages: it is stored as a placeholder and every visitor gets
  their own token. Signed-in learners never get an anonymous visitor's page (theirs show their
  progress); a response that sets a cookie, touches the session or is behind a view restriction
  is never stored;
- for signed-in learners, a lesson's **shell**, per language and city (a lesson shows the
  learner's city's route card): the page without the parts its template marks `{% personal %}`
  (the progress panel), which are rendered for each learner into it (`serve_signed_in`), the
  panel itself once per state learners share (`shared_fragment`);
- a learner's **own page** made only of their rows and content (My learning), kept under a
  digest of those rows read on each visit (`serve_for_state`), so it is never older than them;
- derived content that learner pages read on every visit (`tree_cached`: a module's outline, the
  programme), recomputed once per generation instead of per request.

The generation changes whenever content could have changed: a page saved, published, unpublished,
moved or deleted (wagtail-localize's translation sync publishes the translated page, and creating
a translation saves a new page, so both are covered), a view restriction, site, locale, decision
aid, route card, image or document saved or deleted. It changes at once and again when the
transaction commits, so no request can store a copy of what was true before the change under the
new token.

Without Redis every lookup is a miss (lms.resilience turns errors into misses) and pages are
built from the database as before. Entries also expire after PAGE_CACHE_SECONDS, which bounds how
long a change made while Redis was unreachable can go unseen once it is back.
"""

from __future__ import annotations

import functools
import hashlib
import re
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Model, QuerySet
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.response import SimpleTemplateResponse
from django.utils import timezone as tz
from django.utils.translation import get_language
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from network.models import RouteCard

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


def generation(known: str | None = None) -> str | None:
    """The current token (`known`: as just read with other entries); None when the cache cannot
    be reached (then nothing is cached)."""
    token = known if known is not None else cache.get(GENERATION_KEY)
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
        RouteCard,  # shown in lessons ("In your city") to the learners of its city
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


# Values that never change under their key (shells, shared fragments, a learner's own page under
# the digest of its rows) are also kept in each process, as long as in the cache: a key holds the
# generation's token, which every request reads from the cache, so a process never serves one
# after the generation changed. Emptied when it grows past this size.
_LOCAL_ENTRIES = 512
_local: dict[str, tuple[float, Any]] = {}


def _local_get(key: str) -> Any:
    found = _local.get(key)
    return found[1] if found is not None and found[0] > time.monotonic() else None


def _local_set(key: str, value: Any) -> None:
    if len(_local) >= _LOCAL_ENTRIES:
        _local.clear()
    _local[key] = (time.monotonic() + timeout(), value)


def _kept(key: str) -> Any:
    """What is stored under `key`: this process's copy, else the cache's (then copied here)."""
    value = _local_get(key)
    if value is None and (value := cache.get(key)) is not None:
        _local_set(key, value)
    return value


def _keep(key: str, value: Any) -> None:
    cache.set(key, value, timeout())
    _local_set(key, value)


def tree_cached(
    name: str, parts: tuple, compute: Callable[[], Any], *, shared: bool = False
) -> Any:
    """`compute()` once per generation for these parts (always, when the cache is away).

    `shared`: the value is also kept in the process and the same object given to every request
    in it, for values no caller changes (a module's outline, rendered HTML)."""
    token = getattr(_request, "token", None) or (generation() if enabled() else None)
    if token is None:
        return compute()
    key = f"page-cache:{token}:{name}:" + ":".join(str(part) for part in parts)
    value = _kept(key) if shared else cache.get(key)
    if value is None:
        value = compute()
        if shared:
            _keep(key, value)
        else:
            cache.set(key, value, timeout())
    return value


# Signed-in learners ----------------------------------------------------------------------------
#
# A lesson is the same for every learner reading it in one language except the parts its template
# marks `{% personal "name" %}...{% endpersonal %}` (the learner's progress panel) and the CSRF
# tokens. The rest, the "shell", is stored once per page and language; each learner's parts are
# rendered into it by the function registered under the hook `personal_fragment_hook(name)` (the
# learning app's, which also records the visit). A learner with a message waiting, a preview or
# a query string gets the whole page built as before, and such a page is never stored.

_PERSONAL = re.compile(r"<!--personal:([a-z-]+)-->(.*?)<!--/personal:\1-->", re.S)
_PERSONAL_MARKS = re.compile(r"<!--/?personal:[a-z-]+-->")


def personal_fragment_hook(name: str) -> str:
    """The Wagtail hook a higher app registers its renderer of the fragment `name` under:
    `renderer(request, page) -> str`."""
    return f"page_cache_personal_{name}"


def _fragment_placeholder(name: str) -> str:
    return f"__page_cache_personal_{name}__"


def _learner_may_be_served_stored(request: HttpRequest) -> bool:
    """A signed-in learner on a plain GET, with no message waiting for them only, while the
    cache is reachable."""
    user = getattr(request, "user", None)
    return (
        request.method == "GET"
        and getattr(_request, "token", None) is not None
        and user is not None
        and user.is_authenticated
        and getattr(user, "learner_profile", None) is not None
        and not request.GET
        and not request.COOKIES.get("messages")  # an emptied cookie holds no message
        and not request.session.get("_messages")
        and not getattr(request, "is_preview", False)
    )


def _personal_html(name: str, request: HttpRequest, page: Page) -> str | None:
    for renderer in hooks.get_hooks(personal_fragment_hook(name)):
        return renderer(request, page)
    return None


def shared_fragment(
    request: HttpRequest, name: str, shown: tuple, render: Callable[[], str]
) -> str:
    """A learner's part of a page that many learners see alike: rendered once per content
    generation, language and `shown` (every value it shows), then given to each with their own
    CSRF token. Rendered every time when the cache is away."""
    if getattr(_request, "token", None) is None:
        return render()

    def compute() -> str:
        return _CSRF_INPUT.sub(rf"\g<1>{CSRF_PLACEHOLDER}\g<2>", render())

    html = tree_cached(f"fragment-{name}", (get_language(), *shown), compute, shared=True)
    return (
        html.replace(CSRF_PLACEHOLDER, _csrf_token(request)) if CSRF_PLACEHOLDER in html else html
    )


def _csrf_token(request: HttpRequest) -> str:
    """The visitor's CSRF token, masked once per request for every form of the page."""
    token = getattr(request, "_page_cache_csrf", None)
    if token is None:
        token = request._page_cache_csrf = get_token(request)  # type: ignore[attr-defined]
    return token


def _from_shell(request: HttpRequest, page: Page, shell: dict) -> HttpResponse | None:
    content = shell["content"].replace(CSRF_PLACEHOLDER, _csrf_token(request))
    for name in shell["fragments"]:
        html = _personal_html(name, request, page)
        if html is None:
            return None
        content = content.replace(_fragment_placeholder(name), html, 1)
    response = HttpResponse(content)
    for header, value in shell["headers"]:
        response[header] = value
    response["X-Page-Cache"] = "shell"
    return response


def _shell_of(request: HttpRequest, response: HttpResponse) -> dict | None:
    """The page without its learner's parts and CSRF tokens, or None when it must not be shared."""
    text = response.content.decode(response.charset)
    fragments = [match[1] for match in _PERSONAL.finditer(text)]
    if not fragments:
        return None
    text = _PERSONAL.sub(lambda match: _fragment_placeholder(match[1]), text)
    content = _storable(request, response, text)
    return None if content is None else {**content, "fragments": fragments}


def _without_marks(response: HttpResponse) -> HttpResponse:
    if not response.streaming and b"<!--personal:" in response.content:
        text = _PERSONAL_MARKS.sub("", response.content.decode(response.charset))
        response.content = text.encode(response.charset)
    return response


def _after_render(response: HttpResponse, callback: Callable[[HttpResponse], Any]) -> None:
    if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
        response.add_post_render_callback(callback)
    else:
        callback(response)


def serve_signed_in(
    request: HttpRequest, page: Page, build: Callable[[], HttpResponse]
) -> HttpResponse:
    """A content page for a signed-in reader: a learner's parts rendered into the stored shell,
    else the page built by `build()` (and its shell stored when it may be shared)."""
    where = getattr(request, "_page_cache_where", None)
    if where is None or not _learner_may_be_served_stored(request):
        response = build()
        _after_render(response, _without_marks)
        return response
    # Per city too: a lesson shows the learner's city's route card ("In your city" blocks).
    city_id = request.user.learner_profile.city_id  # type: ignore[union-attr]
    key = f"page-cache:{_request.token}:learner-shell:{city_id}:{where}"
    shell = _kept(key)
    if shell is not None and (shared := _from_shell(request, page, shell)) is not None:
        return shared
    response = build()

    def store(rendered: HttpResponse) -> None:
        if rendered.status_code == 200 and (stored := _shell_of(request, rendered)) is not None:
            _keep(key, stored)
        _without_marks(rendered)

    _after_render(response, store)
    return response


# Rows of a model with these field values, e.g. (Certificate, {"user": 5}): what a page shows.
RowsOf = tuple[type[Model], dict[str, Any]]


def digest_of(sources: list[RowsOf]) -> object:
    """A value that changes whenever any column of any of these rows does: on PostgreSQL one
    statement returning a hash of each set's rows as text (no row is sent or turned into an
    object; its text is built once per process), elsewhere the rows' values themselves."""
    if connection.vendor != "postgresql":
        return [
            sorted(map(repr, model._default_manager.filter(**where).values_list()))
            for model, where in sources
        ]
    sql = _digest_sql(tuple((model, tuple(where)) for model, where in sources))
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for _model, where in sources for value in where.values()])
        return cursor.fetchone()


@functools.cache
def _digest_sql(shape: tuple[tuple[type[Model], tuple[str, ...]], ...]) -> str:
    quote = connection.ops.quote_name
    parts = []
    for model, names in shape:
        where = " AND ".join(f"{quote(model._meta.get_field(name).column)} = %s" for name in names)
        rows = f"SELECT * FROM {quote(model._meta.db_table)} WHERE {where}"
        parts.append(f"(SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM ({rows}) t)")
    return "SELECT " + ", ".join(parts)


def serve_for_state(
    request: HttpRequest,
    name: str,
    read_state: Callable[[], object],
    build: Callable[[], HttpResponse],
) -> HttpResponse:
    """A learner's own page made of nothing but content and the rows `read_state()` digests
    (`digest_of`): kept under the learner, the language, the time zone, that digest and the
    content generation, and served again until one of them changes (a lesson done, a
    certificate ready, a page published). The state is read on every visit, before the page is
    built, so a stored page is never older than the rows it shows.
    """
    if not _learner_may_be_served_stored(request):
        return build()
    where = f"{request.get_host()}:{request.path}:{get_language()}:{tz.get_current_timezone_name()}"
    digest = hashlib.sha256(f"{where}\n{read_state()!r}".encode()).hexdigest()
    key = f"page-cache:{_request.token}:learner:{request.user.pk}:{name}:{digest}"
    stored = _kept(key)
    if stored is not None:
        response = _from_store(request, stored)
        response["X-Page-Cache"] = "state"
        return response
    response = build()

    def store(rendered: HttpResponse) -> None:
        if rendered.status_code != 200 or rendered.streaming:
            return
        text = rendered.content.decode(rendered.charset)
        if (kept := _storable(request, rendered, text)) is not None:
            _keep(key, kept)

    _after_render(response, store)
    return response


# Middleware ------------------------------------------------------------------------------------


def _is_anonymous(request: HttpRequest) -> bool:
    """No session and no pending messages: the page cannot hold anything of this visitor."""
    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not request.GET
    )


def _keys(request: HttpRequest) -> tuple[str, tuple[str, str, str]]:
    """Where the request is (host, language, path: hashed, as a path may hold spaces or any other
    character a cache key must not) and the keys of its stored page, route and site. These keys
    hold no generation: each entry carries the token it was stored under and counts only while
    that token is current, so the token and the entries are read in one round trip."""
    where = hashlib.sha256(
        f"{request.get_host()}:{get_language()}:{request.path}".encode()
    ).hexdigest()
    return where, (
        f"page-cache:page:{where}",
        f"page-cache:route:{where}",
        f"page-cache:site:{request.get_host()}",
    )


def _apply_route(request: HttpRequest, site: dict | None, route: dict | None) -> None:
    """Give Wagtail the site and the page it would otherwise look up (routing: one query)."""
    if site is not None:
        request._wagtail_site = Site(**site)  # type: ignore[attr-defined]
    page = route.get("page") if route is not None else None
    if page is None:  # not known yet (or stored by an older release)
        return
    # Stored only for pages without view restrictions; adding one changes the generation.
    page.get_view_restrictions = _no_view_restrictions
    request._wagtail_route_for_request = (page, [], {})  # type: ignore[attr-defined]


@functools.cache
def _no_view_restrictions() -> QuerySet:
    """An empty queryset evaluated once: Wagtail's check of a stored route then costs nothing."""
    restrictions = PageViewRestriction.objects.none()
    list(restrictions)
    return restrictions


def _fresh_copy(page: Page) -> Page | None:
    """The page as stored in the database, without what serving it attached to the object."""
    return type(page).objects.filter(pk=page.pk, live=True).first()


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


def _storable(
    request: HttpRequest, response: HttpResponse, shell: str | None = None
) -> dict | None:
    """The response without its visitor's CSRF token, or None when it must not be shared.

    `shell` is the content of a signed-in learner's page made fit to store (their parts cut out,
    or the whole page kept under their own key): such a response is marked private (for browsers
    and proxies), and may be stored all the same.
    """
    session = getattr(request, "session", None)
    if (
        response.streaming
        or response.cookies
        or (session is not None and session.modified)
        or (shell is None and "private" in response.get("Cache-Control", ""))
    ):
        return None
    text = shell if shell is not None else response.content.decode(response.charset)
    content, replaced = _CSRF_INPUT.subn(rf"\g<1>{CSRF_PLACEHOLDER}\g<2>", text)
    if request.META.get("CSRF_COOKIE_USED") and not replaced:
        return None  # the token went somewhere else in the page: it cannot be shared
    headers = [(k, v) for k, v in response.items() if k.lower() not in _SKIPPED_HEADERS]
    return {"content": content, "headers": headers}


def _from_store(request: HttpRequest, stored: dict) -> HttpResponse:
    content = stored["content"]
    if CSRF_PLACEHOLDER in content:
        content = content.replace(CSRF_PLACEHOLDER, _csrf_token(request))
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
        if request.method != "GET" or not enabled() or request.path.startswith(_SKIPPED_PREFIXES):
            return self.get_response(request)
        anonymous = _is_anonymous(request)
        where, keys = _keys(request)
        page_key, route_key, site_key = keys
        # The generation and everything this request may use, in one round trip.
        wanted = [GENERATION_KEY, route_key, site_key] + ([page_key] if anonymous else [])
        found = cache.get_many(wanted)
        token = generation(found.get(GENERATION_KEY))
        if token is None:  # the cache is away: pages are built from the database
            return self.get_response(request)
        current = {
            key: value["value"]
            for key, value in found.items()
            if key != GENERATION_KEY and isinstance(value, dict) and value.get("token") == token
        }
        _request.token = token  # tree_cached in this request: no further round trip for it
        try:
            return self._serve(request, token, anonymous, where, keys, current)
        finally:
            _request.token = None

    def _serve(
        self,
        request: HttpRequest,
        token: str,
        anonymous: bool,
        where: str,
        keys: tuple[str, str, str],
        found: dict,
    ) -> HttpResponse:
        page_key, route_key, site_key = keys
        if page_key in found and anonymous:
            return _from_store(request, found[page_key])
        _apply_route(request, found.get(site_key), found.get(route_key))
        request._page_cache_where = where  # type: ignore[attr-defined]

        response = self.get_response(request)

        entries: dict[str, Any] = {}
        site = getattr(request, "_wagtail_site", None)
        if site is not None and site_key not in found:
            fields = ("id", "hostname", "port", "site_name", "root_page_id", "is_default_site")
            entries[site_key] = {name: getattr(site, name) for name in fields}
        page = _served_page(request, response) if route_key not in found or anonymous else None
        if page is not None:
            if route_key not in found and (fresh := _fresh_copy(page)) is not None:
                entries[route_key] = {"page": fresh}
            if anonymous and (stored := _storable(request, response)) is not None:
                entries[page_key] = stored
        if entries:
            cache.set_many(
                {key: {"token": token, "value": value} for key, value in entries.items()},
                timeout(),
            )
        return response
