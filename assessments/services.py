"""Quiz workflows: start, answer, submit and mark attempts; results for other apps.

Views, tasks and commands call these functions. They hold the rules (attempt limits, cool-down,
time limits, what may change when) so that the rules hold whoever calls them, and each workflow
runs in one transaction with the attempt row locked, so two requests at once cannot both count.
"""

from __future__ import annotations

import random
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, F, Max, Q
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from courses.localisation import rules_copy, source_copy, words_copy
from courses.programme import module_key_of

from . import marking
from .blocks import CHOICE_TYPES, ESSAY, QUESTION_TYPES, TRUE_FALSE
from .exceptions import (
    AnswerLocked,
    AttemptClosed,
    AttemptLimitReached,
    CoolingDown,
    InvalidSubmission,
    QuizError,
    QuizUnavailable,
)
from .forms import ParsedAnswer, parse_page_post
from .models import Answer, Attempt, QuizPage
from .signals import attempt_finalised

# A page posted just before the deadline may arrive a little after it.
GRACE = timedelta(seconds=30)
# uuid5 namespace of question and choice block ids built from the content files' question ids.
QUESTION_NAMESPACE = uuid.UUID("0b6e3f4c-2d7e-5a43-9a51-6c1b1f0c9e27")
ANSWER_FIELDS = [
    "question_type",
    "max_points",
    "selected",
    "text",
    "points",
    "is_correct",
    "checked_at",
    "updated_at",
]


# Building question streams from the content files -----------------------------------------


def question_block_id(question_id: str) -> str:
    """The stream block id of a content-file question: the same on every load, in every language."""
    return str(uuid.uuid5(QUESTION_NAMESPACE, f"question:{question_id}"))


def choice_block_id(question_id: str, choice_key: str | int) -> str:
    return str(uuid.uuid5(QUESTION_NAMESPACE, f"choice:{question_id}:{choice_key}"))


def build_question_stream(questions: list[dict]) -> list:
    """Raw StreamField data for `QuizPage.questions` from the `quiz.questions` of a module file.

    Block ids derive from the questions' `id` (and a choice's optional `id`, else its position),
    so loading a file again keeps every answer and statistic attached to the same question.
    Authors must therefore never reorder choices of a question that has been answered; add new
    ones at the end, or give choices an explicit `id`.
    """
    stream = []
    for question in questions:
        kind = question["type"]
        if kind not in QUESTION_TYPES:
            raise ValueError(f"{question.get('id')}: unknown question type {kind!r}")
        value: dict[str, Any] = {
            "prompt": question["prompt"],
            "image": None,
            "alt_text": question.get("alt_text", ""),
            "points": int(question.get("points", 1)),
            "category": question.get("category", ""),
            "explanation": question.get("explanation", ""),
        }
        if kind in CHOICE_TYPES:
            value["choices"] = [
                {
                    "type": "item",
                    "id": choice_block_id(question["id"], choice.get("id", index)),
                    "value": {
                        "text": choice["text"],
                        "correct": bool(choice.get("correct")),
                        "feedback": choice.get("feedback", ""),
                    },
                }
                for index, choice in enumerate(question["choices"])
            ]
        elif kind == TRUE_FALSE:
            value["correct"] = bool(question.get("correct"))
            value["feedback_true"] = question.get("feedback_true", "")
            value["feedback_false"] = question.get("feedback_false", "")
        else:
            value["marking_guidance"] = question.get("marking_guidance", "")
        stream.append({"type": kind, "id": question_block_id(question["id"]), "value": value})
    return stream


# Snapshots: the questions an attempt is started with -------------------------------------------


