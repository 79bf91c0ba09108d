import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy

from .resilience import shared_cache_is_down


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # Lazy: the message is read in the language of each request, not at import.
        "too_many_login_attempts": format_lazy(
            gettext_lazy(
                "Too many wrong passwords for this address. To protect the account, signing in "
                "is paused for up to {minutes} minutes. You can reset your password meanwhile."
            ),
            minutes=settings.LOGIN_LOCKOUT_SECONDS // 60,
        ),
    }

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """A password typed at sign-in counts as recent, like a reauthentication.

        allauth only counts an explicit reauthentication, so staff who go straight from signing
        in to setting up their authenticator (the admin requires one) were asked for their
        password a second time. After ACCOUNT_REAUTHENTICATION_TIMEOUT it is asked again.
        """
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        request = context.request
        if request is None or not request.user.is_authenticated:
            return True
        now = time.time()
        return not any(
            record.get("method") == "password"
            and now - record.get("at", 0) < account_settings.REAUTHENTICATION_TIMEOUT
            for record in get_authentication_records(request, request.user)
        )

    def pre_authenticate(self, request, **credentials) -> None:
        """Sign-in waits for Redis: without it the lockout after wrong passwords cannot hold."""
        if shared_cache_is_down():
            raise ValidationError(
                gettext(
                    "Signing in is paused for a moment while a service restarts. "
                    "Please try again in a minute."
                )
            )
        super().pre_authenticate(request, **credentials)

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
