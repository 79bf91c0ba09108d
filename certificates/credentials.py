"""Open Badges 3.0 credentials: build, sign (VC-JWT, EdDSA) and verify.

The credential is a W3C Verifiable Credential (data model 2.0) of type OpenBadgeCredential,
secured with JOSE as the VC-JOSE-COSE recommendation describes: the JWS payload is the credential
itself, the header says `alg: EdDSA`, `typ: vc+jwt` and names the platform's key by its did:web
id. The learner downloads it as a JSON file holding an `EnvelopedVerifiableCredential` (the data
model's own wrapper for a JWT); the verification page also accepts `{"jwt": ...}` or the bare
compact JWT.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC
from typing import TYPE_CHECKING, Any

import jwt
from django.conf import settings
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from . import signing
from .models import Certificate, ErasedCertificate, normalise_code

if TYPE_CHECKING:
    from collections.abc import Mapping

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
MEDIA_TYPE = "vc+jwt"
ENVELOPE_PREFIX = "data:application/vc+jwt,"
STATUS_TYPE = "LIAISECertificateStatus"
MAX_UPLOAD_BYTES = 64 * 1024
_COMPACT_JWS = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$")


def _iso(value) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def achievement_id(certificate: Certificate) -> str:
    """Stable across languages: the module's translation key, or one id for the programme."""
    if certificate.kind == Certificate.Kind.MODULE:
        return f"urn:uuid:{certificate.module_key}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, settings.SITE_URL + '/programme')}"


def status_url(certificate: Certificate) -> str:
    return settings.SITE_URL + reverse(
        "certificates_public:status", args=[certificate.display_code]
    )


def build_credential(certificate: Certificate) -> dict[str, Any]:
    """The OpenBadgeCredential for a certificate, worded in the certificate's language.

    The learner is identified by their name as printed on the certificate and by a salted hash
    of their email address (OB 3.0 IdentityObject), never by the address itself.
    """
    salt = secrets.token_hex(8)
    email = (certificate.user.email or "").strip().lower()
    identifiers = [
        {
            "type": "IdentityObject",
            "identityType": "name",
            "hashed": False,
            "identityHash": certificate.learner_name,
        }
    ]
    if email:
        identifiers.append(
            {
                "type": "IdentityObject",
                "identityType": "emailAddress",
                "hashed": True,
                "identityHash": "sha256$" + hashlib.sha256((email + salt).encode()).hexdigest(),
                "salt": salt,
            }
        )
    with translation.override(certificate.language):
        if certificate.kind == Certificate.Kind.MODULE:
            name = _("Module %(number)s: %(title)s") % {
                "number": certificate.module_number,
                "title": certificate.title,
            }
            description = _(
                "Completed module %(number)s of the LIAISE training for front-line workers "
                "preventing radicalisation leading to violent extremism: %(hours)s hours of "
                "learning."
            ) % {"number": certificate.module_number, "hours": floatformat(certificate.hours, -1)}
            criteria = _("Completed every required lesson of the module and passed its quiz.")
        else:
            name = certificate.title
            description = _(
                "Completed all modules of the LIAISE training for front-line workers preventing "
                "radicalisation leading to violent extremism: %(hours)s hours of learning."
            ) % {"hours": floatformat(certificate.hours, -1)}
            criteria = _("Completed every module of the LIAISE training programme.")
        if certificate.is_blended:
            description += " " + _(
                "Online and in-person training: %(online)s hours online, %(in_person)s hours in "
                "person."
            ) % {
                "online": floatformat(certificate.online_hours, -1),
                "in_person": floatformat(certificate.in_person_hours, -1),
            }
    achievement = {
        "id": achievement_id(certificate),
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": name,
        "description": description,
        "criteria": {"narrative": criteria},
        "inLanguage": certificate.language,
    }
    return {
        "@context": CONTEXT,
        "id": certificate.get_verification_url(),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": name,
        "issuer": {
            "id": signing.issuer_did(),
            "type": ["Profile"],
            "name": settings.CERTIFICATE_ISSUER_NAME,
            "url": settings.SITE_URL + "/",
        },
        "validFrom": _iso(certificate.issued_at),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": identifiers,
            "activityEndDate": certificate.completed_on.isoformat() + "T00:00:00Z",
            "achievement": achievement,
        },
        "credentialStatus": {"id": status_url(certificate), "type": STATUS_TYPE},
    }


