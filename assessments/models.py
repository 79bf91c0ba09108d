"""Quizzes: QuizPage with question blocks, attempts, answers and marking.

Attempts and answers point at the quiz page's `translation_key` and the question's stream block id,
never at one language's copy of the page: an attempt started in German counts for the same quiz in
French, and item statistics pool every language.
"""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail_localize.fields import SynchronizedField

from courses.blocks import RICH_TEXT_FEATURES
from courses.localisation import rules_copy
from courses.models import ModulePage
from courses.programme import children_of
from lms.http import private
from lms.roles import has_second_factor

from .blocks import QuestionStreamBlock
from .forms import QuizPageForm


class QuizPage(Page):
    """An end-of-module quiz (or a lesson check) living under a module."""

    class Purpose(models.TextChoices):
        MODULE_QUIZ = "module_quiz", _("End-of-module quiz (counts for completion)")
        LESSON_CHECK = "lesson_check", _("Lesson check (practice)")

    class Layout(models.TextChoices):
        ONE_QUESTION_PER_PAGE = "per_question", _("One question per page")
        ONE_PAGE = "one_page", _("All questions on one page")

    class FeedbackTiming(models.TextChoices):
        AFTER_EACH = "after_each", _("After each question")
        AT_END = "at_end", _("At the end")
        NEVER = "never", _("Never: show the score only")

    # Introduction -----------------------------------------------------------------------
    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)
    purpose = models.CharField(
        _("purpose"), max_length=20, choices=Purpose.choices, default=Purpose.MODULE_QUIZ
    )
    # Questions --------------------------------------------------------------------------
    questions = StreamField(QuestionStreamBlock(), verbose_name=_("questions"))
    draw_count = models.PositiveSmallIntegerField(
        _("questions per attempt"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Draw this many questions at random for each attempt. Leave empty to use them all."
        ),
    )
    random_question_order = models.BooleanField(_("random question order"), default=False)
    random_choice_order = models.BooleanField(_("random choice order"), default=False)
    # Taking the quiz --------------------------------------------------------------------
    layout = models.CharField(
        _("layout"), max_length=20, choices=Layout.choices, default=Layout.ONE_QUESTION_PER_PAGE
    )
    feedback_timing = models.CharField(
        _("show answers and feedback"),
        max_length=20,
        choices=FeedbackTiming.choices,
        default=FeedbackTiming.AT_END,
        help_text=_("'After each question' needs the one-question-per-page layout."),
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text=_("Leave empty for no time limit."),
    )
    # Attempts ---------------------------------------------------------------------------
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts allowed"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Leave empty for unlimited attempts; 1 for a single attempt."),
    )
    cooldown_minutes = models.PositiveIntegerField(
        _("wait between attempts (minutes)"),
        default=0,
        validators=[MaxValueValidator(60 * 24 * 30)],
    )
    # Result -----------------------------------------------------------------------------
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=70, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    success_text = RichTextField(_("success text"), features=RICH_TEXT_FEATURES, blank=True)
    fail_text = RichTextField(_("fail text"), features=RICH_TEXT_FEATURES, blank=True)
    # Availability -----------------------------------------------------------------------
    is_draft = models.BooleanField(
        _("draft"),
        default=False,
        help_text=_("Only people who may edit this quiz can take it, to try it out."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("questions"),
    ]
    quiz_settings_panels = [
        MultiFieldPanel(
            [FieldPanel("purpose"), FieldPanel("is_draft")], heading=_("Purpose and availability")
        ),
        MultiFieldPanel(
            [
                FieldPanel("draw_count"),
                FieldPanel("random_question_order"),
                FieldPanel("random_choice_order"),
            ],
            heading=_("Questions drawn"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("layout"),
                FieldPanel("feedback_timing"),
                FieldPanel("time_limit_minutes"),
            ],
            heading=_("Taking the quiz"),
        ),
        MultiFieldPanel(
            [FieldPanel("max_attempts"), FieldPanel("cooldown_minutes")], heading=_("Attempts")
        ),
        MultiFieldPanel(
            [FieldPanel("pass_mark"), FieldPanel("success_text"), FieldPanel("fail_text")],
            heading=_("Result"),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(quiz_settings_panels, heading=_("Quiz settings")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    base_form_class = QuizPageForm
    # Settings are the same in every language; translators only translate the texts.
    override_translatable_fields = [
        SynchronizedField(name)
        for name in (
            "purpose",
            "draw_count",
            "random_question_order",
            "random_choice_order",
            "layout",
            "feedback_timing",
            "time_limit_minutes",
            "max_attempts",
            "cooldown_minutes",
            "pass_mark",
            "is_draft",
        )
    ]

    parent_page_types = ["courses.ModulePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def clean(self) -> None:
        super().clean()
        errors: dict[str, ValidationError] = {}
        if self.draw_count and self.draw_count > len(self.questions or []):
            errors["draw_count"] = ValidationError(
                _("The quiz has only %(count)d questions."),
                params={"count": len(self.questions or [])},
            )
        if (
            self.feedback_timing == self.FeedbackTiming.AFTER_EACH
            and self.layout != self.Layout.ONE_QUESTION_PER_PAGE
        ):
            errors["feedback_timing"] = ValidationError(
                _("Feedback after each question needs the one-question-per-page layout.")
            )
        if errors:
            raise ValidationError(errors)

    # Behaviour --------------------------------------------------------------------------

    @property
    def question_count(self) -> int:
        """How many questions one attempt has."""
        total = len(self.questions)
        return min(self.draw_count, total) if self.draw_count else total

    def can_preview(self, user) -> bool:
        """Whether the user may take the quiz while it is a draft: the people who may edit it."""
        if not has_second_factor(user):
            return False
        return user.is_superuser or self.permissions_for_user(user).can_edit()

    def settings_snapshot(self) -> dict:
        """The settings an attempt keeps for its whole life, whatever happens to the page."""
        return {
            "layout": self.layout,
            "feedback_timing": self.feedback_timing,
            "pass_mark": self.pass_mark,
            "time_limit_minutes": self.time_limit_minutes,
        }

    def get_context(self, request, *args, **kwargs):
        from . import services

        context = super().get_context(request, *args, **kwargs)
        context["status"] = services.quiz_status(request.user, self)
        # What the page states about limits is what is enforced: the source-language quiz's.
        context["rules"] = rules_copy(self)
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # The introduction shows this learner's attempts: never cache or share it.
        return private(response)


def module_quiz_key(module: ModulePage) -> UUID | None:
    """The quiz that counts for a module's completion: its live, public end-of-module quiz that
    is not a draft. The programme (courses.programme) asks this through its registry."""
    return (
        children_of(QuizPage, module)
        .filter(is_draft=False, purpose=QuizPage.Purpose.MODULE_QUIZ)
        .values_list("translation_key", flat=True)
        .first()
    )


class AttemptQuerySet(models.QuerySet):
    def for_quiz(self, quiz_key) -> AttemptQuerySet:
        return self.filter(quiz_key=quiz_key)

    def open(self) -> AttemptQuerySet:
        return self.filter(status=Attempt.Status.IN_PROGRESS)

    def submitted(self) -> AttemptQuerySet:
        """Handed in: awaiting marking or completed."""
        return self.exclude(status=Attempt.Status.IN_PROGRESS)

    def completed(self) -> AttemptQuerySet:
        """Final results: every answer marked."""
        return self.filter(status=Attempt.Status.COMPLETED)

    def counted(self) -> AttemptQuerySet:
        """Attempts that count for results and statistics (not staff trying out a draft)."""
        return self.filter(is_preview=False)


class Attempt(models.Model):
    """One learner's sitting of one quiz, in whatever language they take it."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        AWAITING_MARKING = "awaiting_marking", _("Awaiting marking")
        COMPLETED = "completed", _("Completed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    quiz_key = models.UUIDField(_("quiz"), help_text=_("The quiz page's translation key."))
    module_key = models.UUIDField(null=True, blank=True, editable=False)
    quiz_page = models.ForeignKey(
        QuizPage,
        verbose_name=_("quiz page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attempts",
        help_text=_("The language copy the attempt was started on."),
    )
    number = models.PositiveSmallIntegerField(_("attempt number"))
    language = models.CharField(_("language"), max_length=10)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IN_PROGRESS
    )
    is_preview = models.BooleanField(
        _("preview"), default=False, help_text=_("Staff trying out a draft quiz.")
    )
    # What the attempt was started with: the drawn questions (answer keys included, never sent
    # to the browser before submission) and the settings. Edits to the quiz leave them alone.
    questions = models.JSONField(default=list, editable=False)
    quiz_settings = models.JSONField(default=dict, editable=False)
    # Timeline -------------------------------------------------------------------------------
    started_at = models.DateTimeField(_("started at"))
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    timed_out = models.BooleanField(_("timed out"), default=False)
    # Result -----------------------------------------------------------------------------------
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2, null=True, blank=True)
    max_score = models.PositiveIntegerField(_("maximum score"), default=0)
    percent = models.DecimalField(
        _("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    category_scores = models.JSONField(_("scores per topic"), default=list, blank=True)
    # Bumped each time the final result is set or changed; the learner is told once per version.
    result_version = models.PositiveIntegerField(default=0, editable=False)
    notified_version = models.PositiveIntegerField(default=0, editable=False)
    # The result version whose announcement (signals.attempt_finalised) was delivered: the outbox
    # of services/hooks.py, read by the sweep where it is behind result_version. The database
    # default keeps rows inserted without it (code deployed before it, bulk copies) valid.
    announced_version = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "quiz_key", "number"], name="unique_attempt_number"
            ),
            # At most one open attempt per learner and quiz, whatever the language.
            models.UniqueConstraint(
                fields=["user", "quiz_key"],
                condition=Q(status="in_progress"),
                name="one_open_attempt_per_quiz",
            ),
        ]
        indexes = [
            models.Index(fields=["quiz_key", "status"]),
            models.Index(fields=["module_key", "status"]),
            # The outbox sweep's rows: results not announced yet (few, and only for a moment).
            models.Index(
                fields=["completed_at"],
                condition=Q(result_version__gt=F("announced_version")),
                name="attempt_unannounced",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quiz_key} #{self.number} ({self.user_id})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.IN_PROGRESS

    @property
    def layout(self) -> str:
        return self.quiz_settings.get("layout", QuizPage.Layout.ONE_QUESTION_PER_PAGE)

    @property
    def feedback_timing(self) -> str:
        return self.quiz_settings.get("feedback_timing", QuizPage.FeedbackTiming.AT_END)

    @property
    def pass_mark(self) -> int:
        return int(self.quiz_settings.get("pass_mark", 100))

    @property
    def page_count(self) -> int:
        if self.layout == QuizPage.Layout.ONE_PAGE:
            return 1
        return len(self.questions)

    def questions_on_page(self, number: int) -> list[dict]:
        """The snapshot questions shown on page `number` (1-based); empty when out of range."""
        if not 1 <= number <= self.page_count:
            return []
        if self.layout == QuizPage.Layout.ONE_PAGE:
            return list(self.questions)
        return [self.questions[number - 1]]

    def page_of(self, question_id: str) -> int:
        if self.layout == QuizPage.Layout.ONE_PAGE:
            return 1
        for index, question in enumerate(self.questions, start=1):
            if question["id"] == question_id:
                return index
        return 1

    def overdue(self, now, grace: timedelta = timedelta(0)) -> bool:
        return self.deadline is not None and now > self.deadline + grace

    def reveals_answers(self) -> bool:
        """Whether the result page may show keys and feedback (the 'show answers' setting)."""
        return self.feedback_timing != QuizPage.FeedbackTiming.NEVER


class AnswerQuerySet(models.QuerySet):
    def for_statistics(self, quiz_key) -> AnswerQuerySet:
        """Answers of handed-in, counted attempts at one quiz, in every language."""
        return self.filter(attempt__quiz_key=quiz_key, attempt__is_preview=False).exclude(
            attempt__status=Attempt.Status.IN_PROGRESS
        )

    def essays(self) -> AnswerQuerySet:
        return self.filter(question_type="essay")

    def awaiting_marking(self) -> AnswerQuerySet:
        return self.essays().filter(
            points__isnull=True, attempt__status=Attempt.Status.AWAITING_MARKING
        )


class Answer(models.Model):
    """A learner's answer to one question of one attempt, keyed by the question's block id."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    question_id = models.CharField(_("question"), max_length=64)
    question_type = models.CharField(_("question type"), max_length=20)
    max_points = models.PositiveSmallIntegerField(_("maximum points"), default=1)
    selected = models.JSONField(_("selected choices"), default=list, blank=True)
    text = models.TextField(_("answer"), blank=True)
    points = models.DecimalField(
        _("points"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty until marked."),
    )
    is_correct = models.BooleanField(_("fully correct"), null=True, blank=True)
    checked_at = models.DateTimeField(
        null=True, blank=True, help_text=_("Feedback seen before submission: the answer is locked.")
    )
    feedback = models.TextField(_("trainer's feedback"), blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    marked_at = models.DateTimeField(_("marked at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question_id"], name="one_answer_per_question"
            )
        ]
        indexes = [models.Index(fields=["question_id"])]
        permissions = [
            ("mark_answers", _("Can mark essay answers")),
            ("view_item_statistics", _("Can see quiz item statistics")),
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}/{self.question_id}"

    @property
    def is_answered(self) -> bool:
        return bool(self.selected) or bool(self.text.strip())

    @property
    def awaiting_marking(self) -> bool:
        return self.question_type == "essay" and self.points is None