def snapshot_questions(raw_stream: Iterable[dict]) -> list[dict]:
    """Self-contained copies of a page's questions, answer keys included (server side only)."""
    questions = []
    for block in raw_stream:
        kind = block.get("type")
        if kind not in QUESTION_TYPES or not block.get("id"):
            continue
        value = block.get("value") or {}
        question = {
            "id": str(block["id"]),
            "type": kind,
            "prompt": value.get("prompt", ""),
            "image": value.get("image"),
            "alt_text": value.get("alt_text", ""),
            "points": int(value.get("points") or 1),
            "category": value.get("category", ""),
            "explanation": value.get("explanation", ""),
        }
        if kind in CHOICE_TYPES:
            question["choices"] = [
                {
                    "id": choice_id,
                    "text": item.get("text", ""),
                    "correct": bool(item.get("correct")),
                    "feedback": item.get("feedback", ""),
                }
                for choice_id, item in _list_items(block["id"], value.get("choices") or [])
            ]
        elif kind == TRUE_FALSE:
            question["correct"] = bool(value.get("correct"))
            question["feedback_true"] = value.get("feedback_true", "")
            question["feedback_false"] = value.get("feedback_false", "")
        else:
            question["marking_guidance"] = value.get("marking_guidance", "")
        questions.append(question)
    return questions


def _list_items(block_id: str, items: list) -> list[tuple[str, dict]]:
    """ListBlock items as (id, value); items stored in the pre-2.16 format get a stable id."""
    result = []
    for index, item in enumerate(items):
        if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
            result.append((str(item.get("id") or choice_block_id(block_id, index)), item["value"]))
        elif isinstance(item, dict):
            result.append((choice_block_id(block_id, index), item))
    return result


def draw_questions(
    questions: list[dict],
    *,
    draw_count: int | None = None,
    shuffle_questions: bool = False,
    shuffle_choices: bool = False,
    rng: random.Random | None = None,
) -> list[dict]:
    """The questions of one attempt: drawn at random and shuffled as the quiz's settings say."""
    rng = rng or random.SystemRandom()
    indexed = list(enumerate(questions))
    if draw_count and draw_count < len(indexed):
        indexed = rng.sample(indexed, draw_count)
        if not shuffle_questions:
            indexed.sort(key=lambda pair: pair[0])
    elif shuffle_questions:
        rng.shuffle(indexed)
    drawn = []
    for _index, question in indexed:
        question = dict(question)
        if shuffle_choices and question.get("choices"):
            question["choices"] = rng.sample(question["choices"], len(question["choices"]))
        drawn.append(question)
    return drawn


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


def quiz_status(user, quiz: QuizPage, now: datetime | None = None) -> QuizStatus:
    """The rules are the source-language quiz's, whatever copy the learner opened."""
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
    status.passed = any(a.passed for a in completed)
    status.attempts_used = len(attempts)
    if rules.max_attempts and not rules.is_draft:
        status.attempts_left = max(0, rules.max_attempts - len(attempts))
    if status.open_attempt:
        status.can_start = True
        return status
    try:
        _check_may_start(rules, attempts, now, preview=rules.is_draft)
    except QuizError as error:
        status.reason = error.message
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
    user, quiz: QuizPage, *, now: datetime | None = None, rng: random.Random | None = None
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


def get_attempt(user, attempt_id: int) -> Attempt:
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
    user, attempt_id: int, number: int, data: QueryDict, *, now: datetime | None = None
) -> PageOutcome:
    """Save the answers posted from page `number`, then move, check or submit as asked.

    The whole post is validated before anything is written (InvalidSubmission otherwise). A post
    arriving after the deadline plus GRACE only submits what had been saved.
    """
    now = now or timezone.now()
    with transaction.atomic():
        attempt = _lock_attempt(user, attempt_id)
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
        _upsert(rows)
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


def submit_attempt(user, attempt_id: int, *, now: datetime | None = None) -> PageOutcome:
    """Hand in the attempt with the answers saved so far (the review page's button)."""
    now = now or timezone.now()
    with transaction.atomic():
        attempt = _lock_attempt(user, attempt_id)
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


