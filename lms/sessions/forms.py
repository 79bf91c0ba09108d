"""Learner-facing forms: the filters of the sessions list and the check-in code."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lms.models import City, Country

from .models import CODE_LENGTH


class SessionFilterForm(forms.Form):
    module = forms.ChoiceField(label=_("Module"), required=False)
    country = forms.ChoiceField(
        label=_("Country"), required=False, choices=[("", _("Any country")), *Country.choices]
    )
    city = forms.ModelChoiceField(
        label=_("City or region"),
        required=False,
        queryset=City.objects.filter(is_active=True),
        to_field_name="slug",
        empty_label=_("Any city"),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("Any language")), *settings.LANGUAGES],
    )
    starting = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: upcoming sessions."),
    )

    def __init__(self, *args, modules=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["module"].choices = [("", _("Any module"))] + [
            (str(key), title) for key, title in modules
        ]


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Check-in code"),
        max_length=CODE_LENGTH + 4,
        help_text=_("The code your trainer shows during the session."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
