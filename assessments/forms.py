"""Forms: the quiz editor's checks, reading a learner's posted answers, marking an essay."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminPageForm

from .blocks import ESSAY, MULTIPLE_SELECT, SINGLE_CHOICE, TRUE_FALSE
from .exceptions import InvalidSubmission

ANSWER_PREFIX = "answer-"
# Fields a question page may post besides the answers.
CONTROL_FIELDS = {"csrfmiddlewaretoken", "action"}
MAX_ESSAY_CHARS = 10_000
# Far above what a page of answers can weigh: ten essays of 10,000 Greek characters are about
# 600 kB once form-encoded (2 bytes each in UTF-8, each byte sent as "%XX").
MAX_POST_BYTES = 1_000_000
TRUE_FALSE_VALUES = ("true", "false")
SIMPLE_ACTIONS = {"save", "next", "previous", "review", "check", "submit"}


class QuizPageForm(WagtailAdminPageForm):
    """Checks that need the page's place in the tree: one end-of-module quiz per module."""

    def clean(self):
        cleaned_data = super().clean()
        parent = getattr(self, "parent_page", None)
        if cleaned_data.get("purpose") == "module_quiz" and parent is not None:
            others = type(self.instance).objects.child_of(parent).filter(purpose="module_quiz")
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            if others.exists():
                self.add_error(
                    "purpose",
                    _(
                        "This module already has an end-of-module quiz. Make this one a lesson "
                        "check, or change the other one."
                    ),
                )
        return cleaned_data


# Reading posted answers ----------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedAnswer:
    selected: tuple[str, ...] = ()
    text: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.selected and not self.text


@dataclass(frozen=True)
class Action:
    kind: str
    page: int | None = None


@dataclass
class PagePost:
    action: Action
    answers: dict[str, ParsedAnswer] = field(default_factory=dict)
    posted: set[str] = field(default_factory=set)


def answer_field_name(question_id: str) -> str:
    return f"{ANSWER_PREFIX}{question_id}"


def parse_page_post(
    data: QueryDict, attempt_questions: list[dict], page_questions: list[dict], page_count: int
) -> PagePost:
    """Read the answers posted from one page of an attempt, refusing anything the page can't send.

    Every question on the page gets an answer (empty when nothing was posted for it: an unticked
    checkbox group posts nothing), so clearing an answer is saved too. Raises InvalidSubmission
    with a message for the learner; nothing is written before the whole post is known to be valid.
    """
    action = parse_action(data, page_count)
    on_page = {question["id"]: question for question in page_questions}
    in_attempt = {question["id"] for question in attempt_questions}
    answers = {question_id: ParsedAnswer() for question_id in on_page}
    posted: set[str] = set()
    for key in data:
        if key in CONTROL_FIELDS:
            continue
        if not key.startswith(ANSWER_PREFIX):
            raise InvalidSubmission(_("The form contained a field this quiz does not have."))
        question_id = key[len(ANSWER_PREFIX) :]
        if question_id not in in_attempt:
            raise InvalidSubmission(
                _("The form contained an answer to a question that is not part of your quiz.")
            )
        if question_id not in on_page:
            raise InvalidSubmission(
                _("The form contained an answer to a question that is not on this page.")
            )
        answers[question_id] = parse_answer(on_page[question_id], data.getlist(key))
        posted.add(question_id)
    return PagePost(action=action, answers=answers, posted=posted)


def asks_to_submit(data: QueryDict) -> bool:
    """Whether the post is the Submit button's (read before the attempt is, see parse_action)."""
    return data.getlist("action") == ["submit"]


def parse_action(data: QueryDict, page_count: int) -> Action:
    values = data.getlist("action")
    if not values:
        return Action("save")
    if len(values) > 1:
        raise InvalidSubmission(_("The form asked for more than one thing at once."))
    value = values[0]
    if value in SIMPLE_ACTIONS:
        return Action(value)
    if value.startswith("page-") and value[5:].isdigit() and len(value) < 12:
        number = int(value[5:])
        if 1 <= number <= page_count:
            return Action("page", number)
    raise InvalidSubmission(_("The form asked for something this quiz cannot do."))


def count_words(text: str) -> int:
    """Words as a learner counts them: runs of letters or digits, in any script."""
    return len(re.findall(r"[^\W_]+(?:['\u2019-][^\W_]+)*", text))


def parse_answer(question: dict, values: list[str]) -> ParsedAnswer:
    if any("\x00" in value for value in values):
        raise InvalidSubmission(_("An answer contained characters that are not allowed."))
    kind = question["type"]
    if kind == ESSAY:
        if len(values) != 1:
            raise InvalidSubmission(_("An essay question takes one text answer."))
        text = values[0].replace("\r\n", "\n").replace("\r", "\n").strip()
        if len(text) > MAX_ESSAY_CHARS:
            raise InvalidSubmission(
                _("Your answer is too long: write at most %(count)d characters.")
                % {"count": MAX_ESSAY_CHARS}
            )
        most = question.get("max_words")
        if most and count_words(text) > most:
            raise InvalidSubmission(
                _("Your answer is too long: write at most %(count)d words.") % {"count": most}
            )
        return ParsedAnswer(text=text)
    allowed = (
        TRUE_FALSE_VALUES
        if kind == TRUE_FALSE
        else tuple(choice["id"] for choice in question.get("choices", []))
    )
    if kind in (SINGLE_CHOICE, TRUE_FALSE) and len(values) != 1:
        raise InvalidSubmission(_("This question takes exactly one answer."))
    if kind == MULTIPLE_SELECT and (len(values) > len(allowed) or len(set(values)) != len(values)):
        raise InvalidSubmission(_("The same choice was sent more than once."))
    if any(value not in allowed for value in values):
        raise InvalidSubmission(_("An answer was not one of the question's choices."))
    # Keep the question's own order so the stored answer does not depend on the display order.
    chosen = set(values)
    return ParsedAnswer(selected=tuple(value for value in allowed if value in chosen))


# Marking --------------------------------------------------------------------------------------


class MarkingForm(forms.Form):
    """A trainer's points and feedback for one essay answer."""

    points = forms.DecimalField(
        label=gettext_lazy("Points"), min_value=Decimal(0), max_digits=6, decimal_places=2
    )
    feedback = forms.CharField(
        label=gettext_lazy("Feedback for the learner"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy(
            "The learner reads it with their result. Do not repeat personal details."
        ),
    )

    def __init__(self, *args, max_points: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.max_points = max_points
        self.fields["points"].validators.append(MaxValueValidator(Decimal(max_points)))
        self.fields["points"].help_text = _("From 0 to %(max)d.") % {"max": max_points}
        self.fields["points"].widget.attrs.update({"min": 0, "max": max_points, "step": "0.5"})
