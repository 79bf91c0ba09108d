"""The platform's Ed25519 signing key and its public forms (JWK, did:web document).

Production reads the private key (PEM) from the CERTIFICATE_SIGNING_KEY environment variable and
never makes one up. Elsewhere a key is generated on first use and kept in
CERTIFICATE_SIGNING_KEY_FILE, so a developer's credentials stay verifiable across restarts.
"""

from __future__ import annotations

import base64
import functools
import os
from pathlib import Path
from urllib.parse import quote, urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KEY_FRAGMENT = "key-1"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _load_pem(pem: bytes) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured("CERTIFICATE_SIGNING_KEY must be an Ed25519 private key.")
    return key


def generate_pem() -> str:
    """A new Ed25519 private key in PKCS#8 PEM, e.g. for the production environment."""
    return (
        Ed25519PrivateKey.generate()
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode("ascii")
    )


def _key_from_file(path: Path) -> Ed25519PrivateKey:
    """Read the dev key, creating it atomically when missing (two processes may race here)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _load_pem(path.read_bytes())
    with os.fdopen(fd, "w") as handle:
        handle.write(generate_pem())
    return _load_pem(path.read_bytes())


@functools.lru_cache(maxsize=4)
def _private_key(pem: str, path: str, required: bool) -> Ed25519PrivateKey:
    if pem.strip():
        return _load_pem(pem.strip().encode("ascii"))
    if required:
        raise ImproperlyConfigured(
            "CERTIFICATE_SIGNING_KEY (an Ed25519 private key in PEM) must be set in production."
        )
    return _key_from_file(Path(path))


def private_key() -> Ed25519PrivateKey:
    return _private_key(
        settings.CERTIFICATE_SIGNING_KEY,
        str(settings.CERTIFICATE_SIGNING_KEY_FILE),
        settings.CERTIFICATE_SIGNING_KEY_REQUIRED,
    )


def public_key() -> Ed25519PublicKey:
    return private_key().public_key()


def issuer_did() -> str:
    """did:web of the platform's host (a port is percent-encoded, as did:web requires)."""
    netloc = urlsplit(settings.SITE_URL).netloc
    return "did:web:" + quote(netloc, safe="")


def key_id() -> str:
    return f"{issuer_did()}#{KEY_FRAGMENT}"


def public_jwk() -> dict[str, str]:
    raw = public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {"kty": "OKP", "crv": "Ed25519", "x": _b64url(raw), "kid": key_id(), "alg": "EdDSA"}


def did_document() -> dict:
    """The did:web document served at /.well-known/did.json."""
    did = issuer_did()
    jwk = {k: v for k, v in public_jwk().items() if k in {"kty", "crv", "x"}}
    method = {"id": key_id(), "type": "JsonWebKey", "controller": did, "publicKeyJwk": jwk}
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/jwk/v1"],
        "id": did,
        "verificationMethod": [method],
        "assertionMethod": [key_id()],
        "authentication": [key_id()],
    }
