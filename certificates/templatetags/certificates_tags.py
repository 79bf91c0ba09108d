"""`{% learner_certificates as certificates %}`: the signed-in learner's certificates."""

from __future__ import annotations

from django import template
from django.db.models import F

from certificates.models import Certificate

register = template.Library()


@register.simple_tag(takes_context=True)
def learner_certificates(context) -> list[Certificate]:
    """Newest first, valid before revoked; one query, usable from any learner template."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    valid_first = F("revoked_at").asc(nulls_first=True)
    return list(
        Certificate.objects.owned_by(user).order_by(valid_first, "kind", "module_number", "-pk")
    )
