"""Sign-up, email verification, login, password reset and the login lock-out, through HTTP."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from lms.models import LearnerProfile
from tests import factories

pytestmark = pytest.mark.django_db

SIGNUP_URL = "/en/accounts/signup/"
LOGIN_URL = "/en/accounts/login/"


def signup_data(the_city, **overrides):
    data = {
        "full_name": "  Maria   Papadopoulou ",
        "email": "maria@example.org",
        "city": the_city.pk,
        "profession": "youth_worker",
        "preferred_language": "el",
        "password1": "a-long-enough-passphrase",
        "password2": "a-long-enough-passphrase",
    }
    data.update(overrides)
    return data


def test_signup_creates_profile_and_sends_verification(client, city):
    response = client.post(SIGNUP_URL, signup_data(city))
    assert response.status_code == 302
    user = get_user_model().objects.get(email="maria@example.org")
    profile = LearnerProfile.objects.get(user=user)
    assert (profile.full_name, profile.city, profile.profession, profile.preferred_language) == (
        "Maria Papadopoulou",
        city,
        "youth_worker",
        "el",
    )
    assert user.groups.filter(name="Learners").exists()
    assert len(mail.outbox) == 1
    assert "maria@example.org" in mail.outbox[0].to


def test_email_verification_link_confirms_and_allows_login(client, city):
    client.post(SIGNUP_URL, signup_data(city))
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/", mail.outbox[0].body)
    assert link
    # Before verification, a login is held at the "verify your email" step.
    client.logout()
    response = client.post(
        LOGIN_URL, {"login": "maria@example.org", "password": "a-long-enough-passphrase"}
    )
    assert response.status_code == 302
    assert "confirm-email" in response["Location"]
    path = "/" + link.group(0).split("/", 3)[3]
    response = client.post(path)
    assert response.status_code == 302
    from allauth.account.models import EmailAddress

    assert EmailAddress.objects.get(email="maria@example.org").verified
    client.logout()
    response = client.post(
        LOGIN_URL, {"login": "maria@example.org", "password": "a-long-enough-passphrase"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/el/"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"city": "999999"}, "city", "Choose a city or region from the list."),
        ({"city": "not-a-number"}, "city", "Choose a city or region from the list."),
        ({"full_name": "x" * 151}, "full_name", "at most 150 characters"),
        ({"full_name": "   "}, "full_name", "required"),
        ({"preferred_language": "xx"}, "preferred_language", "Choose a language from the list."),
        ({"profession": "spy"}, "profession", "Choose a profession from the list."),
        ({"email": "not-an-email"}, "email", "valid email"),
    ],
)
def test_signup_rejects_bad_input_with_400_and_message(client, city, overrides, field, message):
    response = client.post(SIGNUP_URL, signup_data(city, **overrides))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not get_user_model().objects.filter(email="maria@example.org").exists()


def test_signup_rejects_inactive_city(client, city):
    city.is_active = False
    city.save()
    response = client.post(SIGNUP_URL, signup_data(city))
    assert response.status_code == 400


def test_signup_form_is_translated(client, city):
    response = client.get("/fr/accounts/signup/")
    assert response.status_code == 200
    assert 'lang="fr"' in response.content.decode()


def test_login_and_logout(client):
    user = factories.LearnerFactory(email="ana@example.org", username="ana")
    response = client.post(
        LOGIN_URL, {"login": "ana@example.org", "password": "correct horse battery staple"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    response = client.post("/en/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_wrong_password_is_a_400_with_message(client):
    factories.LearnerFactory(email="ana@example.org", username="ana")
    response = client.post(LOGIN_URL, {"login": "ana@example.org", "password": "wrong"})
    assert response.status_code == 400
    assert "not correct" in response.content.decode()


def test_five_wrong_passwords_lock_the_account_for_a_while(client):
    factories.LearnerFactory(email="ana@example.org", username="ana")
    for _ in range(5):
        response = client.post(LOGIN_URL, {"login": "ana@example.org", "password": "wrong"})
        assert response.status_code == 400
    # Even the right password is refused during the cool-down, with a clear message.
    response = client.post(
        LOGIN_URL, {"login": "ana@example.org", "password": "correct horse battery staple"}
    )
    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    assert "signing in is paused for up to 15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_message_is_translated(client):
    factories.LearnerFactory(email="ana@example.org", username="ana")
    for _ in range(6):
        response = client.post(
            "/fr/accounts/login/", {"login": "ana@example.org", "password": "wrong"}
        )
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()


def test_password_reset_flow(client):
    factories.LearnerFactory(email="ana@example.org", username="ana")
    response = client.post("/en/accounts/password/reset/", {"email": "ana@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+/", mail.outbox[0].body)
    path = "/" + link.group(0).split("/", 3)[3]
    response = client.get(path)  # allauth moves the key into the session and redirects
    assert response.status_code == 302
    set_password_url = response["Location"]
    response = client.post(
        set_password_url,
        {"password1": "a-brand-new-passphrase", "password2": "a-brand-new-passphrase"},
    )
    assert response.status_code == 302
    client.logout()
    response = client.post(
        LOGIN_URL, {"login": "ana@example.org", "password": "a-brand-new-passphrase"}
    )
    assert response.status_code == 302
    # The link has been used: opening it again is bad input, said with a 400.
    client.logout()
    response = client.get(path, follow=True)
    assert response.status_code == 400


def test_password_reset_with_mismatched_passwords_is_400(client):
    factories.LearnerFactory(email="ana@example.org", username="ana")
    client.post("/en/accounts/password/reset/", {"email": "ana@example.org"})
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+/", mail.outbox[0].body)
    response = client.get("/" + link.group(0).split("/", 3)[3])
    response = client.post(
        response["Location"], {"password1": "a-brand-new-passphrase", "password2": "different"}
    )
    assert response.status_code == 400


def test_a_wrong_second_factor_code_is_a_400(client):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user = factories.UserFactory(email="staff@example.org", username="staff")
    user.set_password("a-long-staff-passphrase")
    user.save()
    TOTP.activate(user, generate_totp_secret())
    response = client.post(
        LOGIN_URL, {"login": "staff@example.org", "password": "a-long-staff-passphrase"}
    )
    assert response.status_code == 302 and "/2fa/authenticate/" in response["Location"]
    response = client.post(response["Location"], {"code": "000000"})
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session
