"""Read side of the learning journey: what learner pages show, in a fixed number of queries.

Every function here reads the signed-in learner's own rows only (it takes `request.user`, never an
id from the URL) and fetches a module's lessons, quizzes and progress once each, so the number of
queries does not grow with the number of lessons, modules or learners.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import get_language

from assessments.models import QuizPage
from courses.localisation import source_language, with_copies_in
from courses.models import LessonPage, ModulePage
from courses.page_cache import RowsOf, tree_cached
from courses.programme import children_of, module_of, programme_modules

from .models import ConfidenceMarker, LearningRecord, LessonProgress, ModuleProgress
from .visits import visit_and_progress

STEPLEN = ModulePage.steplen


def records_as_jsonl(records: QuerySet[LearningRecord]) -> Iterator[str]:
    """One xAPI statement per line (each string ends with a newline), streamed in id order."""
    for statement in records.order_by("id").values_list("statement", flat=True).iterator(2000):
        yield json.dumps(statement, ensure_ascii=False, sort_keys=True) + "\n"


def is_learner(user) -> bool:
    return user.is_authenticated and getattr(user, "learner_profile", None) is not None


# Outline of a module -----------------------------------------------------------------------


@dataclass
class OutlineItem:
    """A lesson or the module quiz as the learner sees it in the outline."""

    page: object
    kind: str  # "lesson" or "quiz"
    done: bool = False
    required: bool = True
    current: bool = False
    last_viewed_at: object = None

    @property
    def is_quiz(self) -> bool:
        return self.kind == "quiz"


@dataclass
class ModuleJourney:
    """One module for one learner: outline with done marks, progress and the next step."""

    module: ModulePage
    progress: ModuleProgress | None
    items: list[OutlineItem] = field(default_factory=list)
    next_step: OutlineItem | None = None

    @property
    def enrolled(self) -> bool:
        return self.progress is not None

    @property
    def lessons(self) -> list[OutlineItem]:
        return [item for item in self.items if item.kind == "lesson"]

    @property
    def quiz(self) -> OutlineItem | None:
        return next((item for item in self.items if item.is_quiz), None)

    @property
    def completed(self) -> bool:
        return self.progress is not None and self.progress.status == ModuleProgress.Status.COMPLETED

    @property
    def steps_total(self) -> int:
        if self.progress is not None:
            return self.progress.lessons_total + (1 if self.quiz else 0)
        return sum(1 for item in self.lessons if item.required) + (1 if self.quiz else 0)

    @property
    def steps_done(self) -> int:
        if self.progress is None:
            return sum(1 for item in self.lessons if item.required and item.done)
        return min(
            self.steps_total, self.progress.lessons_done + (1 if self.progress.quiz_passed else 0)
        )

    @property
    def percent(self) -> int:
        if self.completed:
            return 100
        return round(100 * self.steps_done / self.steps_total) if self.steps_total else 0


def pick_module_quiz(quizzes: Iterable) -> object | None:
    """The end-of-module quiz among a module's quizzes (lesson checks do not count)."""
    return next((q for q in quizzes if q.purpose == QuizPage.Purpose.MODULE_QUIZ), None)


def build_journey(
    module: ModulePage,
    lessons: list,
    quizzes: list,
    progress: ModuleProgress | None,
    lesson_rows: dict[uuid.UUID, dict],
    current_key: uuid.UUID | None = None,
) -> ModuleJourney:
    """Assemble the outline from already-fetched rows (no queries here)."""
    journey = ModuleJourney(module=module, progress=progress)
    for lesson in lessons:
        row = lesson_rows.get(lesson.translation_key) or {}
        journey.items.append(
            OutlineItem(
                page=lesson,
                kind="lesson",
                done=row.get("completed_at") is not None,
                required=lesson.required,
                current=lesson.translation_key == current_key,
                last_viewed_at=row.get("last_viewed_at"),
            )
        )
    quiz = pick_module_quiz(quizzes)
    if quiz is not None:
        journey.items.append(
            OutlineItem(
                page=quiz,
                kind="quiz",
                done=bool(progress and progress.quiz_passed),
                current=quiz.translation_key == current_key,
            )
        )
    journey.next_step = next_step(journey)
    return journey


