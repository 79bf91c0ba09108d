from django import template
from django.conf import settings
from django.utils.translation import get_language

register = template.Library()


@register.inclusion_tag("lms/language_switcher.html", takes_context=True)
def language_switcher(context) -> dict:
    # The switcher finds the same page from the address alone (lms.language_switch).
    return {
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
        "languages": settings.LANGUAGES,
        "current": get_language(),
    }


@register.filter
def is_staff_role(user) -> bool:
    """Trainers, city leads and coordinators (lms.roles): the people the admin is for."""
    from lms.roles import is_staff_role as _is_staff_role

    return bool(user and user.is_authenticated and _is_staff_role(user))
