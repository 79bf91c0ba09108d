"""`{% learner_certificates as certificates %}`: the signed-in learner's certificates."""

from __future__ import annotations

from django import template

from certificates.models import Certificate

register = template.Library()


@register.simple_tag(takes_context=True)
def learner_certificates(context) -> list[Certificate]:
    """Newest first, valid before revoked; one query, usable from any learner template."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    return list(
        Certificate.objects.owned_by(user).order_by(
            "revoked_at", "kind", "module_number", "-issued_at"
        )
    )
