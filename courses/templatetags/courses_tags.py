"""Template side of the localisation rule (courses.localisation)."""

from __future__ import annotations

from django import template
from wagtail.models import Page

from courses.localisation import learner_url as _learner_url

register = template.Library()


@register.simple_tag(takes_context=True)
def learner_url(context: template.Context, page: Page) -> str:
    """Like Wagtail's `pageurl`, but the link keeps the reader's language (see the rule)."""
    return _learner_url(page, context.get("request"))
