"""The lesson edit form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

REOPEN_FIELD = "reopen_completed"


class LessonPageForm(WagtailAdminPageForm):
    """The lesson edit form, with the trainer's choice about learners who already completed.

    `reopen_completed` is not stored on the page: the learning journey, which owns completions,
    reads it from the published form in its `after_publish_page` hook
    (lms/learning/wagtail_hooks.py).
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
