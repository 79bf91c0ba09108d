"""Wagtail hooks of the learning journey: learner state on content pages, trainers' choices."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from wagtail import hooks
from wagtail.models import Page

from assessments.models import QuizPage
from courses import page_cache
from courses.forms import REOPEN_FIELD
from courses.models import PAGE_CONTEXT_HOOK, CataloguePage, LessonPage, ModulePage
from courses.programme import module_key_of

from . import confidence, queries
from .services import refresh_module_totals


@hooks.register(PAGE_CONTEXT_HOOK)
def learner_context(page: Page, request: HttpRequest, context: dict) -> dict:
    """What content pages show of the signed-in learner: statuses, outline, progress, next step.

    Content (courses) sits below learning, so its pages do not ask for this: they call the hooks
    registered under PAGE_CONTEXT_HOOK, and this is learning's.
    """
    if isinstance(page, CataloguePage):
        queries.catalogue_statuses(request, context["modules"])  # each module's status
        return {}
    if isinstance(page, ModulePage):
        # Draft quizzes are only for staff, who open them from the admin.
        quizzes = list(QuizPage.objects.child_of(page).live().public().filter(is_draft=False))
        # Enrol button, progress bar and outline with done marks for the signed-in learner.
        learner = queries.module_page_context(request, page, context["lessons"], quizzes)
        return {
            "quizzes": quizzes,
            **learner,
            # The before/after self-assessment invitation, if one is open.
            "confidence_invitation": confidence.module_invitation(request.user, learner["journey"]),
        }
    if isinstance(page, LessonPage):
        # Records the learner's visit; outline, progress bar, previous/next and "mark as done".
        return queries.lesson_page_context(request, page)
    return {}


@hooks.register(page_cache.personal_fragment_hook("lesson-panel"))
def lesson_panel(request: HttpRequest, page: LessonPage) -> str:
    """The learner's part of a lesson served from the shared page (courses.page_cache): the
    same panel the lesson template includes, from the same context (which records the visit)."""
    context = {"page": page, **queries.lesson_page_context(request, page)}
    journey = context["journey"]
    # What the panel shows of the learner; learners at the same point share one rendering.
    shown = (
        page.pk,
        int(context["is_learner"]),
        int(context["lesson_done"]),
        journey.steps_done,
        journey.steps_total,
        journey.percent,
        "".join("1" if item.done else "0" for item in journey.items),
    )
    return page_cache.shared_fragment(
        request,
        "lesson-panel",
        shown,
        lambda: render_to_string("learning/includes/lesson_panel.html", context, request),
    )


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
