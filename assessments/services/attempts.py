"""Starting, answering and submitting attempts, and where a learner stands with a quiz.

Each workflow runs in one transaction with the attempt row locked, so two requests at once
cannot both count; the rules (attempt limits, cool-down, time limits, what may change when) hold
whoever calls them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from courses.localisation import rules_copy
from courses.programme import module_key_of

from .. import marking
from ..exceptions import (
    AlreadySubmitted,
    AnswerLocked,
    AttemptClosed,
    AttemptLimitReached,
    CoolingDown,
    InvalidSubmission,
    QuizError,
    QuizUnavailable,
)
from ..forms import ParsedAnswer, asks_to_submit, parse_page_post
from ..models import Answer, Attempt, QuizPage
from .content import draw_questions, snapshot_questions
from .hooks import on_attempt_finalised
from .statements import (
    SavedAnswer,
    attempt_exists,
    lock_open_attempt,
    save_scored,
    saved_answers,
    upsert_answers,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

# A page posted just before the deadline may arrive a little after it.
GRACE = timedelta(seconds=30)


# Where a learner stands with a quiz --------------------------------------------------------------


@dataclass
class QuizStatus:
    """What the quiz introduction shows a visitor: their attempts and whether they may start."""

    signed_in: bool = False
    can_start: bool = False
    is_preview: bool = False
    reason: str = ""
    open_attempt: Attempt | None = None
    attempts: list[Attempt] = field(default_factory=list)
    attempts_used: int = 0
    attempts_left: int | None = None
    available_at: datetime | None = None
    best_percent: Decimal | None = None
    passed: bool = False


def quiz_status(
    user: User | AnonymousUser, quiz: QuizPage, now: datetime | None = None
) -> QuizStatus:
    now = now or timezone.now()
    if not user.is_authenticated:
        return QuizStatus(reason=_("Sign in to take this quiz."))
    rules = rules_copy(quiz)
    status = QuizStatus(signed_in=True, is_preview=rules.is_draft)
    if rules.is_draft and not rules.can_preview(user):
        status.reason = _("This quiz is not open yet.")
        return status
    attempts = list(Attempt.objects.for_quiz(quiz.translation_key).filter(user=user))
    for attempt in attempts:
        if attempt.is_open and attempt.overdue(now, GRACE):
            expire_if_overdue(attempt, now=now)
    status.open_attempt = next((a for a in attempts if a.is_open), None)
    status.attempts = [a for a in attempts if not a.is_open]
    completed = [a for a in status.attempts if a.status == Attempt.Status.COMPLETED]
    status.best_percent = max((a.percent for a in completed if a.percent is not None), default=None)
    status.passed = any(a.passed for a in status.attempts)
    status.attempts_used = len(attempts)
    if rules.max_attempts and not rules.is_draft:
        status.attempts_left = max(0, rules.max_attempts - len(attempts))
    if status.open_attempt:
        status.can_start = True
        return status
    try:
        _check_may_start(rules, attempts, now, preview=rules.is_draft)
    except QuizError as error:
        status.reason = str(error.message)
        status.available_at = getattr(error, "available_at", None)
    else:
        status.can_start = len(quiz.questions) > 0
        if not status.can_start:
            status.reason = _("This quiz has no questions yet.")
    return status


def _check_may_start(quiz: QuizPage, attempts: list[Attempt], now: datetime, preview: bool) -> None:
    """Attempt limit and cool-down; staff trying out a draft are not held back by either."""
    if preview:
        return
    if quiz.max_attempts and len(attempts) >= quiz.max_attempts:
        raise AttemptLimitReached(
            translation.ngettext(
                "You have used your only attempt at this quiz.",
                "You have used all %(count)d attempts at this quiz.",
                quiz.max_attempts,
            )
            % {"count": quiz.max_attempts}
        )
    if quiz.cooldown_minutes:
        last = max((a.submitted_at for a in attempts if a.submitted_at), default=None)
        if last is not None:
            available_at = last + timedelta(minutes=quiz.cooldown_minutes)
            if now < available_at:
                raise CoolingDown(
                    _("You can start your next attempt from %(time)s.")
                    % {
                        "time": formats.date_format(
                            timezone.localtime(available_at), "DATETIME_FORMAT"
                        )
                    },
                    available_at,
                )


# Starting, answering and submitting ------------------------------------------------------------


def start_attempt(
    user: User | AnonymousUser,
    quiz: QuizPage,
    *,
    now: datetime | None = None,
    rng: random.Random | None = None,
) -> Attempt:
    """Start an attempt, or return the learner's open one (in any language) to resume it.

    The questions are those of the copy the learner opened (their language); the rules (limit,
    cool-down, time limit, draw, pass mark, draft status) are the source-language quiz's, so a
    translation not yet synchronised cannot loosen them. The learner's user row is locked for
    the check-and-create, so two clicks at once make one attempt; the unique constraints catch
    anything that gets past the lock.
    """
    now = now or timezone.now()
    if not user.is_authenticated:
        raise QuizUnavailable(_("Sign in to take this quiz."))
    rules = rules_copy(quiz)
    if rules.is_draft and not rules.can_preview(user):
        raise QuizUnavailable(_("This quiz is not open yet."))
    questions = snapshot_questions(quiz.questions.raw_data)
    if not questions:
        raise QuizUnavailable(_("This quiz has no questions yet."))
    with transaction.atomic():
        list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk"))
        attempts = list(Attempt.objects.for_quiz(quiz.translation_key).filter(user=user))
        open_attempt = next((a for a in attempts if a.is_open), None)
        if open_attempt is not None:
            if not open_attempt.overdue(now, GRACE):
                return open_attempt
            _finalise(open_attempt, _answers_by_question(open_attempt), now, timed_out=True)
        _check_may_start(rules, attempts, now, preview=rules.is_draft)
        try:
            with transaction.atomic():
                return Attempt.objects.create(
                    user=user,
                    quiz_key=quiz.translation_key,
                    module_key=module_key_of(quiz),
                    quiz_page=quiz,
                    number=max((a.number for a in attempts), default=0) + 1,
                    language=quiz.locale.language_code,
                    is_preview=rules.is_draft,
                    questions=draw_questions(
                        questions,
                        draw_count=rules.draw_count,
                        shuffle_questions=rules.random_question_order,
                        shuffle_choices=rules.random_choice_order,
                        rng=rng,
                    ),
                    quiz_settings=rules.settings_snapshot(),
                    started_at=now,
                    deadline=(
                        now + timedelta(minutes=rules.time_limit_minutes)
                        if rules.time_limit_minutes
                        else None
                    ),
                )
        except IntegrityError:
            existing = Attempt.objects.for_quiz(quiz.translation_key).open().filter(user=user)
            attempt = existing.first()
            if attempt is None:
                raise
            return attempt


def get_attempt(user: User, attempt_id: int) -> Attempt:
    """The user's own attempt; Attempt.DoesNotExist for anybody else's (the view answers 404)."""
    return Attempt.objects.get(pk=attempt_id, user=user)


@dataclass(frozen=True)
class PageOutcome:
    """Where the learner goes after posting a page."""

    attempt: Attempt
    destination: str  # "page", "review" or "result"
    page: int = 1
    timed_out: bool = False
    saved: bool = False


def save_page(
    user: User,
    attempt_id: int,
    number: int,
    data: QueryDict,
    *,
    now: datetime | None = None,
) -> PageOutcome:
    """Save the answers posted from page `number`, then move, check or submit as asked.

    The whole post is validated before anything is written (InvalidSubmission otherwise). A post
    arriving after the deadline plus GRACE only submits what had been saved.
    """
    now = now or timezone.now()
    with transaction.atomic():
        attempt = _lock_attempt(user, attempt_id, submitting=asks_to_submit(data))
        if attempt.overdue(now, GRACE):
            _finalise(attempt, _answers_by_question(attempt), now, timed_out=True)
            return PageOutcome(attempt, "result", timed_out=True)
        page_questions = attempt.questions_on_page(number)
        if not page_questions:
            raise InvalidSubmission(_("This page is not part of your attempt."))
        post = parse_page_post(data, attempt.questions, page_questions, attempt.page_count)
        answers = _answers_by_question(attempt)
        locked = {qid for qid, answer in answers.items() if answer.checked_at is not None}
        if post.posted & locked:
            raise AnswerLocked(_("You have already checked this answer, so it cannot change."))
        action = post.action
        checking = action.kind == "check"
        if checking and attempt.feedback_timing != QuizPage.FeedbackTiming.AFTER_EACH:
            raise InvalidSubmission(_("This quiz shows the answers at the end."))
        rows = []
        for question in page_questions:
            if question["id"] in locked:
                continue
            parsed = post.answers[question["id"]]
            if checking and parsed.is_empty:
                raise InvalidSubmission(_("Answer the question before you check it."))
            rows.append(
                _answer_row(attempt, question, parsed, checked_at=now if checking else None)
            )
        timed_out = attempt.overdue(now)
        if action.kind == "submit" or timed_out:
            answers.update({row.question_id: row for row in rows})
            _finalise(attempt, answers, now, timed_out=timed_out)
            return PageOutcome(attempt, "result", timed_out=timed_out)
        upsert_answers(rows)
    if action.kind == "next":
        if number < attempt.page_count:
            return PageOutcome(attempt, "page", number + 1)
        return PageOutcome(attempt, "review")
    if action.kind == "previous":
        return PageOutcome(attempt, "page", max(1, number - 1))
    if action.kind == "page":
        return PageOutcome(attempt, "page", action.page or 1)
    if action.kind == "review":
        return PageOutcome(attempt, "review")
    return PageOutcome(attempt, "page", number, saved=action.kind == "save")


def submit_attempt(user: User, attempt_id: int, *, now: datetime | None = None) -> PageOutcome:
    """Hand in the attempt with the answers saved so far (the review page's button)."""
    now = now or timezone.now()
    with transaction.atomic():
        attempt = _lock_attempt(user, attempt_id, submitting=True)
        timed_out = attempt.overdue(now)
        _finalise(attempt, _answers_by_question(attempt), now, timed_out=timed_out)
    return PageOutcome(attempt, "result", timed_out=timed_out)


def expire_if_overdue(attempt: Attempt, *, now: datetime | None = None) -> bool:
    """Submit an open attempt whose time ran out with the answers it had; True when it did."""
    now = now or timezone.now()
    if not (attempt.is_open and attempt.overdue(now, GRACE)):
        return False
    with transaction.atomic():
        locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
        if not (locked.is_open and locked.overdue(now, GRACE)):
            attempt.refresh_from_db()
            return False
        _finalise(locked, _answers_by_question(locked), now, timed_out=True)
    attempt.refresh_from_db()
    return True


def finalise_overdue_attempts(now: datetime | None = None) -> int:
    """Submit every attempt whose time ran out while the learner was away (a periodic task)."""
    now = now or timezone.now()
    count = 0
    overdue = Attempt.objects.open().filter(deadline__lt=now - GRACE).only("pk")
    for attempt in overdue.iterator():
        count += expire_if_overdue(Attempt.objects.get(pk=attempt.pk), now=now)
    return count


def _lock_attempt(user: User, attempt_id: int, *, submitting: bool = False) -> Attempt:
    """The user's open attempt, locked until the transaction ends.

    A closed attempt is not read, only found to exist: the second click of a double click on
    Submit arrives while other learners' submissions queue, and must cost next to nothing.
    Attempt.DoesNotExist for anybody else's attempt; AlreadySubmitted when `submitting` again.
    """
    attempt = lock_open_attempt(user.pk, attempt_id)
    if attempt is None:
        if not attempt_exists(user.pk, attempt_id):
            raise Attempt.DoesNotExist
        if submitting:
            message = _("You had already handed in this attempt, so nothing was changed.")
            raise AlreadySubmitted(message)
        raise AttemptClosed(
            _("This attempt has already been submitted. Your result is below; it cannot change.")
        )
    # The signed-in user, read with their profile and city (lms.auth_backends): what the
    # result's receivers ask of `attempt.user` is then not read again when they run inline.
    attempt.user = user
    return attempt


def _answers_by_question(attempt: Attempt) -> dict[str, SavedAnswer | Answer]:
    return dict(saved_answers(attempt))


def _answer_row(
    attempt: Attempt, question: dict, parsed: ParsedAnswer, checked_at: datetime | None = None
) -> Answer:
    row = Answer(
        attempt=attempt,
        question_id=question["id"],
        question_type=question["type"],
        max_points=question["points"],
        selected=list(parsed.selected),
        text=parsed.text,
        checked_at=checked_at,
    )
    if checked_at is not None:
        result = marking.mark(question, row.selected, row.text)
        row.points, row.is_correct = result.points, result.is_correct
    return row


def _finalise(
    attempt: Attempt, answers: dict[str, SavedAnswer | Answer], now: datetime, *, timed_out: bool
) -> None:
    """Mark every drawn question from the snapshot, write all answers in one statement, score."""
    rows = []
    for question in attempt.questions:
        saved = answers.get(question["id"])
        parsed = ParsedAnswer(tuple(saved.selected), saved.text) if saved else ParsedAnswer()
        row = _answer_row(attempt, question, parsed)
        row.checked_at = saved.checked_at if saved else None
        result = marking.mark(question, row.selected, row.text)
        row.points, row.is_correct = result.points, result.is_correct
        rows.append(row)
    upsert_answers(rows)
    attempt.submitted_at = now
    attempt.timed_out = timed_out
    _score(attempt, {row.question_id: row.points for row in rows}, now)


def _score(attempt: Attempt, points: dict[str, Decimal | None], now: datetime) -> None:
    """Apply the totals to the attempt and save it; a decided result reaches on_attempt_finalised.

    Announced when the outcome first becomes certain (at submit when the essays cannot change
    it) and again whenever the attempt's marking is final (each essay marked or re-scored), each
    time with a new `result_version`: inside this transaction or after its commit (hooks.py).
    Only the fields scoring sets are written, not the snapshot of the questions.
    """
    totals = marking.totals(attempt.questions, points, attempt.pass_mark)
    attempt.score = totals.score
    attempt.max_score = totals.max_score
    attempt.percent = totals.percent
    attempt.category_scores = totals.categories
    was_decided = attempt.passed is not None
    attempt.status = Attempt.Status.AWAITING_MARKING if totals.pending else Attempt.Status.COMPLETED
    # The outcome is known as soon as it is certain (essays still to mark cannot change it), so
    # completion and the certificate do not wait for the trainer; the marking still follows.
    attempt.passed = totals.decided
    if attempt.passed is not None and (not totals.pending or not was_decided):
        attempt.completed_at = attempt.completed_at or now
        attempt.result_version += 1
        save_scored(attempt)
        on_attempt_finalised(attempt)
    else:
        save_scored(attempt)


def resume_page(attempt: Attempt) -> int | None:
    """The page holding the first unanswered question, None when all are answered (review)."""
    answered = {
        question_id
        for question_id, selected, text in attempt.answers.values_list(
            "question_id", "selected", "text"
        )
        if selected or text.strip()
    }
    for question in attempt.questions:
        if question["id"] not in answered:
            return attempt.page_of(question["id"])
    return None
