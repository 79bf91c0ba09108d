"""Forms of the dashboards: enrolling learners, uploading invitations, accepting one."""

from __future__ import annotations

from uuid import UUID

from allauth.account.fields import PasswordField, SetPasswordField
from allauth.account.forms import PasswordVerificationMixin
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.learners import clean_full_name
from lms.models import Profession

from .enrolments import MAX_LEARNERS_PER_REQUEST
from .models import Invitation
from .professions import accepted_professions


class EnrolForm(forms.Form):
    module = forms.TypedChoiceField(label=gettext_lazy("Module"), coerce=UUID)
    learners = forms.TypedMultipleChoiceField(coerce=int, required=True)

    def __init__(self, *args, modules, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["module"].choices = [
            ("", gettext_lazy("Choose a module")),
            *((str(m.key), f"{m.number}. {m.title}") for m in modules),
        ]
        self.fields["learners"].error_messages["required"] = gettext_lazy(
            "Select at least one learner."
        )
        # Any integer is accepted here; the view checks each one against the city.
        self.fields["learners"].valid_value = lambda value: str(value).isdigit()

    def clean_learners(self):
        learners = self.cleaned_data["learners"]
        if len(learners) > MAX_LEARNERS_PER_REQUEST:
            raise forms.ValidationError(
                _("Select at most %(count)s learners at a time.")
                % {"count": MAX_LEARNERS_PER_REQUEST}
            )
        return sorted(set(learners))


class InvitationUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy(
            "First line: full_name,email,language,profession (language and profession are "
            "optional). One person per line, UTF-8."
        ),
    )

    module = forms.TypedChoiceField(
        label=gettext_lazy("Enrol in a module (optional)"),
        coerce=UUID,
        required=False,
        empty_value=None,
        help_text=gettext_lazy("Everyone in the file is enrolled in it when they accept."),
    )

    def __init__(self, *args, modules=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["module"].choices = [
            ("", gettext_lazy("No module")),
            *((str(m.key), f"{m.number}. {m.title}") for m in modules),
        ]
        # The accepted values, in the reader's language: leads should not have to guess codes.
        self.fields["file"].help_text = " ".join(
            [
                str(self.fields["file"].help_text),
                _("Language: %(codes)s.")
                % {"codes": ", ".join(code for code, _name in settings.LANGUAGES)},
                _(
                    "Profession: its name in any of the site's languages, or its code: "
                    "%(professions)s."
                )
                % {"professions": accepted_professions()},
            ]
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 1_000_000:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        return upload


class AcceptInvitationForm(PasswordVerificationMixin, forms.Form):
    """Name, profession and a password; the email address is the invitation's.

    The passwords are checked by allauth (its adapter's validators, and the same password twice),
    as on the sign-up page.
    """

    full_name = forms.CharField(
        label=gettext_lazy("Full name"),
        max_length=150,
        help_text=gettext_lazy("As it should appear on your certificates."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    profession = forms.ChoiceField(
        label=gettext_lazy("Profession"),
        choices=[("", gettext_lazy("Choose your profession")), *Profession.choices],
    )
    password1 = SetPasswordField(label=gettext_lazy("Password"))
    password2 = PasswordField(label=gettext_lazy("Password (again)"), autocomplete="new-password")

    def __init__(self, *args, invitation: Invitation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.invitation = invitation
        # The validators compare the password with the account-to-be (its email address).
        self.fields["password1"].user = get_user_model()(email=invitation.email)

    def clean_full_name(self) -> str:
        return clean_full_name(self.cleaned_data["full_name"])

    def clean(self):
        data = super().clean()
        data["email"] = self.invitation.email  # what allauth's save_user reads
        return data
