"""The signing key: from the environment in production, generated once and kept elsewhere."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from certificates import signing


@pytest.fixture
def no_env_key(settings, tmp_path):
    settings.CERTIFICATE_SIGNING_KEY = ""
    settings.CERTIFICATE_SIGNING_KEY_FILE = tmp_path / "keys" / "signing.pem"
    return settings.CERTIFICATE_SIGNING_KEY_FILE


def test_the_key_comes_from_the_environment(settings):
    pem = signing.generate_pem()
    settings.CERTIFICATE_SIGNING_KEY = pem
    settings.CERTIFICATE_SIGNING_KEY_REQUIRED = True
    first = signing.public_jwk()["x"]
    settings.CERTIFICATE_SIGNING_KEY = signing.generate_pem()
    assert signing.public_jwk()["x"] != first  # a changed setting is honoured


def test_production_refuses_to_sign_without_a_key(settings, no_env_key):
    settings.CERTIFICATE_SIGNING_KEY_REQUIRED = True
    with pytest.raises(ImproperlyConfigured):
        signing.private_key()
    assert not no_env_key.exists()


def test_dev_generates_a_key_once_and_keeps_it(settings, no_env_key):
    first = signing.public_jwk()["x"]
    assert no_env_key.exists() and oct(no_env_key.stat().st_mode)[-3:] == "600"
    signing._private_key.cache_clear()  # as a restarted process would
    assert signing.public_jwk()["x"] == first


def test_a_key_that_is_not_ed25519_is_refused(settings):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    pem = (
        ec.generate_private_key(ec.SECP256R1())
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode()
    )
    settings.CERTIFICATE_SIGNING_KEY = pem
    with pytest.raises(ImproperlyConfigured):
        signing.private_key()


@pytest.mark.parametrize(
    ("site", "did"),
    [
        ("https://academy.liaise.eu", "did:web:academy.liaise.eu"),
        ("http://localhost:8000", "did:web:localhost%3A8000"),
    ],
)
def test_issuer_did_is_did_web_of_the_site(settings, site, did):
    settings.SITE_URL = site
    assert signing.issuer_did() == did
    assert signing.key_id() == did + "#key-1"
