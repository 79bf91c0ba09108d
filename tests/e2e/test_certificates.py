"""Certificate pages in a browser: accessible (axe, WCAG 2.1 AA) and usable by keyboard."""

import pytest

from certificates import services, signing
from tests import factories
from tests.certificates.factories import issue
from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def certificates(settings):
    settings.CERTIFICATE_SIGNING_KEY = signing.generate_pem()
    catalogue = factories.catalogue()
    module = factories.ModulePageFactory(parent=catalogue, title="Awareness-raising", number=1)
    other = factories.ModulePageFactory(parent=catalogue, title="Cooperation", number=2)
    city = factories.CityFactory(name="Liège", slug="liege")
    learner = factories.LearnerFactory(
        email="ana@example.org",
        username="ana",
        profile__city=city,
        profile__full_name="Ana <b>Pérez</b>",
    )
    ready = issue(learner, module)
    services.render_certificate(ready.pk)
    revoked = issue(learner, other)
    trainer = factories.TrainerFactory()
    services.revoke(revoked, by=trainer, reason="Issued by mistake")
    return learner, ready, revoked


@pytest.mark.parametrize("language", ["en", "el"])
def test_verification_pages_are_accessible(live_server, page, axe, certificates, language):
    _learner, ready, revoked = certificates
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    for path in [
        f"/verify/{ready.display_code}/",
        f"/verify/{revoked.code.lower()}/",
        "/verify/",
        f"/{language}/verify/{'A' * 32}/",
    ]:
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == language
        assert_accessible(axe, page)
    page.goto(live_server.url + f"/verify/{ready.display_code}/")
    assert page.locator(".learner-name").inner_text() == "Ana <b>Pérez</b>"


def test_a_code_typed_by_keyboard_opens_its_page(live_server, page, certificates):
    _learner, ready, _revoked = certificates
    page.goto(live_server.url + "/verify/")
    page.focus("#id_code")
    page.keyboard.type(ready.code.lower())
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + f"/verify/{ready.display_code}/")
    assert "Valid" in page.locator(".verification-status").inner_text()


def test_a_malformed_code_is_explained_accessibly(live_server, page, axe, certificates):
    page.goto(live_server.url + "/verify/?code=hello")
    assert "32 letters" in page.locator(".error").inner_text()
    assert_accessible(axe, page)


def test_my_certificates_page_is_accessible(live_server, page, axe, certificates):
    learner, ready, _revoked = certificates
    page.goto(live_server.url + "/en/accounts/login/")
    page.fill("input[name=login]", learner.email)
    page.fill("input[name=password]", "correct horse battery staple")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(live_server.url + "/en/certificates/")
    assert page.locator(f"a[href='/en/certificates/{ready.code}/pdf/']").count() == 1
    assert page.locator(".status-revoked").count() == 1
    assert_accessible(axe, page)
    page.goto(live_server.url + "/en/my-learning/")
    assert page.locator(f"a[href='/en/certificates/{ready.code}/pdf/']").count() == 1
    assert_accessible(axe, page)
