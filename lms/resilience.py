"""Staying up when a service is not: Redis down degrades, the database away answers 503.

- `ResilientRedisCache` turns a lost Redis into cache misses and skipped writes, so Wagtail's
  routing cache, rate limits that only read and every page keep working (the database answers
  instead). Sign-in is the exception: `shared_cache_is_down` lets the account adapter refuse it
  rather than run without its lockout.
- `server_error` is the project's handler500: an unreachable database gives a translated 503
  page with Retry-After, never a 500.
- `OneLinePerFailure` keeps a database outage from flooding the log with one traceback per request.
"""

from __future__ import annotations

import functools
import logging
import sys
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.utils import translation
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# How long the platform asks clients to wait before retrying while a service is away (seconds).
RETRY_AFTER = 30
# After a failure, skip Redis for this long instead of waiting on a dead socket on every call.
_PAUSE_AFTER_FAILURE = 5.0
_last_failure = 0.0

_READS = ("get", "get_many", "has_key")
_WRITES = ("set", "add", "set_many", "delete", "delete_many", "touch", "clear")


def _note_failure(error: Exception) -> None:
    global _last_failure
    if time.monotonic() - _last_failure > _PAUSE_AFTER_FAILURE:
        logger.warning("Redis cache unavailable, serving without it: %s", error)
    _last_failure = time.monotonic()


def _recently_failed() -> bool:
    return time.monotonic() - _last_failure < _PAUSE_AFTER_FAILURE


def _fallback(name: str, args: tuple, kwargs: dict) -> Any:
    if name == "get":
        return kwargs.get("default", args[1] if len(args) > 1 else None)
    if name == "get_many":
        return {}
    if name == "set_many":
        return list(args[0]) if args else []
    if name == "add":
        # As if the key were new: a lock taken through `add` (allauth's rate-limit lock) must not
        # spin until it times out. Nothing in the platform relies on `add` for exactly-once work.
        return True
    if name in ("has_key", "delete", "touch"):
        return False
    return None


def _guarded(name: str, method: Callable) -> Callable:
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        if _recently_failed():
            return _fallback(name, args, kwargs)
        try:
            return method(self, *args, **kwargs)
        except RedisError as error:
            _note_failure(error)
            return _fallback(name, args, kwargs)

    return wrapper


def _guarded_counter(method: Callable) -> Callable:
    """incr/decr on a lost Redis behave as on a missing key (ValueError), so counters restart."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        if _recently_failed():
            raise ValueError("cache unavailable")
        try:
            return method(self, *args, **kwargs)
        except RedisError as error:
            _note_failure(error)
            raise ValueError("cache unavailable") from error

    return wrapper


class ResilientRedisCache(RedisCache):
    """Django's Redis cache that degrades to a miss (reads) or a no-op (writes) without Redis."""


for _name in (*_READS, *_WRITES):
    setattr(ResilientRedisCache, _name, _guarded(_name, getattr(RedisCache, _name)))
for _name in ("incr", "decr"):
    setattr(ResilientRedisCache, _name, _guarded_counter(getattr(RedisCache, _name)))


def shared_cache_is_down() -> bool:
    """True when the configured Redis cache cannot be reached right now (a cheap PING)."""
    cache = caches["default"]
    if not isinstance(cache, RedisCache):
        return False
    if _recently_failed():
        return True
    try:
        cache._cache.get_client(write=True).ping()
    except RedisError as error:
        _note_failure(error)
        return True
    return False


def database_unavailable(error: BaseException | None) -> bool:
    """An error that means the database cannot be reached (not a bug in a query)."""
    if isinstance(error, (OperationalError, InterfaceError)):
        return True
    # psycopg raises its own errors when the connection drops mid-request.
    return isinstance(error, DatabaseError) and "connection" in str(error).lower()


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """handler500: 503 with Retry-After while the database is away, the plain 500 page otherwise.

    Renders without context processors: they would reach for the database (user, settings).
    """
    error = sys.exc_info()[1]
    language = translation.get_language_from_path(request.path) or settings.LANGUAGE_CODE
    with translation.override(language):
        if database_unavailable(error):
            body = loader.render_to_string("503.html", {"retry_after": RETRY_AFTER})
            return HttpResponse(body, status=503, headers={"Retry-After": str(RETRY_AFTER)})
        return HttpResponseServerError(loader.render_to_string(template_name))


class OneLinePerFailure(logging.Filter):
    """A failed request caused by a lost service logs one line, not a traceback each time."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if error is not None and (database_unavailable(error) or isinstance(error, RedisError)):
            record.msg = f"{record.getMessage()} ({type(error).__name__}: service unavailable)"
            record.args = ()
            record.exc_info = None
            record.exc_text = None
        return True
