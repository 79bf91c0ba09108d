from __future__ import annotations

from django import template

register = template.Library()


@register.inclusion_tag("network/includes/practices_on_topic.html", takes_context=True)
def practices_on_topic(context, module_number: int, limit: int = 3) -> dict:
    """ "Practices on this topic" for a module page (one query)."""
    from ..services import practices_for_module

    return {
        "practices": practices_for_module(module_number, limit),
        "request": context.get("request"),
    }


@register.inclusion_tag("network/includes/route_card_status.html")
def route_card_status(city) -> dict:
    """For the city dashboard: whether the card is complete and when it was last reviewed."""
    from ..services import card_status

    return {"city": city, **card_status(city)}
