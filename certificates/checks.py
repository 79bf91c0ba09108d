"""`manage.py check --deploy` says when production could not sign certificates.

The site still starts without the key (completions must never be lost, and the beat sweep signs
pending certificates once it is set), but a deployment check is where an operator looks first.
"""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

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
