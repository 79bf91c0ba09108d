"""Taking a quiz: thin views over `services` (the rules) and `display` (what the templates show).

Every attempt view is `never_cache` (Cache-Control: no-store), so the browser's Back button asks
the server again, and the server only shows a submitted attempt's result: a submitted attempt
cannot be reopened or changed.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from courses.localisation import learner_url
from lms.http import Link, refused

from . import display, services
from .exceptions import AlreadySubmitted, AttemptClosed, InvalidSubmission, QuizError
from .forms import MAX_POST_BYTES
from .models import Attempt, QuizPage


@never_cache
@login_required
@require_POST
def start(request: HttpRequest, quiz_id: int) -> HttpResponse:
    """Start an attempt, or resume the open one."""
    quiz = get_object_or_404(QuizPage.objects.live(), pk=quiz_id)
    try:
        attempt = services.start_attempt(request.user, quiz)
    except QuizError as error:
        return _refused(request, error, quiz=quiz)
    return redirect("assessments:resume", attempt_id=attempt.pk)


@never_cache
@login_required
@require_GET
def resume(request: HttpRequest, attempt_id: int) -> HttpResponse:
    """Back to where the learner left off: the first unanswered question, or the review."""
    attempt = _own_attempt(request, attempt_id)
    if services.expire_if_overdue(attempt) or not attempt.is_open:
        return redirect("assessments:result", attempt_id=attempt.pk)
    number = services.resume_page(attempt)
    if number is None:
        return redirect("assessments:review", attempt_id=attempt.pk)
    return redirect("assessments:page", attempt_id=attempt.pk, number=number)


@never_cache
@login_required
def page(request: HttpRequest, attempt_id: int, number: int) -> HttpResponse:
    """One page of questions: GET shows it, POST saves it and moves, checks or submits."""
    if request.method == "POST":
        return _post_page(request, attempt_id, number)
    if request.method != "GET":
        return HttpResponse(status=405, headers={"Allow": "GET, POST"})
    attempt = _own_attempt(request, attempt_id)
    if _closed(request, attempt):
        return redirect("assessments:result", attempt_id=attempt.pk)
    if not 1 <= number <= attempt.page_count:
        raise Http404
    view = display.attempt_page(attempt, number, get_language())
    return render(request, "assessments/attempt_page.html", {"view": view})


def _post_page(request: HttpRequest, attempt_id: int, number: int) -> HttpResponse:
    if _too_large(request):
        return _refused(request, InvalidSubmission(_("The form was too large to be an answer.")))
    try:
        outcome = services.save_page(request.user, attempt_id, number, request.POST)
    except Attempt.DoesNotExist as exc:
        raise Http404 from exc
    except AlreadySubmitted as error:
        return _already_submitted(request, attempt_id, error)
    except InvalidSubmission as error:
        attempt = _own_attempt(request, attempt_id)
        if not attempt.is_open or not 1 <= number <= attempt.page_count:
            return _refused(request, error, attempt=attempt)
        view = display.attempt_page(attempt, number, get_language())
        context = {"view": view, "error": error.message}
        return render(request, "assessments/attempt_page.html", context, status=error.status)
    except QuizError as error:
        return _refused(request, error, attempt_id=attempt_id)
    return _go(request, outcome)


@never_cache
@login_required
@require_GET
def review(request: HttpRequest, attempt_id: int) -> HttpResponse:
    attempt = _own_attempt(request, attempt_id)
    if _closed(request, attempt):
        return redirect("assessments:result", attempt_id=attempt.pk)
    view = display.review_page(attempt, get_language())
    return render(request, "assessments/review.html", {"view": view})


@never_cache
@login_required
@require_POST
def submit(request: HttpRequest, attempt_id: int) -> HttpResponse:
    """Hand in the attempt with its saved answers."""
    try:
        outcome = services.submit_attempt(request.user, attempt_id)
    except Attempt.DoesNotExist as exc:
        raise Http404 from exc
    except AlreadySubmitted as error:
        return _already_submitted(request, attempt_id, error)
    except QuizError as error:
        return _refused(request, error, attempt_id=attempt_id)
    return _go(request, outcome)


@never_cache
@login_required
@require_GET
def result(request: HttpRequest, attempt_id: int) -> HttpResponse:
    attempt = _own_attempt(request, attempt_id)
    services.expire_if_overdue(attempt)
    if attempt.is_open:
        return redirect("assessments:resume", attempt_id=attempt.pk)
    view = display.result_page(attempt, get_language())
    return render(request, "assessments/result.html", {"view": view})


# Helpers ----------------------------------------------------------------------------------------


def _own_attempt(request: HttpRequest, attempt_id: int) -> Attempt:
    try:
        return services.get_attempt(request.user, attempt_id)
    except Attempt.DoesNotExist as exc:
        raise Http404 from exc


def _closed(request: HttpRequest, attempt: Attempt) -> bool:
    """True when the attempt can no longer be answered (submitted now if its time ran out)."""
    if services.expire_if_overdue(attempt):
        messages.warning(request, _("Time is up. The answers you had saved have been submitted."))
        return True
    return not attempt.is_open


def _too_large(request: HttpRequest) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > MAX_POST_BYTES
    except ValueError:
        return True


def _go(request: HttpRequest, outcome: services.PageOutcome) -> HttpResponse:
    attempt_id = outcome.attempt.pk
    if outcome.destination == "result":
        if outcome.timed_out:
            messages.warning(
                request, _("Time is up. The answers you had saved have been submitted.")
            )
        return redirect("assessments:result", attempt_id=attempt_id)
    if outcome.saved:
        messages.success(request, _("Your answers are saved. You can come back to them later."))
    if outcome.destination == "review":
        return redirect("assessments:review", attempt_id=attempt_id)
    url = reverse("assessments:page", kwargs={"attempt_id": attempt_id, "number": outcome.page})
    return redirect(url)


def _already_submitted(
    request: HttpRequest, attempt_id: int, error: AlreadySubmitted
) -> HttpResponse:
    """Submit pressed again: the result it asked for, saying why nothing changed.

    A browser shows the answer to the last of two clicks, so a 409 page here would hide the
    result from a learner who double-clicked; no page is rendered, which keeps it cheap too.
    """
    messages.info(request, error.message)
    return redirect("assessments:result", attempt_id=attempt_id)


def _refused(
    request: HttpRequest,
    error: QuizError,
    *,
    quiz: QuizPage | None = None,
    attempt: Attempt | None = None,
    attempt_id: int | None = None,
) -> HttpResponse:
    """The learner-facing explanation of a refused action, with the error's 4xx status."""
    links = []
    if isinstance(error, AttemptClosed):
        result_url = reverse("assessments:result", args=[attempt_id or getattr(attempt, "pk", 0)])
        links.append(Link(result_url, _("See your result"), button=True))
    if quiz:
        links.append(Link(learner_url(quiz, request), _("Back to the quiz")))
    response = refused(request, error, links=links)
    available_at = getattr(error, "available_at", None)
    if available_at is not None:
        seconds = max(1, int((available_at - timezone.now()).total_seconds()))
        response["Retry-After"] = str(seconds)
    return response
