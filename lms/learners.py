"""One way to create a learner account: sign-up and invitation acceptance both call it.

The user row, the password and the email address go through allauth's adapter and helpers, as
allauth's own sign-up form does; then the learner gets a profile in their city and the Learners
group.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from allauth.account.utils import setup_user_email, user_email
from django import forms
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import City, LearnerProfile
from .roles import LEARNERS

if TYPE_CHECKING:
    from django.contrib.auth.models import User


# The longest address the accounts keep: User.email, allauth's EmailAddress and Invitation.email are
# varchar(254), while Django's email validator accepts up to 320 characters (and allauth would cut
# the rest off silently).
MAX_EMAIL_LENGTH = 254
EMAIL_TOO_LONG = _("An email address can have at most 254 characters.")

# Letters that print as nothing (Hangul fillers): a name made of them is as blank as no name.
_INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0")


def _trim_format_characters(word: str) -> str:
    """`word` without the invisible format characters (zero-width spaces, BOMs, direction marks)
    at either end; inside a word they may matter (joiners in some scripts) and stay."""
    start, end = 0, len(word)
    while start < end and unicodedata.category(word[start]) == "Cf":
        start += 1
    while end > start and unicodedata.category(word[end - 1]) == "Cf":
        end -= 1
    return word[start:end]


def clean_full_name(value: str) -> str:
    """The name as certificates print it: NFC, single spaces, no invisible characters around words.

    Sign-up, the profile, invitations and their acceptance all use this rule, so that no account
    gets a certificate with a blank name. Raises ValidationError for control characters (a NUL
    byte cannot even be stored) or when no visible letter is left.
    """
    name = unicodedata.normalize("NFC", value)
    words = [_trim_format_characters(word) for word in name.split()]
    name = " ".join(word for word in words if word)
    if any(unicodedata.category(char) in ("Cc", "Co", "Cs") for char in name):
        raise ValidationError(
            _("The name contains characters that cannot be used (control characters)."),
            code="control_characters",
        )
    if not any(char.isalpha() and char not in _INVISIBLE_LETTERS for char in name):
        raise ValidationError(
            _("The name has no letters: write it as it should appear on certificates."),
            code="no_letters",
        )
    return name


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
