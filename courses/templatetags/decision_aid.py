"""`{% decision_aid %}`: the course's decision aid wherever a template needs it (quiz feedback)."""

from django import template

from courses.models import DecisionAid

register = template.Library()


@register.inclusion_tag("courses/blocks/decision_aid.html")
def decision_aid() -> dict:
    return {"aid": DecisionAid.for_current_language()}
