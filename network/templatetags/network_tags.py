from __future__ import annotations

from django import template

register = template.Library()


@register.inclusion_tag("network/includes/route_card_status.html")
def route_card_status(city) -> dict:
    """For the city dashboard: whether the card is complete and when it was last reviewed."""
    from ..services import card_status

    return {"city": city, **card_status(city)}
