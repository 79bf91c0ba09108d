"""The public verification page: by code (any case, with or without dashes), rate-limited."""

import pytest
from django.utils import timezone

from certificates import services
from tests import factories
from tests.certificates.factories import issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(learner, module_page):
    return issue(learner, module_page)


def _variants(certificate):
    grouped = certificate.display_code
    return [
        grouped,
        grouped.lower(),
        certificate.code,
        certificate.code.lower(),
        grouped.replace("-", " ").lower(),
    ]


def test_verification_by_code_in_any_form(client, certificate, django_assert_max_num_queries):
    for code in _variants(certificate):
        with django_assert_max_num_queries(3):
            response = client.get(f"/verify/{code}/")
        assert response.status_code == 200, code
        content = response.content.decode()
        assert certificate.learner_name in content
        assert "Liège" in content and "Awareness" in content
        assert "Valid" in content and certificate.display_code in content


def test_the_qr_code_url_is_the_verification_page(client, certificate, settings):
    url = certificate.get_verification_url()
    assert url == f"{settings.SITE_URL}/verify/{certificate.display_code}/"
    assert client.get(url.removeprefix(settings.SITE_URL)).status_code == 200


def test_unknown_code_reveals_nothing(client, certificate):
    unknown = "A" * 32
    response = client.get(f"/verify/{unknown}/", follow=True)
    # LocaleMiddleware moves a 404 without a language prefix to the visitor's language.
    assert response.redirect_chain == [(f"/en/verify/{unknown}/", 302)]
    assert response.status_code == 404
    content = response.content.decode()
    assert "no certificate has this code" in content
    assert certificate.learner_name not in content and "Awareness" not in content
    assert client.get("/fr/verify/not-a-code/").status_code == 404


def test_revoked_certificate_shows_revoked_with_its_date(client, certificate, trainer):
    services.revoke(certificate, by=trainer, reason="Issued to the wrong account")
    response = client.get(f"/verify/{certificate.code.lower()}/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Revoked" in content and "Valid" not in content
    assert timezone.localdate().strftime("%Y") in content
    # The reason is for trainers; the public page states only the fact and the date.
    assert "wrong account" not in content


def test_status_endpoint_is_machine_readable(client, certificate, trainer):
    url = f"/verify/{certificate.display_code}/status.json"
    assert client.get(url).json()["status"] == "valid"
    services.revoke(certificate, by=trainer, reason="Mistake")
    data = client.get(url).json()
    assert data["status"] == "revoked" and data["revokedAt"]
    assert client.get("/verify/" + "B" * 32 + "/status.json").status_code == 404


def test_names_with_html_are_shown_literally(client, catalogue, city):
    learner = factories.LearnerFactory(
        profile__city=city, profile__full_name='<script>alert("x")</script><b>Ana</b>'
    )
    module = factories.ModulePageFactory(parent=catalogue, number=1)
    certificate = issue(learner, module)
    content = client.get(f"/verify/{certificate.code}/").content.decode()
    assert "<script>alert" not in content
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;Ana&lt;/b&gt;" in content


def test_code_form_redirects_to_the_certificate(client, certificate):
    response = client.get("/verify/", {"code": certificate.display_code.lower()})
    assert response.status_code == 302
    assert response["Location"] == f"/verify/{certificate.display_code}/"


def test_code_form_explains_a_malformed_code(client):
    response = client.get("/verify/", {"code": "hello"})
    assert response.status_code == 400
    assert "32 letters and digits" in response.content.decode()


def test_verify_form_page_renders(client):
    response = client.get("/verify/")
    assert response.status_code == 200
    assert 'name="credential"' in response.content.decode()


def test_verification_page_speaks_the_visitors_language(client, certificate, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = client.get(f"/verify/{certificate.code}/")
    assert response.status_code == 200
    assert '<html lang="fr"' in response.content.decode()


def test_verification_is_rate_limited(client, certificate, settings):
    settings.CERTIFICATE_VERIFY_RATE = "3/m"
    statuses = [client.get(f"/verify/{certificate.code}/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/verify/")
    assert response.status_code == 429 and response["Retry-After"] == "60"
    assert "Too many checks" in response.content.decode()


def test_public_key_is_published(client, settings):
    did = client.get("/.well-known/did.json").json()
    assert did["id"] == "did:web:academy.example.org"
    [method] = did["verificationMethod"]
    assert method["id"] == "did:web:academy.example.org#key-1"
    assert method["publicKeyJwk"]["crv"] == "Ed25519"
    assert did["assertionMethod"] == [method["id"]]
    [key] = client.get("/.well-known/jwks.json").json()["keys"]
    assert key["x"] == method["publicKeyJwk"]["x"] and key["kid"] == method["id"]
    assert "d" not in key and "d" not in method["publicKeyJwk"]  # never the private part
