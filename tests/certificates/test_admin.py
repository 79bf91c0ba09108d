"""Trainers revoke (with a reason) and re-issue certificates in the Wagtail admin; it is logged."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group

from certificates import services
from certificates.models import Certificate
from lms.roles import TRAINERS
from tests import factories
from tests.certificates.factories import issue

pytestmark = pytest.mark.django_db


def _with_totp(user):
    # The admin gate sends staff without an authenticator to set one up first.
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return user


@pytest.fixture
def trainer_client(client, trainer):
    client.force_login(_with_totp(trainer))
    return client


@pytest.fixture
def certificate(learner, catalogue):
    module = factories.ModulePageFactory(parent=catalogue, number=1, title="Awareness")
    factories.ModulePageFactory(parent=catalogue, number=2)
    return issue(learner, module)


def test_trainers_hold_the_revoke_permission(trainer):
    assert Group.objects.get(name=TRAINERS).permissions.filter(codename="revoke_certificate")
    assert trainer.has_perm("certificates.revoke_certificate")


def test_trainer_lists_and_finds_certificates(
    trainer_client, certificate, django_assert_max_num_queries
):
    with django_assert_max_num_queries(30):
        response = trainer_client.get("/admin/certificates/")
    assert response.status_code == 200
    assert certificate.learner_name in response.content.decode()
    response = trainer_client.get("/admin/certificates/", {"q": certificate.code.lower()})
    assert certificate.learner_name in response.content.decode()
    response = trainer_client.get("/admin/certificates/", {"q": "nobody-like-this"})
    assert certificate.learner_name not in response.content.decode()


def test_revoke_needs_a_reason(trainer_client, certificate):
    url = f"/admin/certificates/{certificate.pk}/"
    response = trainer_client.post(url, {"action": "revoke", "reason": "   "})
    assert response.status_code == 200
    certificate.refresh_from_db()
    assert not certificate.is_revoked


def test_revoke_then_reissue(trainer_client, trainer, certificate, learner):
    url = f"/admin/certificates/{certificate.pk}/"
    response = trainer_client.post(url, {"action": "revoke", "reason": "Name misspelt"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.is_revoked and certificate.revoked_by == trainer
    assert certificate.revoked_reason == "Name misspelt"
    page = trainer_client.get(url).content.decode()
    assert "Name misspelt" in page and "Revoked" in page

    learner.learner_profile.full_name = "Ana María Pérez"
    learner.learner_profile.save()
    response = trainer_client.post(url, {"action": "reissue"})
    replacement = Certificate.objects.valid().get(user=learner)
    assert response["Location"] == f"/admin/certificates/{replacement.pk}/"
    assert replacement.code != certificate.code
    assert replacement.learner_name == "Ana María Pérez"
    assert (replacement.title, replacement.completed_on) == (
        certificate.title,
        certificate.completed_on,
    )
    assert replacement.credential and replacement.credential != certificate.credential
    # A second click re-issues nothing more; the old certificate stays revoked.
    trainer_client.post(url, {"action": "reissue"})
    assert Certificate.objects.filter(user=learner).count() == 2
    certificate.refresh_from_db()
    assert certificate.is_revoked
    history = trainer_client.get(url).content.decode()
    assert "Revoked" in history and "Re-issued" in history and trainer.username in history


def test_reissue_of_a_valid_certificate_is_refused(trainer_client, certificate):
    response = trainer_client.post(f"/admin/certificates/{certificate.pk}/", {"action": "reissue"})
    assert response.status_code == 302
    assert Certificate.objects.count() == 1


def test_service_refuses_a_blank_reason(certificate, trainer):
    with pytest.raises(ValueError):
        services.revoke(certificate, by=trainer, reason=" ")


def test_learners_and_city_leads_cannot_revoke(client, certificate, city):
    for user in (
        factories.LearnerFactory(),
        _with_totp(factories.CityLeadFactory(cities=[city])),
    ):
        client.force_login(user)
        response = client.post(
            f"/admin/certificates/{certificate.pk}/", {"action": "revoke", "reason": "x"}
        )
        assert response.status_code in {302, 403}
        certificate.refresh_from_db()
        assert not certificate.is_revoked
