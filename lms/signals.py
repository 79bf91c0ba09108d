from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .middleware import PREFERRED_LANGUAGE_SESSION_KEY


@receiver(user_logged_in)
def remember_preferred_language(sender, request, user, **kwargs) -> None:
    """Keep the learner's language in the session so the middleware can restore it as a cookie."""
    profile = getattr(user, "learner_profile", None)
    if profile is not None and request is not None:
        request.session[PREFERRED_LANGUAGE_SESSION_KEY] = profile.preferred_language
