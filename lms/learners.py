"""One way to create a learner account: sign-up and invitation acceptance both call it.

The user row, the password and the email address go through allauth's adapter and helpers, as
allauth's own sign-up form does; then the learner gets a profile in their city and the Learners
group.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from allauth.account.utils import setup_user_email, user_email
from django import forms
from django.contrib.auth.models import Group
from django.http import HttpRequest

from .models import City, LearnerProfile
from .roles import LEARNERS

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@dataclass(frozen=True)
class LearnerDetails:
    """Besides the account: the name on certificates, the city, the profession, the language."""

    full_name: str
    city: City
    profession: str
    preferred_language: str


def create_learner(request: HttpRequest, form: forms.Form, details: LearnerDetails) -> User:
    """Save a new learner from a valid form holding allauth's sign-up data (`email`, `password1`).

    The email address is verified when allauth already holds it as verified (an invitation
    stashes it with `stash_verified_email`); otherwise allauth's sign-up flow sends the
    confirmation email.
    """
    adapter = get_adapter(request)
    user = cast("User", adapter.new_user(request))  # AUTH_USER_MODEL is Django's User
    adapter.save_user(request, user, form)
    email = user_email(user)
    setup_user_email(request, user, [EmailAddress(email=email)] if email else [])
    LearnerProfile.objects.create(
        user=user,
        full_name=details.full_name,
        city=details.city,
        profession=details.profession,
        preferred_language=details.preferred_language,
    )
    user.groups.add(*Group.objects.filter(name=LEARNERS))
    return user
