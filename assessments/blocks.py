"""Question blocks of a quiz.

Each question is one block of the QuizPage `questions` StreamField. Its block id is the question's
identity in every language (wagtail-localize keeps block ids when it translates a page), so answers,
attempts and item statistics are recorded against it. Choices live in a ListBlock whose item ids
play the same part for distractor counts.

Field names follow the `quiz:` format of `courses/content/*.yaml` (prompt, points, category,
explanation, choices[text, correct, feedback], correct/feedback_true/feedback_false for a
true/false statement, marking_guidance for an essay), so the content loader maps it one to one.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

SINGLE_CHOICE = "single_choice"
MULTIPLE_SELECT = "multiple_select"
TRUE_FALSE = "true_false"
ESSAY = "essay"
QUESTION_TYPES = (SINGLE_CHOICE, MULTIPLE_SELECT, TRUE_FALSE, ESSAY)
CHOICE_TYPES = (SINGLE_CHOICE, MULTIPLE_SELECT)
MAX_POINTS = 100


# An essay answer is at most 10,000 characters, so no word limit above this makes sense.
MAX_ESSAY_WORDS = 2000


class ChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Choice"), max_length=500)
    correct = blocks.BooleanBlock(label=_("Correct"), required=False)
    feedback = blocks.TextBlock(
        label=_("Feedback"),
        required=False,
        help_text=_("Shown to a learner who picks this choice, once answers are revealed."),
    )

    class Meta:
        icon = "radio-empty"
        label = _("Choice")


class BaseQuestionBlock(blocks.StructBlock):
    """What every question has: a prompt, an optional image, points, a topic and an explanation."""

    prompt = blocks.TextBlock(label=_("Question"))
    image = ImageChooserBlock(label=_("Image"), required=False)
    alt_text = blocks.CharBlock(
        label=_("Image alternative text"),
        max_length=250,
        required=False,
        help_text=_("Required with an image: what it shows, for people who cannot see it."),
    )
    points = blocks.IntegerBlock(label=_("Points"), default=1, min_value=1, max_value=MAX_POINTS)
    category = blocks.CharBlock(
        label=_("Topic"),
        max_length=100,
        required=False,
        help_text=_("Learners see their score per topic; reuse the same few topic names."),
    )
    explanation = blocks.TextBlock(
        label=_("Explanation"),
        required=False,
        help_text=_("Shown after answering: why the right answer is right."),
    )
    show_decision_aid = blocks.BooleanBlock(
        label=_("Show the decision aid with the feedback"),
        required=False,
        help_text=_("Tick when the question turns on whether to act at once, consult or refer."),
    )

    def clean(self, value):
        value = super().clean(value)
        if value.get("image") and not (value.get("alt_text") or "").strip():
            raise blocks.StructBlockValidationError(
                block_errors={
                    "alt_text": ValidationError(_("Describe the image for screen readers."))
                }
            )
        return value


class SingleChoiceBlock(BaseQuestionBlock):
    choices = blocks.ListBlock(ChoiceBlock(), label=_("Choices"), min_num=2, max_num=10)

    def clean(self, value):
        value = super().clean(value)
        correct = sum(1 for choice in value["choices"] if choice["correct"])
        if correct != 1:
            raise blocks.StructBlockValidationError(
                non_block_errors=[
                    ValidationError(_("A single-choice question needs exactly one correct choice."))
                ]
            )
        return value

    class Meta:
        icon = "radio-full"
        label = _("Single choice")


class MultipleSelectBlock(BaseQuestionBlock):
    choices = blocks.ListBlock(ChoiceBlock(), label=_("Choices"), min_num=2, max_num=10)

    def clean(self, value):
        value = super().clean(value)
        if not any(choice["correct"] for choice in value["choices"]):
            raise blocks.StructBlockValidationError(
                non_block_errors=[
                    ValidationError(
                        _("A multiple-select question needs at least one correct choice.")
                    )
                ]
            )
        return value

    class Meta:
        icon = "tasks"
        label = _("Multiple select")


class TrueFalseBlock(BaseQuestionBlock):
    correct = blocks.BooleanBlock(
        label=_("The statement is true"),
        required=False,
        help_text=_("Tick when the right answer is 'true'."),
    )
    feedback_true = blocks.TextBlock(label=_("Feedback for 'true'"), required=False)
    feedback_false = blocks.TextBlock(label=_("Feedback for 'false'"), required=False)

    class Meta:
        icon = "tick"
        label = _("True or false")


class EssayBlock(BaseQuestionBlock):
    marking_guidance = blocks.TextBlock(
        label=_("Marking guidance"),
        required=False,
        help_text=_(
            "For the trainer who marks the answer: criteria and points. Never shown to learners."
        ),
    )
    min_words = blocks.IntegerBlock(
        label=_("Fewest words"), required=False, min_value=1, max_value=MAX_ESSAY_WORDS
    )
    max_words = blocks.IntegerBlock(
        label=_("Most words"), required=False, min_value=1, max_value=MAX_ESSAY_WORDS
    )

    def clean(self, value):
        value = super().clean(value)
        low, high = value.get("min_words"), value.get("max_words")
        if low and high and low >= high:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "max_words": ValidationError(_("Give more words than the fewest words."))
                }
            )
        return value

    class Meta:
        icon = "edit"
        label = _("Essay")


def _has_writing(block: blocks.Block, value: object) -> bool:
    """Whether a block's value holds anything a trainer wrote or chose: text or an image.

    Numbers and ticks are left out: a new question starts with its default points and unticked
    boxes (still strings such as "1" before cleaning), so they say nothing about whether the
    trainer has begun it.
    """
    if isinstance(block, blocks.StructBlock):
        return any(
            _has_writing(child, value.get(name)) for name, child in block.child_blocks.items()
        )
    if isinstance(block, blocks.ListBlock):
        return any(_has_writing(block.child_block, item) for item in value or [])
    if isinstance(block, blocks.IntegerBlock | blocks.BooleanBlock):
        return False
    if isinstance(block, blocks.ChooserBlock):
        return value is not None
    return bool(str(value or "").strip())


def is_blank_question(child: blocks.StreamValue.StreamChild) -> bool:
    """A question block nothing has been written in: no prompt, choice, feedback or image."""
    return not _has_writing(child.block, child.value)


class QuestionStreamBlock(blocks.StreamBlock):
    single_choice = SingleChoiceBlock()
    multiple_select = MultipleSelectBlock()
    true_false = TrueFalseBlock()
    essay = EssayBlock()

    def clean(self, value):
        """A draft (autosave, Save draft) leaves out question blocks nothing was written in.

        Saving a draft defers required fields, so a blank question, for instance one added
        before a publish that failed validation, would otherwise be stored in the draft and
        come back on every reload. Publishing still refuses it with "This field is required".
        """
        if self.is_deferred_validation:
            value = blocks.StreamValue(
                self,
                [
                    (child.block_type, child.value, child.id)
                    for child in value
                    if not is_blank_question(child)
                ],
            )
        return super().clean(value)

    class Meta:
        min_num = 1
