"""What a module asks of a learner: its required lessons and its end-of-module quiz.

The source-language pages are authoritative (`required` and the quiz's `purpose` are synchronised
to every translation), and everything is returned as translation keys, so the answer is the same
whatever language the learner reads in.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.conf import settings

from courses.models import LessonPage, ModulePage


@dataclass(frozen=True)
class ModuleStructure:
    module: ModulePage
    required_lesson_keys: frozenset[uuid.UUID]
    quiz_key: uuid.UUID | None

    @property
    def key(self) -> uuid.UUID:
        return self.module.translation_key

    @property
    def lessons_total(self) -> int:
        return len(self.required_lesson_keys)


def source_module(module_key) -> ModulePage | None:
    """The module's page in the source language (or its oldest copy when that one is missing)."""
    pages = list(
        ModulePage.objects.filter(translation_key=module_key)
        .select_related("locale")
        .order_by("id")
    )
    return next(
        (page for page in pages if page.locale.language_code == settings.LANGUAGE_CODE),
        pages[0] if pages else None,
    )


def children_of(model, module: ModulePage):
    """Live, public pages of `model` directly under `module`, in the module's order."""
    return (
        model.objects.filter(path__startswith=module.path, depth=module.depth + 1)
        .live()
        .public()
        .order_by("path")
    )


def module_quiz_key(module: ModulePage) -> uuid.UUID | None:
    """The end-of-module quiz that counts for completion (lesson checks are practice)."""
    from assessments.models import QuizPage

    return (
        children_of(QuizPage, module)
        .filter(is_draft=False, purpose=QuizPage.Purpose.MODULE_QUIZ)
        .values_list("translation_key", flat=True)
        .first()
    )


def module_structure(module_key) -> ModuleStructure | None:
    """Required lessons and module quiz of a live module; None for an unknown or offline one."""
    module = source_module(module_key)
    if module is None or not module.live:
        return None
    keys = frozenset(
        children_of(LessonPage, module)
        .filter(required=True)
        .values_list("translation_key", flat=True)
    )
    return ModuleStructure(
        module=module, required_lesson_keys=keys, quiz_key=module_quiz_key(module)
    )


def programme_module_keys() -> list[uuid.UUID]:
    """The modules that make up the LIAISE programme: the source catalogue's live modules."""
    return list(
        ModulePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE, depth=3)
        .live()
        .public()
        .order_by("number", "path")
        .values_list("translation_key", flat=True)
    )
