"""Learner views: thin wrappers around `services` (writes) and `queries` (reads).

Every view works on `request.user`'s own data; no URL carries a user id. Writes are POST only
and a refused request gets a translated message with a 4xx status, never a traceback.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail import hooks

from courses import page_cache
from courses.localisation import learner_url, source_copy
from courses.models import LessonPage, ModulePage
from lms.http import Link, private, refused

from . import confidence, queries, services
from .models import LearningRecord


def refuse(request: HttpRequest, message: str, status: int) -> HttpResponse:
    """The shared refusal page (lms.http), with the way back to My learning."""
    error = services.LearningError(message)
    error.status = status
    return refused(
        request, error, links=[Link(reverse("learning:my_learning"), _("Go to My learning"))]
    )


def post_only(view):
    """Like require_POST, with a page that says why instead of a bare 405."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method != "POST":
            response = refuse(
                request, _("This address only accepts a form submitted from the page."), 405
            )
            response["Allow"] = "POST"
            return response
        return view(request, *args, **kwargs)

    return wrapper


_private = private  # one place for private, never-cached responses (lms.http)


@login_required
def my_learning(request: HttpRequest) -> HttpResponse:
    """The learner's modules, progress across the programme, next steps and certificates."""
    if not queries.is_learner(request.user):
        messages.info(request, _("Staff accounts have no learner profile, so no learning."))
        return redirect("/")
    user = request.user

    def read_state() -> object:
        # Every row the page shows of the learner, digested in one statement: while none of
        # them changes (nor the content), the page built last time is served again.
        shown = queries.my_learning_rows(user)
        for more in hooks.get_hooks(queries.MY_LEARNING_STATE_HOOK):
            shown.extend(more(user))
        return page_cache.digest_of(shown)

    def build() -> HttpResponse:
        overview = queries.my_learning(user, get_language())
        context = {
            "overview": overview,
            "confidence_after": confidence.after_invitations(user, overview.journeys),
        }
        return render(request, "learning/my_learning.html", context)

    return _private(page_cache.serve_for_state(request, "my-learning", read_state, build))


@login_required
def continue_learning(request: HttpRequest) -> HttpResponse:
    """Opens the next unfinished lesson or quiz of the module the learner worked on last."""
    if not queries.is_learner(request.user):
        return refuse(request, _("Only learners have progress to continue."), 403)
    overview = queries.my_learning(request.user, get_language())
    if overview.continue_step is None:
        messages.info(request, _("Nothing is left to continue: enrol in a module to start."))
        return redirect("learning:my_learning")
    return redirect(learner_url(overview.continue_step.page, request))


@login_required
def my_records(request: HttpRequest) -> HttpResponse:
    """The learner's own learning records as xAPI statements, one per line (their data)."""
    records = LearningRecord.objects.filter(user=request.user)
    response = StreamingHttpResponse(
        queries.records_as_jsonl(records), content_type="application/x-ndjson; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="learning-records-{stamp}.jsonl"'
    return _private(response)


@login_required
@post_only
def enrol(request: HttpRequest, module_key) -> HttpResponse:
    try:
        services.enrol(request.user, module_key)
    except services.LearningError as error:
        return refuse(request, error.message, error.status)
    localised = source_copy(ModulePage, module_key).localized
    messages.success(request, _("You are enrolled in “%(title)s”.") % {"title": localised.title})
    return redirect(learner_url(localised, request))


@login_required
@post_only
def complete_lesson(request: HttpRequest, lesson_id: int) -> HttpResponse:
    """ "Mark as done" at the end of a lesson; goes on to the next lesson or the quiz."""
    lesson = LessonPage.objects.live().public().filter(pk=lesson_id).first()
    if lesson is None:
        return refuse(request, _("This lesson does not exist or is not published."), 404)
    raw = request.POST.get("seconds", "").strip()
    seconds = None
    if raw:
        try:
            seconds = int(raw)
        except ValueError:
            return refuse(request, _("The time spent on the lesson must be a whole number."), 400)
        if seconds < 0:
            return refuse(request, _("The time spent on the lesson cannot be negative."), 400)
    try:
        services.complete_lesson(
            request.user, lesson, language=lesson.locale.language_code, seconds_spent=seconds
        )
    except services.LearningError as error:
        return refuse(request, error.message, error.status)
    messages.success(request, _("“%(title)s” is done.") % {"title": lesson.title})
    context = queries.lesson_page_context(request, lesson, record_view=False)
    target = context["next_item"] or (
        context["journey"].next_step if context["journey"].next_step else None
    )
    return redirect(learner_url(target.page if target else context["module"], request))
