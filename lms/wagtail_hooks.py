"""Admin hooks of the accounts app: staff avatars are initials (lms.avatars), never Gravatar."""

from __future__ import annotations

from wagtail import hooks

from .avatars import initials_avatar_url


@hooks.register("get_avatar_url")
def initials_avatar(user, size):
    if user is None:  # an entry of the history with no author (system, or an erased account)
        return None
    # An avatar a person uploaded in their account settings still wins (Wagtail's profile is
    # loaded for the admin's own user anyway; for others this costs no query when absent).
    profile = user._state.fields_cache.get("wagtail_userprofile")
    if profile is not None and profile.avatar:
        return None
    return initials_avatar_url(user, size)
