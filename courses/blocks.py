"""Lesson building blocks. Every piece of text is a translatable segment for wagtail-localize."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from network.blocks import InYourCityBlock

RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link"]


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=250,
        help_text=_("Describe what the image shows for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "courses/blocks/image.html"


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("Video URL"))
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    transcript = blocks.RichTextBlock(
        label=_("Transcript"),
        features=RICH_TEXT_FEATURES,
        help_text=_("Required: learners who cannot hear or watch the video read it here."),
    )

    class Meta:
        icon = "media"
        label = _("Video with transcript")
        template = "courses/blocks/video.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    description = blocks.TextBlock(label=_("Description"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Document download")
        template = "courses/blocks/document.html"


class KeyPointsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    points = blocks.ListBlock(
        blocks.CharBlock(label=_("Point")), label=pgettext_lazy("key points block", "Points")
    )

    class Meta:
        icon = "list-ul"
        label = _("Key points")
        template = "courses/blocks/key_points.html"


class CalloutBlock(blocks.StructBlock):
    tone = blocks.ChoiceBlock(
        label=_("Tone"),
        choices=[
            ("info", _("Information")),
            ("warning", _("Warning")),
            ("practice", _("Practice tip")),
        ],
        default="info",
    )
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    text = blocks.TextBlock(label=_("Text"))

    class Meta:
        icon = "warning"
        label = _("Callout")
        template = "courses/blocks/callout.html"


class CaseScenarioBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    setting = blocks.CharBlock(
        label=_("Setting"), max_length=250, help_text=_("Where it happens (an invented city).")
    )
    scenario = blocks.RichTextBlock(label=_("Scenario"), features=RICH_TEXT_FEATURES)
    questions = blocks.ListBlock(
        blocks.CharBlock(label=_("Question")), label=_("Questions for discussion")
    )
    discussion = blocks.RichTextBlock(
        label=_("Discussion"), features=RICH_TEXT_FEATURES, help_text=_("The trainer's debrief.")
    )

    class Meta:
        icon = "group"
        label = _("Case scenario")
        template = "courses/blocks/case_scenario.html"


class ReflectionBlock(blocks.StructBlock):
    prompt = blocks.TextBlock(label=_("Prompt"))

    class Meta:
        icon = "help"
        label = _("Reflection prompt")
        template = "courses/blocks/reflection.html"


class ChecklistBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    items = blocks.ListBlock(blocks.CharBlock(label=_("Item")), label=_("Items"))

    class Meta:
        icon = "tasks"
        label = _("Checklist")
        template = "courses/blocks/checklist.html"


class SourceBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=300)
    publisher = blocks.CharBlock(label=_("Publisher"), max_length=200)
    year = blocks.IntegerBlock(label=_("Year"), min_value=1900, max_value=2100)
    url = blocks.URLBlock(label=_("Link"), required=False)


class SourcesBlock(blocks.StructBlock):
    """Where a lesson's facts and practice examples come from, so trainers can check them."""

    items = blocks.ListBlock(SourceBlock(), label=_("Sources"), min_num=1)

    class Meta:
        icon = "doc-full"
        label = _("Sources and further reading")
        template = "courses/blocks/sources.html"


class DecisionAidBlock(blocks.StaticBlock):
    """The course's one decision aid, placed where a lesson turns on when to act, consult or refer.

    Its words live once, in the `DecisionAid` snippet (translated like pages), so every lesson
    that shows it says the same thing.
    """

    class Meta:
        icon = "warning"
        label = _("Decision aid: act, consult or refer")
        admin_text = _("Shows the decision aid (edit its words under Snippets).")
        template = "courses/blocks/decision_aid.html"

    def get_context(self, value, parent_context=None):
        from .models import DecisionAid

        context = super().get_context(value, parent_context=parent_context)
        context["aid"] = DecisionAid.for_current_language()
        return context


class DecisionAidStepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    when = blocks.TextBlock(label=_("When"))
    action = blocks.TextBlock(label=_("What to do"))


class LessonBodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("Heading"), max_length=200, icon="title", template="courses/blocks/heading.html"
    )
    paragraph = blocks.RichTextBlock(label=_("Rich text"), features=RICH_TEXT_FEATURES)
    image = ImageBlock()
    video = VideoBlock()
    document = DocumentBlock()
    key_points = KeyPointsBlock()
    callout = CalloutBlock()
    case_scenario = CaseScenarioBlock()
    reflection = ReflectionBlock()
    checklist = ChecklistBlock()
    sources = SourcesBlock()
    decision_aid = DecisionAidBlock()
    in_your_city = InYourCityBlock()
