"""PDFs and credentials are private: the owner and staff with permission, nobody else."""

import json

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Permission

from certificates import services
from certificates.models import Certificate
from tests import factories
from tests.certificates.factories import issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(learner, module_page):
    certificate = issue(learner, module_page)
    services.render_certificate(certificate.pk)
    certificate.refresh_from_db()
    return certificate


def test_owner_downloads_the_pdf(learner_client, certificate):
    response = learner_client.get(f"/en/certificates/{certificate.code}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_another_learner_gets_404(client, other_learner, certificate):
    client.force_login(other_learner)
    assert client.get(f"/en/certificates/{certificate.code}/pdf/").status_code == 404
    assert client.get(f"/en/certificates/{certificate.code}/credential.json").status_code == 404


def test_a_trainer_without_the_permission_gets_404(client, trainer, certificate):
    client.force_login(trainer)
    assert client.get(f"/en/certificates/{certificate.code}/pdf/").status_code == 404


def test_staff_with_permission_and_a_second_factor_may_download(client, certificate):
    staff = factories.UserFactory()
    staff.user_permissions.add(Permission.objects.get(codename="download_any_certificate"))
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(staff)
    assert client.get(f"/en/certificates/{certificate.code}/pdf/").status_code == 200
    assert client.get(f"/en/certificates/{certificate.code}/credential.json").status_code == 200


@pytest.mark.parametrize("kind", ["superuser", "permission"])
def test_staff_without_a_second_factor_cannot_download_others(client, certificate, kind):
    staff = factories.UserFactory(is_superuser=kind == "superuser", is_staff=kind == "superuser")
    if kind == "permission":
        staff.user_permissions.add(Permission.objects.get(codename="download_any_certificate"))
    client.force_login(staff)
    assert client.get(f"/en/certificates/{certificate.code}/pdf/").status_code == 404
    assert client.get(f"/en/certificates/{certificate.code}/credential.json").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, certificate):
    response = client.get(f"/en/certificates/{certificate.code}/pdf/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_pdf_not_ready_yet_explains(learner_client, learner, catalogue):
    pending = issue(learner, factories.ModulePageFactory(parent=catalogue, number=2))
    response = learner_client.get(f"/en/certificates/{pending.code}/pdf/", follow=True)
    assert "being prepared" in response.content.decode()


def test_revoked_certificate_cannot_be_downloaded(learner_client, certificate, trainer):
    services.revoke(certificate, by=trainer, reason="Mistake")
    response = learner_client.get(f"/en/certificates/{certificate.code}/pdf/", follow=True)
    assert "was revoked" in response.content.decode()


def test_owner_downloads_the_credential(learner_client, certificate):
    response = learner_client.get(f"/en/certificates/{certificate.code}/credential.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    document = json.loads(response.content)
    assert document["type"] == "EnvelopedVerifiableCredential"
    assert document["id"] == "data:application/vc+jwt," + certificate.credential


def test_list_of_my_certificates(
    learner_client, learner, certificate, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = learner_client.get("/en/certificates/")
    content = response.content.decode()
    assert response.status_code == 200
    assert f"/en/certificates/{certificate.code}/pdf/" in content
    assert f"/en/certificates/{certificate.code}/credential.json" in content
    assert f"/verify/{certificate.display_code}/" in content
    # The programme certificate (the catalogue's only module) is still being prepared.
    assert Certificate.objects.filter(user=learner).count() == 2
    assert "Being prepared" in content


def test_list_shows_only_my_certificates(client, other_learner, certificate):
    client.force_login(other_learner)
    content = client.get("/en/certificates/").content.decode()
    assert certificate.code not in content
    assert "no certificates yet" in content


def test_erasing_the_account_deletes_the_pdf_file(
    learner, certificate, django_capture_on_commit_callbacks
):
    storage, name = certificate.pdf.storage, certificate.pdf.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        learner.delete()
    assert not Certificate.objects.filter(pk=certificate.pk).exists()
    assert not storage.exists(name)


def test_list_puts_valid_certificates_before_revoked_ones(
    learner_client, learner, certificate, trainer, catalogue
):
    later = issue(learner, factories.ModulePageFactory(parent=catalogue, number=2))
    services.revoke(certificate, by=trainer, reason="Mistake")
    content = learner_client.get("/en/certificates/").content.decode()
    assert content.index(later.display_code) < content.index(certificate.display_code)


def test_my_learning_lists_certificates_with_their_links(learner_client, certificate):
    response = learner_client.get("/en/my-learning/")
    content = response.content.decode()
    assert response.status_code == 200
    assert f"/en/certificates/{certificate.code}/pdf/" in content
    assert f"/verify/{certificate.display_code}/" in content
