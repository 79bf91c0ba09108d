"""Response headers that limit what a page may load: Content-Security-Policy per area.

Learner pages load only the platform's own scripts and styles (no inline code, no third
party but the privacy-enhanced video players); the Wagtail admin needs inline scripts and
styles, so it gets its own, looser policy.

The policy is the same for every response of an area unless a view asks for its own (django-csp's
decorators) or a nonce: django-csp builds it twice per response (enforced and report-only), which
cost a bare page about a sixth of its time, so the headers of each area are built once and reused.
"""

from __future__ import annotations

import functools

from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from django.conf import settings
from django.core.signals import setting_changed
from django.http import HttpRequest, HttpResponse, HttpResponseBase

ADMIN_PREFIX = "/admin/"
ADMIN_DIRECTIVES = {
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "frame-src": ["'self'", "https://www.youtube-nocookie.com", "https://player.vimeo.com"],
}
# What a view or decorator may set on its response to change its policy (django-csp).
_PER_RESPONSE = tuple(
    f"_csp_{name}{suffix}"
    for name in ("config", "update", "replace", "exempt")
    for suffix in ("", "_ro")
)
_HEADERS = ("Content-Security-Policy", "Content-Security-Policy-Report-Only")
# (admin area, debug error page) -> the headers django-csp would set.
_built: dict[tuple[bool, bool], list[tuple[str, str]]] = {}


@functools.cache
def _excludes_paths() -> bool:
    """Whether a policy leaves some paths out: then it depends on more than the area."""
    return any(
        (getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES")
        for name in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY")
    )


def _forget(**_kwargs: object) -> None:
    _built.clear()
    _excludes_paths.cache_clear()


setting_changed.connect(_forget, dispatch_uid="lms-security-csp-settings")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's policy for paths under /admin/."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith(ADMIN_PREFIX):
            parts.replace = {**ADMIN_DIRECTIVES, **(parts.replace or {})}
        return parts

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if (
            getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in _PER_RESPONSE)
            or _excludes_paths()
        ):
            return super().process_response(request, response)
        area = (request.path_info.startswith(ADMIN_PREFIX), response.status_code in (404, 500))
        headers = _built.get(area)
        if headers is None:
            probe = HttpResponse(status=response.status_code)
            super().process_response(request, probe)
            headers = _built[area] = [(name, probe[name]) for name in _HEADERS if name in probe]
        for name, value in headers:
            if name not in response:
                response[name] = value
        # As django-csp does: a nonce asked for after the header was written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response
