"""Who may enter the Wagtail admin, and the two-factor rule for staff."""

import pytest
from allauth.mfa.models import Authenticator

from tests import factories

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_learner_cannot_reach_admin(client, learner):
    client.force_login(learner)
    for path in ("/admin/", "/admin/pages/", "/admin/users/"):
        response = client.get(path)
        assert response.status_code == 403
        assert "You do not have permission" in response.content.decode()


@pytest.mark.parametrize(
    "factory", [factories.TrainerFactory, factories.CityLeadFactory, factories.CoordinatorFactory]
)
def test_staff_without_totp_is_sent_to_set_it_up(client, factory):
    user = factory()
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].endswith("/accounts/2fa/totp/activate/")


def test_staff_with_totp_reaches_admin(client):
    user = factories.TrainerFactory()
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200


def test_the_gate_checks_once_per_session_and_again_after_removing_totp(client):
    from allauth.mfa.signals import authenticator_removed
    from django.test import RequestFactory

    user = factories.TrainerFactory()
    authenticator = Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    client.force_login(user)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/").status_code == 200

    # Removing the authenticator (allauth sends the signal) puts the gate back in place.
    request = RequestFactory().get("/")
    request.session = client.session
    authenticator.delete()
    authenticator_removed.send(
        sender=Authenticator, request=request, user=user, authenticator=authenticator
    )
    request.session.save()
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].endswith("/accounts/2fa/totp/activate/")


def test_roles_have_their_permissions(db):
    trainer = factories.TrainerFactory()
    lead = factories.CityLeadFactory()
    coordinator = factories.CoordinatorFactory()
    learner = factories.LearnerFactory()
    assert trainer.has_perm("wagtailadmin.access_admin")
    assert lead.has_perm("lms.view_city_dashboard")
    assert not lead.has_perm("lms.view_network_dashboard")
    assert coordinator.has_perm("lms.view_network_dashboard")
    assert not learner.has_perm("wagtailadmin.access_admin")


def test_staff_are_not_asked_for_their_password_again_right_after_signing_in(client, monkeypatch):
    """Sign in, open the admin, set up the authenticator: no second password prompt; once the
    sign-in is older than allauth's reauthentication timeout, the password is asked again."""
    import time

    from allauth.account import app_settings as account_settings

    factories.catalogue()
    factories.TrainerFactory(username="fresh", email="fresh@example.org")
    response = client.post(
        "/en/accounts/login/",
        {"login": "fresh@example.org", "password": "correct horse battery staple"},
    )
    assert response.status_code == 302
    gate = client.get("/admin/")
    assert gate["Location"] == "/en/accounts/2fa/totp/activate/"
    activate = client.get(gate["Location"])
    assert activate.status_code == 200, activate.get("Location")
    later = time.time() + account_settings.REAUTHENTICATION_TIMEOUT + 1
    monkeypatch.setattr(time, "time", lambda: later)
    assert "/reauthenticate/" in client.get(gate["Location"])["Location"]
