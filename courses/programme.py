"""The LIAISE programme: which modules count, their required lessons and their end-of-module quiz.

Every app that needs the programme asks here (learning's completion, the programme certificate,
the dashboards' "trained" count, the generator, the marking filters), so they cannot disagree.

A module counts when its source-language page is live and public, whatever its translations: a
private module, or one that is live only in a translation, is not part of the programme. What a
module asks of a learner comes from its source-language page too (the localisation rule), and
everything is keyed by `translation_key`, so the answer is the same in every language.

The end-of-module quiz is a page type of a higher layer (assessments): it tells this module how to
find a module's quiz through `register_module_quiz`, from its AppConfig.ready.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from wagtail.models import Page

from .localisation import source_copy, source_language
from .models import LessonPage, ModulePage
from .page_cache import tree_cached

ModuleQuizFinder = Callable[[ModulePage], "uuid.UUID | None"]
_module_quiz_finders: list[ModuleQuizFinder] = []


def register_module_quiz(finder: ModuleQuizFinder) -> None:
    """Let the app that owns quizzes say which quiz of a (source) module counts for completion."""
    if finder not in _module_quiz_finders:
        _module_quiz_finders.append(finder)


# Which modules count -------------------------------------------------------------------------


def programme_modules() -> QuerySet[ModulePage]:
    """The source-language pages of the modules that count, in programme order."""
    return (
        ModulePage.objects.filter(locale__language_code=source_language())
        .live()
        .public()
        .order_by("number", "path")
    )


def programme_module_keys() -> list[uuid.UUID]:
    """Asked on every module completion (is the programme complete?): read once per content
    generation (courses.page_cache), not per submission."""
    return tree_cached(
        "programme-keys",
        (),
        lambda: list(programme_modules().values_list("translation_key", flat=True)),
    )


# What a module asks of a learner ----------------------------------------------------------------


@dataclass(frozen=True)
class ModuleStructure:
    module: ModulePage
    required_lesson_keys: tuple[uuid.UUID, ...]  # in the module's order
    quiz_key: uuid.UUID | None

    @property
    def key(self) -> uuid.UUID:
        return self.module.translation_key

    @property
    def lessons_total(self) -> int:
        return len(self.required_lesson_keys)


def children_of(model: type[Page], module: ModulePage) -> QuerySet:
    """Live, public pages of `model` directly under `module`, in the module's order."""
    return (
        model.objects.filter(path__startswith=module.path, depth=module.depth + 1)
        .live()
        .public()
        .order_by("path")
    )


def module_quiz_key(module: ModulePage) -> uuid.UUID | None:
    """The end-of-module quiz that counts for completion (lesson checks are practice)."""
    for finder in _module_quiz_finders:
        key = finder(module)
        if key is not None:
            return key
    return None


def module_structure(module_key: uuid.UUID | str) -> ModuleStructure | None:
    """Required lessons and module quiz of a live module; None for an unknown or offline one.

    Asked on every lesson marked done and every quiz submitted, and the same for every learner:
    read once per content generation (courses.page_cache forgets it on any page change).
    """
    return tree_cached("structure", (str(module_key),), lambda: _module_structure(module_key))


def _module_structure(module_key: uuid.UUID | str) -> ModuleStructure | None:
    module = source_copy(ModulePage, module_key)
    if module is None or not module.live:
        return None
    keys = tuple(
        children_of(LessonPage, module)
        .filter(required=True)
        .values_list("translation_key", flat=True)
    )
    return ModuleStructure(
        module=module, required_lesson_keys=keys, quiz_key=module_quiz_key(module)
    )


# A page's module -------------------------------------------------------------------------------


def module_of(page: Page) -> ModulePage | None:
    """The module a lesson or a quiz belongs to (its parent page), in the page's language."""
    return ModulePage.objects.filter(path=page.path[: -page.steplen]).first()


def module_key_of(page: Page) -> uuid.UUID | None:
    """The translation key of the module a lesson or a quiz belongs to; one small query."""
    return (
        ModulePage.objects.filter(path=page.path[: -page.steplen])
        .values_list("translation_key", flat=True)
        .first()
    )
