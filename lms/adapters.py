from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request) -> str:
        """After signing in, a learner lands in their own language."""
        profile = getattr(request.user, "learner_profile", None)
        language = profile.preferred_language if profile else translation.get_language()
        with translation.override(language):
            return reverse("wagtail_serve", args=("",))

    def get_signup_redirect_url(self, request) -> str:
        """A learner signed in straight after signing up (an invitation) lands the same way."""
        if request.user.is_authenticated:
            return self.get_login_redirect_url(request)
        return super().get_signup_redirect_url(request)

    def format_email_subject(self, subject: str) -> str:
        return f"[{gettext('LIAISE Academy')}] {subject}"
