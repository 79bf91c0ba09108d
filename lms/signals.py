from allauth.mfa.signals import authenticator_removed
from django.contrib.auth.signals import user_logged_in
from django.dispatch import Signal, receiver

from .middleware import ADMIN_GATE_SESSION_KEY, PREFERRED_LANGUAGE_SESSION_KEY

# A learner moved to another city (lms.services.change_city): sent inside that transaction, with
# `profile` and `city`, so that the apps above (the learning journey's progress rows) follow.
learner_city_changed = Signal()

# A learner is erasing their account (lms.services.delete_account): sent inside that transaction,
# before the account row goes, with `user`, so that every app erases or anonymises what it keeps
# about them (rows that do not cascade, aggregates kept without the person, log entries).
account_erasing = Signal()


@receiver(user_logged_in)
def remember_preferred_language(sender, request, user, **kwargs) -> None:
    """Keep the learner's language in the session so the middleware can restore it as a cookie."""
    profile = getattr(user, "learner_profile", None)
    if profile is not None and request is not None:
        request.session[PREFERRED_LANGUAGE_SESSION_KEY] = profile.preferred_language


@receiver(authenticator_removed)
def forget_admin_gate(sender, request, user, authenticator, **kwargs) -> None:
    """Without a TOTP authenticator the admin gate must stop this session again."""
    if request is not None and hasattr(request, "session"):
        request.session.pop(ADMIN_GATE_SESSION_KEY, None)
