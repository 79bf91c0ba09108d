"""Names and email addresses that look fine to a form but break what is stored or printed:
an email longer than the database keeps, a name of invisible characters (a blank certificate).
Sign-up, the profile page and an invitation's acceptance refuse them with a clear message."""

import pytest
from django.contrib.auth import get_user_model

from lms.dashboards.models import Invitation
from lms.models import LearnerProfile
from tests import factories

from .test_accounts import SIGNUP_URL, signup_data

pytestmark = pytest.mark.django_db

LONG_EMAIL = "a" * 64 + "@" + ".".join(["b" * 60] * 3 + ["c" * 48, "org"])  # 300: valid
BLANK_NAMES = [
    "\u200b\u200b\u200b",  # zero-width spaces
    "\u200b \u200c\u2060 \ufeff",  # zero-width characters and whitespace
    "\u3164\u3164",  # Hangul fillers: letters that print as nothing
    "\u202e\u200f",  # bidirectional controls
]


def test_a_300_character_email_is_refused_not_cut(client, city):
    assert len(LONG_EMAIL) == 300
    response = client.post(SIGNUP_URL, signup_data(city, email=LONG_EMAIL))
    assert response.status_code == 400
    assert "254 characters" in " ".join(response.context["form"].errors["email"])
    assert not get_user_model().objects.filter(email__startswith="a" * 64).exists()


def test_an_email_of_254_characters_is_accepted(client, city):
    email = "a" * 64 + "@" + ".".join(["b" * 60] * 3 + ["cc", "org"])
    assert len(email) == 254
    response = client.post(SIGNUP_URL, signup_data(city, email=email))
    assert response.status_code == 302
    assert get_user_model().objects.get(email=email)


@pytest.mark.parametrize("name", BLANK_NAMES)
def test_signup_refuses_a_name_without_visible_letters(client, city, name):
    response = client.post(SIGNUP_URL, signup_data(city, full_name=name))
    assert response.status_code == 400
    assert "no letters" in " ".join(response.context["form"].errors["full_name"])
    assert not LearnerProfile.objects.exists()


def test_signup_refuses_control_characters_in_a_name(client, city):
    response = client.post(SIGNUP_URL, signup_data(city, full_name="Maria\x07 Pap"))
    assert response.status_code == 400
    assert "cannot be used" in " ".join(response.context["form"].errors["full_name"])


def test_signup_trims_invisible_characters_around_the_words(client, city):
    name = "\u200bMaria\u200b \u200b Papadopoulou\ufeff"
    response = client.post(SIGNUP_URL, signup_data(city, full_name=name))
    assert response.status_code == 302
    assert LearnerProfile.objects.get().full_name == "Maria Papadopoulou"


@pytest.mark.parametrize("name", BLANK_NAMES[:2])
def test_profile_refuses_a_name_without_visible_letters(client, city, name):
    learner = factories.LearnerFactory(profile__city=city, profile__full_name="Old Name")
    client.force_login(learner)
    data = {
        "full_name": name,
        "city": city.pk,
        "profession": "teacher",
        "preferred_language": "en",
    }
    response = client.post("/en/accounts/profile/", data)
    assert response.status_code == 400
    assert "no letters" in response.content.decode()
    assert LearnerProfile.objects.get(user=learner).full_name == "Old Name"


def test_accepting_an_invitation_refuses_a_blank_name(client, city):
    invitation = Invitation.objects.create(city=city, email="anna@example.org", full_name="Anna")
    data = {
        "full_name": "\u200b\u200b",
        "profession": "teacher",
        "password1": "a long passphrase 42",
        "password2": "a long passphrase 42",
    }
    response = client.post(f"/en/invitations/{invitation.token}/", data)
    assert response.status_code == 400
    assert "no letters" in response.content.decode()
    assert not LearnerProfile.objects.exists()
