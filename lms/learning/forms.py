"""Admin form additions for the learning journey."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

REOPEN_FIELD = "reopen_completed"


class LessonPageForm(WagtailAdminPageForm):
    """The lesson edit form, with the trainer's choice about learners who already completed.

    `reopen_completed` is not stored on the page: the `after_publish_page` hook in
    wagtail_hooks.py reads it from the published form.
    """

    reopen_completed = forms.BooleanField(
        label=_("Reopen completed modules for learners"),
        required=False,
        initial=False,
        help_text=_(
            "When you publish a new required lesson, learners who already completed the module "
            "keep their completion unless you tick this: then they are moved back to "
            "“in progress” until they have done this lesson too."
        ),
    )