def next_step(journey: ModuleJourney) -> OutlineItem | None:
    """Where "continue" goes: the lesson left unfinished most recently, else the first required
    lesson not done, else the module quiz until it is passed; None when nothing is left."""
    opened = [item for item in journey.lessons if not item.done and item.last_viewed_at]
    if opened:
        return max(opened, key=lambda item: item.last_viewed_at)
    for item in journey.lessons:
        if item.required and not item.done:
            return item
    quiz = journey.quiz
    if quiz is not None and not quiz.done and not journey.completed:
        return quiz
    return None


def _lesson_rows(user, module_keys) -> dict[uuid.UUID, dict]:
    rows = LessonProgress.objects.filter(user=user, module_key__in=list(module_keys)).values(
        "lesson_key", "completed_at", "last_viewed_at"
    )
    return {row["lesson_key"]: row for row in rows}


# Page contexts (called from the courses pages' get_context) --------------------------------------


def module_page_context(request, module: ModulePage, lessons: list, quizzes: list) -> dict:
    """Enrolment state, progress bar and outline with done marks for a module page."""
    user = request.user
    progress = None
    rows: dict = {}
    if is_learner(user):
        progress = ModuleProgress.objects.filter(
            user=user, module_key=module.translation_key
        ).first()
        rows = _lesson_rows(user, [module.translation_key])
    journey = build_journey(module, lessons, quizzes, progress, rows)
    return {"journey": journey, "is_learner": is_learner(user)}


def module_outline(lesson: LessonPage) -> tuple[ModulePage, list, list]:
    """A lesson's module, its lessons and its quizzes: read once per content change, not per view.

    The same for every learner, so kept in the page cache (courses.page_cache), which forgets it
    whenever a page is published, unpublished, moved or deleted.
    """

    def outline() -> tuple[ModulePage, list, list]:
        module = module_of(lesson)
        lessons = list(children_of(LessonPage, module).defer("body"))
        quizzes = list(children_of(QuizPage, module).filter(is_draft=False).defer("questions"))
        return module, lessons, quizzes

    # Shared in the process: build_journey and the templates only read these pages.
    return tree_cached("outline", (lesson.path[: -lesson.steplen],), outline, shared=True)


def lesson_page_context(request, lesson: LessonPage, *, record_view: bool = True) -> dict:
    """Outline, progress bar, previous/next and done state for a lesson page.

    Records the view for a signed-in learner first, so "continue" knows where they are.
    """
    user = request.user
    learner = is_learner(user)
    module, lessons, quizzes = module_outline(lesson)
    progress = None
    rows: dict = {}
    read = None
    if learner and record_view and not getattr(request, "is_preview", False):
        read = visit_and_progress(user, lesson, module.translation_key)
    if read is not None:
        progress, rows = read
    elif learner:
        progress = ModuleProgress.objects.filter(
            user=user, module_key=module.translation_key
        ).first()
        rows = _lesson_rows(user, [module.translation_key])
    journey = build_journey(module, lessons, quizzes, progress, rows, lesson.translation_key)
    position = next((i for i, item in enumerate(journey.items) if item.page.pk == lesson.pk), None)
    previous_item = next_item = None
    if position is not None:
        previous_item = journey.items[position - 1] if position > 0 else None
        next_item = journey.items[position + 1] if position + 1 < len(journey.items) else None
    this = journey.items[position] if position is not None else None
    return {
        "journey": journey,
        "module": module,
        "is_learner": learner,
        "lesson_done": bool(this and this.done),
        "previous_item": previous_item,
        "next_item": next_item,
    }


def catalogue_statuses(request, modules: list[ModulePage]) -> None:
    """Put each module's progress row for the signed-in learner on it as `learner_progress`."""
    rows: dict = {}
    if is_learner(request.user):
        rows = {
            row.module_key: row
            for row in ModuleProgress.objects.filter(
                user=request.user, module_key__in=[m.translation_key for m in modules]
            )
        }
    for module in modules:
        module.learner_progress = rows.get(module.translation_key)