def sign_credential(credential: Mapping[str, Any]) -> str:
    """The credential as a compact JWS (VC-JWT) signed with the platform's Ed25519 key."""
    return jwt.encode(
        dict(credential),
        signing.private_key(),
        algorithm="EdDSA",
        headers={"kid": signing.key_id(), "typ": MEDIA_TYPE, "cty": "vc"},
    )


def issue_credential(certificate: Certificate) -> str:
    return sign_credential(build_credential(certificate))


def envelope(token: str) -> dict[str, Any]:
    """The downloadable JSON form: a VC data model 2.0 EnvelopedVerifiableCredential."""
    return {
        "@context": CONTEXT[:1],
        "id": ENVELOPE_PREFIX + token,
        "type": "EnvelopedVerifiableCredential",
    }


# Verification -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CredentialCheck:
    """What the verification page says about an uploaded credential."""

    valid: bool
    certificate: Certificate | None = None
    # Genuine, but its holder had their data erased: only the tombstone's day is left.
    erased: ErasedCertificate | None = None

    @property
    def revoked(self) -> bool:
        return self.certificate is not None and self.certificate.is_revoked


INVALID = CredentialCheck(valid=False)


def extract_token(data: bytes) -> str | None:
    """The compact JWT out of an uploaded file in any of the forms we hand out; None otherwise."""
    if len(data) > MAX_UPLOAD_BYTES:
        return None
    try:
        text = data.decode("utf-8").strip()
    except UnicodeDecodeError:
        return None
    if _COMPACT_JWS.match(text):
        return text
    # What we hand out is a JSON object; deep nesting would exhaust the parser's recursion.
    if not text.startswith("{"):
        return None
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(document, dict):
        return None
    candidate = document.get("jwt")
    if candidate is None and document.get("type") == "EnvelopedVerifiableCredential":
        identifier = document.get("id")
        if isinstance(identifier, str) and identifier.startswith(ENVELOPE_PREFIX):
            candidate = identifier[len(ENVELOPE_PREFIX) :]
    if isinstance(candidate, str) and _COMPACT_JWS.match(candidate.strip()):
        return candidate.strip()
    return None


def verify_token(token: str) -> CredentialCheck:
    """Check the signature against our published key, then that the payload is one we issued.

    Any change to the header or payload breaks the EdDSA signature; a credential that verifies
    must also be byte-for-byte the payload stored with the certificate (so a credential signed
    with a leaked old key but never issued by us is refused). Revocation is read from the row.
    """
    try:
        header = jwt.get_unverified_header(token)
        if header.get("alg") != "EdDSA" or header.get("kid") != signing.key_id():
            return INVALID
        payload = jwt.decode(
            token,
            signing.public_key(),
            algorithms=["EdDSA"],
            options={"verify_exp": True, "verify_nbf": True, "verify_iat": False},
        )
    except (jwt.InvalidTokenError, ValueError, TypeError):
        return INVALID
    identifier = payload.get("id")
    prefix = settings.SITE_URL + "/verify/"
    if not isinstance(identifier, str) or not identifier.startswith(prefix):
        return INVALID
    code = normalise_code(identifier[len(prefix) :].strip("/"))
    certificate = Certificate.objects.filter(code=code).first()
    if certificate is None:
        erased = ErasedCertificate.objects.filter(code=code).first()
        return CredentialCheck(valid=False, erased=erased) if erased else INVALID
    if not certificate.credential:
        return INVALID
    stored = jwt.decode(certificate.credential, options={"verify_signature": False})
    if stored != payload:
        return INVALID
    return CredentialCheck(valid=True, certificate=certificate)


def verify_upload(data: bytes) -> CredentialCheck:
    token = extract_token(data)
    return verify_token(token) if token else INVALID
