"""`{% module_sessions page %}`: the "Training sessions" section of a module page."""

from django import template

from ..queries import sessions_for_module

register = template.Library()


@register.inclusion_tag("training_sessions/includes/module_sessions.html", takes_context=True)
def module_sessions(context, page) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    from django.contrib.auth.models import AnonymousUser

    return {
        "session_items": sessions_for_module(user or AnonymousUser(), page.translation_key),
        "request": request,
        "user": user,
    }
