"""Wagtail admin hooks of the learning journey."""

from __future__ import annotations

from wagtail import hooks

from courses.models import LessonPage
from courses.programme import module_key_of

from .forms import REOPEN_FIELD
from .services import refresh_module_totals


@hooks.register("after_publish_page")
def reopen_completed_modules(request, page) -> None:
    """The trainer ticked "reopen completed modules" when publishing a required lesson."""
    page = page.specific
    if not isinstance(page, LessonPage) or not page.required or not page.live:
        return
    if request.POST.get(REOPEN_FIELD) not in ("on", "true", "1"):
        return
    module_key = module_key_of(page)
    if module_key is not None:
        refresh_module_totals(module_key, reopen_completed=True)
