"""Sign-up and invitation acceptance make the same learner: both go through create_learner."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.test import Client

from lms.dashboards.models import Invitation

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-enough-passphrase"


def shape(user) -> dict:
    profile = user.learner_profile
    return {
        "profile": (
            profile.full_name,
            profile.city,
            profile.profession,
            profile.preferred_language,
        ),
        "groups": list(user.groups.values_list("name", flat=True)),
        "addresses": list(
            EmailAddress.objects.filter(user=user).values_list("email", "primary", "verified")
        ),
        "password": user.check_password(PASSWORD),
        "username": bool(user.username),
        "staff": (user.is_staff, user.is_superuser),
    }


def test_sign_up_and_invitation_make_the_same_learner(city):
    passwords = {"password1": PASSWORD, "password2": PASSWORD}
    person = {"full_name": "Maria  Papadopoulou", "profession": "youth_worker", **passwords}
    signing_up = Client()
    response = signing_up.post(
        "/el/accounts/signup/",
        {**person, "email": "signed@example.org", "city": city.pk, "preferred_language": "el"},
    )
    assert response.status_code == 302
    invitation = Invitation.objects.create(
        city=city, email="invited@example.org", full_name="Maria", language="el"
    )
    invited = Client()
    response = invited.post(f"/el/invitations/{invitation.token}/", person)
    assert response.status_code == 302 and response["Location"] == "/el/"

    users = get_user_model().objects
    signed_up = shape(users.get(email="signed@example.org"))
    accepted = shape(users.get(email="invited@example.org"))
    # The invitation's link reached the address, so it is verified; a sign-up waits for the email.
    assert signed_up.pop("addresses") == [("signed@example.org", True, False)]
    assert accepted.pop("addresses") == [("invited@example.org", True, True)]
    assert signed_up == accepted
    assert accepted == {
        "profile": ("Maria Papadopoulou", city, "youth_worker", "el"),
        "groups": ["Learners"],
        "password": True,
        "username": True,
        "staff": (False, False),
    }
    # Both went through allauth's sign-up flow: the verified invitee is signed in, the other
    # waits for the confirmation email.
    assert "_auth_user_id" in invited.session and "_auth_user_id" not in signing_up.session
