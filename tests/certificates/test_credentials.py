"""The Open Badges 3.0 credential: its shape, its signature, and any tampering caught."""

import base64
import copy
import json

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.files.uploadedfile import SimpleUploadedFile

from certificates import credentials, services, signing
from tests.certificates.factories import issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(learner, module_page):
    return issue(learner, module_page)


def _b64(data: dict | bytes) -> str:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _parts(token: str) -> tuple[dict, dict, str]:
    header, payload, signature = token.split(".")
    pad = lambda s: s + "=" * (-len(s) % 4)  # noqa: E731
    return (
        json.loads(base64.urlsafe_b64decode(pad(header))),
        json.loads(base64.urlsafe_b64decode(pad(payload))),
        signature,
    )


def _upload(client, content: str | bytes, name="credential.json"):
    data = content.encode() if isinstance(content, str) else content
    return client.post("/verify/", {"credential": SimpleUploadedFile(name, data)})


def test_credential_is_an_open_badge_signed_with_eddsa(certificate, settings):
    header, payload, _signature = _parts(certificate.credential)
    assert header == {
        "alg": "EdDSA",
        "typ": "vc+jwt",
        "cty": "vc",
        "kid": "did:web:academy.example.org#key-1",
    }
    assert payload["@context"] == credentials.CONTEXT
    assert payload["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert payload["id"] == certificate.get_verification_url()
    assert payload["issuer"]["id"] == "did:web:academy.example.org"
    assert payload["issuer"]["type"] == ["Profile"]
    assert payload["validFrom"].endswith("Z")
    subject = payload["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    achievement = subject["achievement"]
    assert achievement["id"] == f"urn:uuid:{certificate.module_key}"
    assert achievement["type"] == ["Achievement"]
    assert achievement["name"] == "Module 1: Awareness"
    assert achievement["criteria"]["narrative"] and achievement["description"]
    [name, email] = subject["identifier"]
    assert name["identityHash"] == certificate.learner_name
    assert email["hashed"] is True and email["identityHash"].startswith("sha256$")
    assert certificate.user.email not in certificate.credential  # hashed, never in clear
    assert payload["credentialStatus"]["id"].endswith(
        f"/verify/{certificate.display_code}/status.json"
    )
    # Anyone can check it with the published key alone.
    public = jwt.PyJWK(client_jwk()).key
    assert jwt.decode(certificate.credential, public, algorithms=["EdDSA"]) == payload


def client_jwk():
    return signing.public_jwk()


@pytest.mark.parametrize(
    "form",
    [
        lambda token: json.dumps(credentials.envelope(token)),
        lambda token: json.dumps({"jwt": token}),
        lambda token: token,
    ],
    ids=["enveloped", "jwt-object", "compact"],
)
def test_a_genuine_credential_verifies_in_every_form(client, certificate, form):
    response = _upload(client, form(certificate.credential))
    content = response.content.decode()
    assert response.status_code == 200
    assert "the signature is genuine and the certificate has not been revoked" in content
    assert certificate.learner_name in content


def test_the_downloaded_file_verifies(learner_client, client, certificate):
    download = learner_client.get(f"/en/certificates/{certificate.code}/credential.json")
    response = _upload(client, download.content)
    assert "the signature is genuine" in response.content.decode()


def _tampered(payload: dict, path: tuple, value) -> dict:
    changed = copy.deepcopy(payload)
    target = changed
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return changed


TAMPERINGS = [
    (("@context",), ["https://www.w3.org/ns/credentials/v2"]),
    (("id",), "https://academy.example.org/verify/AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA/"),
    (("type",), ["VerifiableCredential"]),
    (("name",), "Module 6: Something else"),
    (("issuer",), {"id": "did:web:evil.example", "type": ["Profile"], "name": "Evil"}),
    (("issuer", "name"), "Another network"),
    (("validFrom",), "2020-01-01T00:00:00Z"),
    (("credentialSubject",), {"type": ["AchievementSubject"]}),
    (("credentialSubject", "identifier", 0, "identityHash"), "Someone Else"),
    (("credentialSubject", "achievement", "name"), "Module 6: Expert"),
    (("credentialSubject", "activityEndDate"), "2019-01-01T00:00:00Z"),
    (("credentialStatus",), {"id": "https://evil.example/status", "type": "X"}),
]


@pytest.mark.parametrize(("path", "value"), TAMPERINGS, ids=lambda v: str(v)[:40])
def test_any_tampered_field_fails(client, certificate, path, value):
    header, payload, signature = _parts(certificate.credential)
    forged = f"{_b64(header)}.{_b64(_tampered(payload, path, value))}.{signature}"
    assert not credentials.verify_token(forged).valid
    response = _upload(client, json.dumps(credentials.envelope(forged)))
    assert "Not valid" in response.content.decode()


def test_every_top_level_field_is_covered(certificate):
    _header, payload, _signature = _parts(certificate.credential)
    assert {path[0] for path, _value in TAMPERINGS} == set(payload)


def test_a_removed_field_or_changed_header_fails(certificate):
    header, payload, signature = _parts(certificate.credential)
    for key in payload:
        reduced = {k: v for k, v in payload.items() if k != key}
        assert not credentials.verify_token(f"{_b64(header)}.{_b64(reduced)}.{signature}").valid
    for changed in ({**header, "kid": "did:web:evil.example#key-1"}, {**header, "alg": "none"}):
        assert not credentials.verify_token(f"{_b64(changed)}.{_b64(payload)}.{signature}").valid
    assert not credentials.verify_token(f"{_b64(header)}.{_b64(payload)}.").valid


def test_a_credential_signed_with_another_key_fails(certificate):
    _header, payload, _signature = _parts(certificate.credential)
    other = jwt.encode(
        payload, Ed25519PrivateKey.generate(), algorithm="EdDSA", headers={"kid": signing.key_id()}
    )
    assert not credentials.verify_token(other).valid


def test_a_signed_payload_we_never_issued_fails(certificate):
    """Even with our key (say, a leaked old one), a payload must be the one stored."""
    _header, payload, _signature = _parts(certificate.credential)
    payload["name"] = "Invented"
    assert not credentials.verify_token(credentials.sign_credential(payload)).valid


def test_a_revoked_credential_shows_revoked(client, certificate, trainer):
    services.revoke(certificate, by=trainer, reason="Mistake")
    check = credentials.verify_upload(certificate.credential.encode())
    assert check.valid and check.revoked
    response = _upload(client, certificate.credential)
    content = response.content.decode()
    assert "Revoked" in content and "the certificate was revoked on" in content


@pytest.mark.parametrize(
    "content",
    [b"", b"\xff\xfe\x00garbage", b"[]", b'{"jwt": 5}', b"not.a.jwt", b'{"id": "data:x"}'],
)
def test_garbage_is_not_valid_and_never_an_error(client, content):
    response = _upload(client, content or b" ")
    assert response.status_code == 200
    assert "Not valid" in response.content.decode()


def test_missing_or_huge_upload_is_a_clear_400(client):
    response = client.post("/verify/", {})
    assert response.status_code == 400
    big = SimpleUploadedFile("big.json", b"x" * (credentials.MAX_UPLOAD_BYTES + 1))
    response = client.post("/verify/", {"credential": big})
    assert response.status_code == 400
    assert "too large" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content",
    ["[" * 30000 + "]" * 30000, '{"jwt": ' + "[" * 30000 + "]" * 30000 + "}"],
    ids=["deep-list", "deep-inside-object"],
)
def test_deeply_nested_json_is_not_valid_and_never_an_error(client, content):
    response = _upload(client, content, name="deep.json")
    assert response.status_code == 200
    assert "Not valid" in response.content.decode()
