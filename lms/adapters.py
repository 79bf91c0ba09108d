from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request) -> str:
        """After signing in, a learner lands in their own language."""
        profile = getattr(request.user, "learner_profile", None)
        language = profile.preferred_language if profile else translation.get_language()
        with translation.override(language):
            return reverse("wagtail_serve", args=("",))
