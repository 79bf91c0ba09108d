"""Authentication backends that read the learner profile and city together with the user.

Every signed-in page asks whether the user is a learner (for the header's links and the learning
panel), and every record of learning is stamped with the learner's city, so reading both with the
user saves statements on each request. Django's and allauth's backends are otherwise unchanged.

The user, profile and city are also kept in the cache (beside the sessions, which are bearer
credentials and as sensitive) under the user's id: a signed-in page then reads its user with one
cache lookup instead of a query that cost it more CPU than anything else it did. The copy is
stored as read from the database, before anything asked it for permissions, and is dropped
whenever the user, their profile or their city is saved or deleted (at once and again on commit,
so no request re-stores the old row in between); entries also expire after
`USER_CACHE_SECONDS`, which bounds a change made while Redis was unreachable. Django still checks
the session's password hash against the copy, so a changed password signs out other sessions.
"""

from __future__ import annotations

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from .models import City, LearnerProfile

_CHUNK = 1000


def user_cache_key(user_id: object) -> str:
    return f"auth-user:{user_id}"


def _timeout() -> int:
    return int(getattr(settings, "USER_CACHE_SECONDS", 300))


def _read_user(user_id) -> AbstractBaseUser | None:
    user_model = get_user_model()
    key, timeout = user_cache_key(user_id), _timeout()
    if timeout > 0 and (user := cache.get(key)) is not None:
        return user
    try:
        user = user_model._default_manager.select_related("learner_profile__city").get(pk=user_id)
    except (user_model.DoesNotExist, ValueError, TypeError):
        return None
    if timeout > 0:
        cache.set(key, user, timeout)
    return user


def _user_with_profile(backend: DjangoModelBackend, user_id) -> AbstractBaseUser | None:
    user = _read_user(user_id)
    return user if user is not None and backend.user_can_authenticate(user) else None


def forget_users(user_ids: list) -> None:
    """Drop the kept copies of these users, now and when the current transaction commits."""
    keys = [user_cache_key(user_id) for user_id in user_ids]
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        cache.delete_many(chunk)
        transaction.on_commit(lambda chunk=chunk: cache.delete_many(chunk))


def _on_change(sender: type, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, get_user_model()):
        forget_users([instance.pk])
    elif isinstance(instance, LearnerProfile):
        forget_users([instance.user_id])
    elif isinstance(instance, City) and instance.pk is not None:
        forget_users(
            list(LearnerProfile.objects.filter(city=instance).values_list("user_id", flat=True))
        )


def connect_signals() -> None:
    """Called from LmsConfig.ready."""
    for model in (get_user_model(), LearnerProfile, City):
        post_save.connect(
            _on_change, sender=model, dispatch_uid=f"user-cache-save-{model.__name__}"
        )
        post_delete.connect(
            _on_change, sender=model, dispatch_uid=f"user-cache-del-{model.__name__}"
        )


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id) -> AbstractBaseUser | None:
        return _user_with_profile(self, user_id)


class AuthenticationBackend(AllauthBackend):
    def get_user(self, user_id) -> AbstractBaseUser | None:
        return _user_with_profile(self, user_id)
