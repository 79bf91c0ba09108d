"""The public verification forms: type a code, or upload a credential file."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .credentials import MAX_UPLOAD_BYTES
from .models import CODE_LENGTH, normalise_code

CODE_ALPHABET = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Certificate code"),
        max_length=80,
        help_text=_(
            "As printed on the certificate, e.g. ABCD-EFGH-… (case and dashes do not matter)."
        ),
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if len(code) != CODE_LENGTH or not set(code) <= CODE_ALPHABET:
            raise forms.ValidationError(
                _("A certificate code has 32 letters and digits (2 to 7). Check what you typed.")
            )
        return code


class CredentialUploadForm(forms.Form):
    credential = forms.FileField(
        label=_("Credential file"),
        help_text=_("The .json file downloaded from LIAISE Academy (Open Badges 3.0 credential)."),
    )

    def clean_credential(self):
        upload = self.cleaned_data["credential"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("This file is too large to be a credential."))
        return upload
