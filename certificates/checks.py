"""System checks for what certificates depend on.

`manage.py check --deploy` says when production could not sign certificates: the site still
starts without the key (completions must never be lost, and the beat sweep signs pending
certificates once it is set), but a deployment check is where an operator looks first.

Every command (runserver included) warns when SITE_URL names a host the site refuses: that
address is signed into each credential and printed as its QR code, and emails link to it, so a
wrong one is only noticed when a verifier or a learner follows it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured
from django.http.request import split_domain_port, validate_host

from .signing import _load_pem


@register(Tags.security, deploy=True)
def signing_key_is_usable(app_configs, **kwargs) -> list[Error]:
    if not settings.CERTIFICATE_SIGNING_KEY_REQUIRED:
        return []
    pem = settings.CERTIFICATE_SIGNING_KEY.strip()
    if not pem:
        return [
            Error(
                "CERTIFICATE_SIGNING_KEY is not set: certificates stay unsigned until it is.",
                hint="Set it to an Ed25519 private key in PEM (see README.md).",
                id="certificates.E001",
            )
        ]
    try:
        _load_pem(pem.encode("ascii"))
    except (ImproperlyConfigured, ValueError, TypeError, UnicodeEncodeError) as error:
        return [
            Error(
                f"CERTIFICATE_SIGNING_KEY cannot be used: {error}",
                hint="It must be an Ed25519 private key in PEM.",
                id="certificates.E002",
            )
        ]
    return []


@register()
def site_url_is_served(app_configs, **kwargs) -> list[Warning]:
    netloc = urlsplit(settings.SITE_URL).netloc
    host, _port = split_domain_port(netloc)
    if host and validate_host(host, settings.ALLOWED_HOSTS):
        return []
    return [
        Warning(
            f"SITE_URL ({settings.SITE_URL}) names a host that is not in ALLOWED_HOSTS: "
            "verification links, certificate QR codes and email links would lead to a page "
            "this site refuses.",
            hint=(
                "Set SITE_URL to the address the site is served at (`make run HOST=... "
                "PORT=...` sets it for the development server), or add its host to "
                "ALLOWED_HOSTS."
            ),
            id="certificates.W001",
        )
    ]
