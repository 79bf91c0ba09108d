"""Keep lessons_total right when trainers publish, unpublish or delete a lesson."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete
from wagtail.signals import page_published, page_unpublished

from courses.models import LessonPage
from courses.programme import module_key_of

from .services import refresh_module_totals


def lesson_changed(sender, instance: LessonPage, **kwargs) -> None:
    """A lesson went live, offline or away: recount every learner's required lessons.

    Runs after the commit so that the recount sees the page's new state. Completions stand here;
    reopening is the trainer's explicit choice (wagtail_hooks.reopen_completed_modules).
    """
    module_key = module_key_of(instance)
    if module_key is not None:
        transaction.on_commit(lambda: refresh_module_totals(module_key))


def connect() -> None:
    page_published.connect(lesson_changed, sender=LessonPage, dispatch_uid="learning-published")
    page_unpublished.connect(lesson_changed, sender=LessonPage, dispatch_uid="learning-unpublished")
    post_delete.connect(lesson_changed, sender=LessonPage, dispatch_uid="learning-deleted")
