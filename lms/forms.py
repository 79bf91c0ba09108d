from __future__ import annotations

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .learners import (
    EMAIL_TOO_LONG,
    MAX_EMAIL_LENGTH,
    LearnerDetails,
    clean_full_name,
    create_learner,
)
from .models import City, LearnerProfile, Profession
from .services import change_city


class SignupForm(AllauthSignupForm):
    """Sign-up asks for what learning needs: a name for certificates, city, profession, language."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        help_text=_("As it should appear on your certificates."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    city = forms.ModelChoiceField(
        label=_("City or region"),
        queryset=City.objects.filter(is_active=True),
        empty_label=_("Choose your city or region"),
        error_messages={"invalid_choice": _("Choose a city or region from the list.")},
    )
    profession = forms.ChoiceField(
        label=_("Profession"),
        choices=[("", _("Choose your profession")), *Profession.choices],
        error_messages={"invalid_choice": _("Choose a profession from the list.")},
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=settings.LANGUAGES,
        error_messages={"invalid_choice": _("Choose a language from the list.")},
    )

    field_order = [
        "full_name",
        "email",
        "city",
        "profession",
        "preferred_language",
        "password1",
        "password2",
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].initial = get_language()
        # Django's validator allows 320 characters; the account keeps 254 (allauth would cut the
        # rest off silently), so a longer address is refused before allauth sees it.
        email = self.fields["email"]
        email.max_length = MAX_EMAIL_LENGTH
        email.validators.append(MaxLengthValidator(MAX_EMAIL_LENGTH, message=EMAIL_TOO_LONG))
        email.widget.attrs["maxlength"] = str(MAX_EMAIL_LENGTH)

    def clean_full_name(self) -> str:
        return clean_full_name(self.cleaned_data["full_name"])

    def save(self, request):
        """The learner's account, through the one service that creates learners."""
        if self.account_already_exists:  # allauth's guard: try_save mails the owner instead
            raise ValueError(self.cleaned_data.get("email"))
        data = self.cleaned_data
        details = LearnerDetails(
            full_name=data["full_name"],
            city=data["city"],
            profession=data["profession"],
            preferred_language=data["preferred_language"],
        )
        return create_learner(request, self, details)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = LearnerProfile
        fields = ["full_name", "city", "profession", "preferred_language"]

    def clean_full_name(self) -> str:
        return clean_full_name(self.cleaned_data["full_name"])

    def save(self, commit: bool = True) -> LearnerProfile:
        """Save the profile; a new city takes the learner's progress with it (see change_city)."""
        profile = super().save(commit=commit)
        if commit and "city" in self.changed_data:
            change_city(profile, profile.city)
        return profile


class DeleteAccountForm(forms.Form):
    """Asks for the password again: erasing an account cannot be undone."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password