def _lock_attempt(user, attempt_id: int) -> Attempt:
    attempt = Attempt.objects.select_for_update().get(pk=attempt_id, user=user)
    if not attempt.is_open:
        raise AttemptClosed(
            _("This attempt has already been submitted. Your result is below; it cannot change.")
        )
    return attempt


def _answers_by_question(attempt: Attempt) -> dict[str, Answer]:
    return {answer.question_id: answer for answer in attempt.answers.all()}


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


def _upsert(rows: list[Answer]) -> None:
    if rows:
        Answer.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["attempt", "question_id"],
            update_fields=ANSWER_FIELDS,
        )


def _finalise(
    attempt: Attempt, answers: dict[str, Answer], now: datetime, *, timed_out: bool
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
    _upsert(rows)
    attempt.submitted_at = now
    attempt.timed_out = timed_out
    _score(attempt, {row.question_id: row.points for row in rows}, now)


def _score(attempt: Attempt, points: dict[str, Decimal | None], now: datetime) -> None:
    """Apply the totals to the attempt and save it; final results reach on_attempt_finalised."""
    totals = marking.totals(attempt.questions, points, attempt.pass_mark)
    attempt.score = totals.score
    attempt.max_score = totals.max_score
    attempt.percent = totals.percent
    attempt.category_scores = totals.categories
    if totals.pending:
        attempt.status = Attempt.Status.AWAITING_MARKING
        attempt.passed = None
    else:
        attempt.status = Attempt.Status.COMPLETED
        attempt.passed = totals.passed
        attempt.completed_at = attempt.completed_at or now
        attempt.result_version += 1
    attempt.save()
    if attempt.status == Attempt.Status.COMPLETED:
        on_attempt_finalised(attempt)


# Marking essays ----------------------------------------------------------------------------------


def mark_answer(
    answer_id: int, marker, points: Decimal, feedback: str = "", *, now: datetime | None = None
) -> Attempt:
    """A trainer's points for an essay (first marking or re-scoring); the attempt is rescored.

    When nothing is left to mark the attempt becomes final and the learner is told by email, in
    their language, once the transaction has committed (a re-score tells them again).
    """
    now = now or timezone.now()
    with transaction.atomic():
        attempt_id = Answer.objects.values_list("attempt_id", flat=True).get(pk=answer_id)
        attempt = Attempt.objects.select_for_update().get(pk=attempt_id)
        if attempt.is_open:
            raise QuizError(_("This attempt has not been submitted yet."))
        answer = Answer.objects.select_for_update().get(pk=answer_id)
        if answer.question_type != ESSAY:
            raise QuizError(_("Only essay answers are marked by hand."))
        points = Decimal(points).quantize(marking.CENT)
        if not Decimal(0) <= points <= answer.max_points:
            raise QuizError(_("Give between 0 and %(max)d points.") % {"max": answer.max_points})
        answer.points = points
        answer.is_correct = points == answer.max_points
        answer.feedback = feedback.strip()
        answer.marked_by = marker
        answer.marked_at = now
        answer.save(
            update_fields=[
                "points",
                "is_correct",
                "feedback",
                "marked_by",
                "marked_at",
                "updated_at",
            ]
        )
        all_points = dict(attempt.answers.values_list("question_id", "points"))
        _score(attempt, all_points, now)
        if attempt.status == Attempt.Status.COMPLETED:
            from .tasks import notify_result

            attempt_pk = attempt.pk
            transaction.on_commit(lambda: notify_result.delay(attempt_pk))
    return attempt


def send_result_notification(attempt_id: int) -> bool:
    """Email the learner their marked result, in their preferred language; once per result version.

    Idempotent and safe to retry: it sends nothing when this version of the result was already
    sent (or the attempt is not final).
    """
    with transaction.atomic():
        attempt = (
            Attempt.objects.select_for_update(of=("self",))
            .select_related("user", "user__learner_profile")
            .filter(pk=attempt_id)
            .first()
        )
        if attempt is None or attempt.status != Attempt.Status.COMPLETED:
            return False
        if attempt.notified_version >= attempt.result_version or not attempt.user.email:
            return False
        profile = getattr(attempt.user, "learner_profile", None)
        language = profile.preferred_language if profile else attempt.language
        quiz = words_copy(QuizPage, attempt.quiz_key, language)  # their language, else the source
        with translation.override(language):
            context = {
                "attempt": attempt,
                "quiz_title": quiz.title if quiz else "",
                "result_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
                + reverse("assessments:result", args=[attempt.pk]),
            }
            subject = render_to_string("assessments/email/result_subject.txt", context)
            body = render_to_string("assessments/email/result_body.txt", context)
        EmailMessage(
            " ".join(subject.split()),
            body,
            to=[attempt.user.email],
            headers={"Content-Language": language},
        ).send()
        attempt.notified_version = attempt.result_version
        attempt.save(update_fields=["notified_version"])
    return True


def send_pending_result_notifications(now: datetime | None = None) -> int:
    """Send result emails whose task was lost (broker down at commit, worker crash).

    The pair result_version / notified_version is the outbox: a hand-marked result that was not
    sent within a few minutes is sent by this periodic sweep. Attempts scored automatically at
    submission are shown on screen and never emailed, so only hand-marked ones are swept.
    """
    now = now or timezone.now()
    pending = (
        Attempt.objects.completed()
        .counted()
        .filter(
            notified_version__lt=F("result_version"),
            completed_at__lt=now - timedelta(minutes=2),
            answers__marked_at__isnull=False,
        )
        .values_list("pk", flat=True)
        .distinct()
    )
    return sum(send_result_notification(pk) for pk in list(pending))


# Events and queries for other apps ----------------------------------------------------------------


def on_attempt_finalised(attempt: Attempt) -> None:
    """Announce a final result, inside the submit or marking transaction, each time it is set.

    That is: when an attempt is submitted with nothing left to mark, when a trainer marks its last
    essay, and again when a trainer re-scores an answer of a final attempt. The learning journey
    listens to `signals.attempt_finalised` and updates the learner's module progress in the same
    transaction (docs/architecture.md); its receiver ignores previews and is idempotent.
    """
    attempt_finalised.send(sender=Attempt, attempt=attempt)


def best_score(user, quiz_translation_key) -> Decimal | None:
    """The learner's best final percentage at a quiz in any language, None before any result."""
    return (
        Attempt.objects.for_quiz(quiz_translation_key)
        .counted()
        .completed()
        .filter(user=user)
        .aggregate(best=Max("percent"))["best"]
    )


def has_passed(user, quiz_translation_key) -> bool:
    """Whether any final attempt of the learner at this quiz (in any language) passed."""
    return (
        Attempt.objects.for_quiz(quiz_translation_key)
        .counted()
        .completed()
        .filter(user=user, passed=True)
        .exists()
    )


def category_scores(user, quiz_translation_key) -> list[dict]:
    """Per-topic scores of the learner's best final attempt at a quiz (any language).

    Each item: category, points, max_points, percent. Topic names are in the language the
    attempt was taken in. Empty before any final result.
    """
    best = (
        Attempt.objects.for_quiz(quiz_translation_key)
        .counted()
        .completed()
        .filter(user=user)
        .order_by("-percent", "-completed_at")
        .values_list("category_scores", flat=True)
        .first()
    )
    return best or []


# Item statistics ----------------------------------------------------------------------


@dataclass
class ChoiceStatistic:
    id: str
    text: str
    correct: bool
    count: int
    percent: float


@dataclass
class QuestionStatistic:
    id: str
    number: int | None
    type: str
    prompt: str
    category: str
    max_points: int
    answers: int = 0
    answered: int = 0
    fully_correct: int = 0
    marked: int = 0
    mean_points: Decimal | None = None
    choices: list[ChoiceStatistic] = field(default_factory=list)

    @property
    def facility(self) -> float | None:
        """Share of answers that earned full marks (unanswered counts as not correct)."""
        return round(100 * self.fully_correct / self.answers, 1) if self.answers else None

    @property
    def mean_percent(self) -> float | None:
        if self.mean_points is None or not self.max_points:
            return None
        return round(float(self.mean_points) * 100 / self.max_points, 1)


@dataclass
class QuizStatistics:
    quiz: QuizPage | None
    attempts: int
    completed: int
    passed: int
    mean_percent: Decimal | None
    questions: list[QuestionStatistic]


def item_statistics(quiz_translation_key) -> QuizStatistics:
    """Facility and distractor counts per question of one quiz, pooled across every language.

    Answers are matched by block id and choices by choice id, which translations share. Texts come
    from the source-language page. Preview attempts and open attempts are left out.
    """
    source = source_copy(QuizPage, quiz_translation_key)
    summary = (
        Attempt.objects.for_quiz(quiz_translation_key)
        .counted()
        .submitted()
        .aggregate(
            attempts=Count("id"),
            completed=Count("id", filter=Q(status=Attempt.Status.COMPLETED)),
            passed=Count("id", filter=Q(passed=True)),
            mean=Avg("percent", filter=Q(status=Attempt.Status.COMPLETED)),
        )
    )
    answers = Answer.objects.for_statistics(quiz_translation_key)
    per_question = {
        row["question_id"]: row
        for row in answers.values("question_id").annotate(
            answers=Count("id"),
            answered=Count("id", filter=~Q(selected=[]) | ~Q(text="")),
            fully_correct=Count("id", filter=Q(is_correct=True)),
            marked=Count("points"),
            mean_points=Avg("points"),
            max_points=Max("max_points"),
            question_type=Max("question_type"),
        )
    }
    picks: Counter[tuple[str, str]] = Counter()
    for question_id, selected in (
        answers.exclude(selected=[]).values_list("question_id", "selected").iterator()
    ):
        for choice_id in selected or []:
            picks[(question_id, choice_id)] += 1

    questions: list[QuestionStatistic] = []
    known = snapshot_questions(source.questions.raw_data) if source else []
    for number, question in enumerate(known, start=1):
        stat = QuestionStatistic(
            id=question["id"],
            number=number,
            type=question["type"],
            prompt=question["prompt"],
            category=question["category"],
            max_points=question["points"],
        )
        _fill_statistic(stat, per_question.pop(question["id"], None))
        if question["type"] == TRUE_FALSE:
            options = [
                ("true", _("True"), question["correct"]),
                ("false", _("False"), not question["correct"]),
            ]
        else:
            options = [(c["id"], c["text"], c["correct"]) for c in question.get("choices", [])]
        stat.choices = [
            ChoiceStatistic(
                id=choice_id,
                text=text,
                correct=correct,
                count=picks[(question["id"], choice_id)],
                percent=round(100 * picks[(question["id"], choice_id)] / stat.answers, 1)
                if stat.answers
                else 0.0,
            )
            for choice_id, text, correct in options
        ]
        questions.append(stat)
    for question_id, row in per_question.items():  # questions since removed from the quiz
        stat = QuestionStatistic(
            id=question_id,
            number=None,
            type=row["question_type"],
            prompt=_("(a question no longer in the quiz)"),
            category="",
            max_points=row["max_points"] or 0,
        )
        _fill_statistic(stat, row)
        questions.append(stat)
    return QuizStatistics(
        quiz=source,
        attempts=summary["attempts"],
        completed=summary["completed"],
        passed=summary["passed"],
        mean_percent=summary["mean"],
        questions=questions,
    )


def _fill_statistic(stat: QuestionStatistic, row: dict | None) -> None:
    if row is None:
        return
    stat.answers = row["answers"]
    stat.answered = row["answered"]
    stat.fully_correct = row["fully_correct"]
    stat.marked = row["marked"]
    stat.mean_points = row["mean_points"]


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
