"""Authentication backends that read the learner profile and city together with the user.

Every signed-in page asks whether the user is a learner (for the header's links and the learning
panel), and every record of learning is stamped with the learner's city, so reading both with the
user saves statements on each request. Django's and allauth's backends are otherwise unchanged.
"""

from __future__ import annotations

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.contrib.auth.base_user import AbstractBaseUser


def _user_with_profile(backend: DjangoModelBackend, user_id) -> AbstractBaseUser | None:
    user_model = get_user_model()
    try:
        user = user_model._default_manager.select_related("learner_profile__city").get(pk=user_id)
    except user_model.DoesNotExist:
        return None
    return user if backend.user_can_authenticate(user) else None


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id) -> AbstractBaseUser | None:
        return _user_with_profile(self, user_id)


class AuthenticationBackend(AllauthBackend):
    def get_user(self, user_id) -> AbstractBaseUser | None:
        return _user_with_profile(self, user_id)
