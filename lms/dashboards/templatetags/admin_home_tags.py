"""For the admin home template (templates/wagtailadmin/home.html)."""

from __future__ import annotations

from django import template
from wagtail.admin.auth import user_has_any_page_permission

register = template.Library()


@register.simple_tag(takes_context=True)
def can_search_pages(context) -> bool:
    """Whether the "Search all pages" box can find anything for this user (leads: no)."""
    return user_has_any_page_permission(context["request"].user)