# My learning -----------------------------------------------------------------------


@dataclass
class Overview:
    journeys: list[ModuleJourney]
    programme_total: int
    programme_done: int
    continue_step: OutlineItem | None

    @property
    def programme_percent(self) -> int:
        if not self.programme_total:
            return 0
        return round(100 * self.programme_done / self.programme_total)

    @property
    def programme_complete(self) -> bool:
        return bool(self.programme_total) and self.programme_done >= self.programme_total


def programme_outline(language: str) -> tuple[dict, dict[str, list], dict[str, list]]:
    """The programme's modules as a reader of `language` sees them, with their lessons and quizzes.

    Returns the module shown for each programme module (its live copy in `language`, else the
    source page) by translation key, in programme order, and the lessons and quizzes under each
    shown module by its path. The same for every learner: kept in the page cache.
    """
    languages = {language, source_language()}
    # The programme's modules and their live copies in the reader's language, in one query.
    programme = list(
        with_copies_in(programme_modules(), language)
        .live()
        .public()
        .select_related("locale")
        .order_by("number", "path")
    )
    source = [m for m in programme if m.locale.language_code == source_language()]
    localised = {m.translation_key: m for m in programme if m.locale.language_code == language}
    shown = {m.translation_key: localised.get(m.translation_key, m) for m in source}
    paths = {module.path for module in shown.values()}
    lessons_by_parent: dict[str, list] = {}
    quizzes_by_parent: dict[str, list] = {}
    if paths:
        lessons = (
            LessonPage.objects.filter(depth=4, locale__language_code__in=languages)
            .live()
            .public()
            .defer("body")
            .order_by("path")
        )
        quizzes = (
            QuizPage.objects.filter(depth=4, locale__language_code__in=languages, is_draft=False)
            .live()
            .public()
            .defer("questions")
            .order_by("path")
        )
        for target, pages in ((lessons_by_parent, lessons), (quizzes_by_parent, quizzes)):
            for page in pages:
                parent = page.path[:-STEPLEN]
                if parent in paths:
                    target.setdefault(parent, []).append(page)
    return shown, lessons_by_parent, quizzes_by_parent


# Higher apps that show something of the learner on My learning (certificates) register here
# `rows(user) -> list[page_cache.RowsOf]`: the rows they show (lms.learning.views, digest_of).
MY_LEARNING_STATE_HOOK = "my_learning_state"


def my_learning_rows(user) -> list[RowsOf]:
    """The learner's rows My learning is made from: module and lesson progress, and the
    self-assessments answered or skipped (which decide the invitations)."""
    return [
        (ModuleProgress, {"user": user.pk}),
        (LessonProgress, {"user": user.pk}),
        (ConfidenceMarker, {"user": user.pk}),
    ]


def my_learning(user, language: str | None = None) -> Overview:
    """Each enrolled module and the programme (certificates come from their own include)."""
    language = language or get_language() or source_language()
    shown, lessons_by_parent, quizzes_by_parent = tree_cached(
        "programme", (language,), lambda: programme_outline(language)
    )
    source = list(shown.values())
    progress = {
        row.module_key: row
        for row in ModuleProgress.objects.filter(user=user).order_by("enrolled_at", "id")
    }
    enrolled = [key for key in shown if key in progress]
    rows = _lesson_rows(user, enrolled) if enrolled else {}
    journeys = [
        build_journey(
            shown[key],
            lessons_by_parent.get(shown[key].path, []),
            quizzes_by_parent.get(shown[key].path, []),
            progress[key],
            rows,
        )
        for key in enrolled
    ]
    unfinished = [j for j in journeys if not j.completed and j.next_step is not None]
    latest = max(
        unfinished,
        key=lambda j: (j.progress.last_activity_at is not None, j.progress.last_activity_at or 0),
        default=None,
    )
    return Overview(
        journeys=journeys,
        programme_total=len(source),
        programme_done=sum(
            1
            for key in shown
            if key in progress and progress[key].status == ModuleProgress.Status.COMPLETED
        ),
        continue_step=latest.next_step if latest else None,
    )
