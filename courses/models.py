"""Training content: the catalogue, its modules and their lessons, as Wagtail pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import blocks, hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from lms.http import private

from .blocks import RICH_TEXT_FEATURES, DecisionAidStepBlock, LessonBodyBlock
from .forms import LessonPageForm
from .localisation import rules_copy

# Apps above content add what they show on a content page (the learning journey: the learner's
# progress, outline and next step) by registering a Wagtail hook under this name; each hook is
# called as hook(page, request, context) and returns a dict merged into the context.
PAGE_CONTEXT_HOOK = "courses_page_context"


def _add_hooked_context(page: Page, request, context: dict) -> dict:
    for hook in hooks.get_hooks(PAGE_CONTEXT_HOOK):
        context.update(hook(page, request, context) or {})
    return context


class CataloguePage(Page):
    """The site root in each language: the LIAISE programme and its modules."""

    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["courses.ModulePage", "network.PracticeIndexPage", "courses.InfoPage"]
    max_count_per_parent = 1
    # The explorer lists modules in programme order, not by latest revision (Wagtail's default).
    admin_default_ordering = "ord"

    class Meta:
        verbose_name = _("catalogue")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["modules"] = list(self.modules())
        return _add_hooked_context(self, request, context)

    def modules(self):
        return ModulePage.objects.child_of(self).live().public().order_by("number")

    def route(self, request, path_components):
        """Pages this language has no copy of are served from the source tree, so that the
        source page under the reader's prefix (where `learner_url` links, the localisation rule)
        is not a 404 once a catalogue exists in the reader's language."""
        try:
            return super().route(request, path_components)
        except Http404:
            source = rules_copy(self) if path_components else self
            if source.pk == self.pk:
                raise
            return source.route(request, path_components)


class ModulePage(Page):
    """One of the six LIAISE training modules."""

    # The explorer lists lessons and the quiz in the order learners take them (tree order),
    # not Wagtail's default "latest revision first", which showed them reversed after a load.
    admin_default_ordering = "ord"

    # Identity ---------------------------------------------------------------------------
    number = models.PositiveSmallIntegerField(
        _("module number"), validators=[MinValueValidator(1), MaxValueValidator(99)]
    )
    summary = models.TextField(_("summary"), max_length=600)
    # Who and how long -------------------------------------------------------------------
    audience = models.TextField(_("audience"), max_length=600)
    estimated_minutes = models.PositiveIntegerField(
        _("estimated minutes"), validators=[MinValueValidator(1), MaxValueValidator(6000)]
    )
    learning_objectives = StreamField(
        [("objective", blocks.CharBlock(label=_("Objective"), max_length=300))],
        verbose_name=_("learning objectives"),
        blank=True,
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt_text = models.CharField(
        _("image alternative text"),
        max_length=250,
        blank=True,
        help_text=_("Required when an image is chosen."),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("number"), FieldPanel("summary"), FieldPanel("estimated_minutes")],
            heading=_("Module"),
        ),
        FieldPanel("audience"),
        FieldPanel("learning_objectives"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt_text")], heading=_("Image")),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    override_translatable_fields = [
        SynchronizedField("number"),
        SynchronizedField("estimated_minutes"),
        SynchronizedField("image"),
    ]

    parent_page_types = ["courses.CataloguePage"]
    subpage_types = ["courses.LessonPage", "assessments.QuizPage"]

    class Meta:
        verbose_name = _("module")

    def clean(self) -> None:
        super().clean()
        if self.image_id and not self.image_alt_text.strip():
            raise ValidationError({"image_alt_text": _("Describe the image for screen readers.")})

    def lessons(self):
        return LessonPage.objects.child_of(self).live().public()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["lessons"] = list(self.lessons())
        return _add_hooked_context(self, request, context)


class LessonPage(Page):
    """A lesson of a module: a stream of teaching blocks read in order."""

    # Room for the translations: a German or Greek sentence runs a third longer than English.
    summary = models.CharField(_("summary"), max_length=500)
    estimated_minutes = models.PositiveIntegerField(
        _("estimated minutes"), default=20, validators=[MinValueValidator(1)]
    )
    required = models.BooleanField(
        _("required for completion"),
        default=True,
        help_text=_("Learners must complete every required lesson to complete the module."),
    )
    body = StreamField(LessonBodyBlock(), verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("estimated_minutes"),
                FieldPanel("required"),
                FieldPanel("reopen_completed"),  # a form-only choice, see LessonPageForm
            ],
            heading=_("Completion"),
        ),
        FieldPanel("body"),
    ]
    base_form_class = LessonPageForm
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    override_translatable_fields = [
        SynchronizedField("estimated_minutes"),
        SynchronizedField("required"),
    ]

    parent_page_types = ["courses.ModulePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("lesson")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        return _add_hooked_context(self, request, context)

    def serve(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().serve(request, *args, **kwargs)
        from . import page_cache  # it reads this module's page classes

        def build():
            return super(LessonPage, self).serve(request, *args, **kwargs)

        # Shows this learner's progress: never stored by a browser or a proxy for another.
        return private(page_cache.serve_signed_in(request, self, build))


class InfoPage(Page):
    """A page about the platform itself, linked from every page's footer: the accessibility
    statement and the privacy notice. Written in courses/content/pages.yaml, edited by trainers
    like any page, translated into every content language with the modules."""

    body = RichTextField(_("body"), features=["h2", "h3", "bold", "italic", "ol", "ul", "link"])

    content_panels = [*Page.content_panels, FieldPanel("body")]
    parent_page_types = ["courses.CataloguePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("information page")


class DecisionAid(TranslatableMixin, models.Model):
    """When to act at once, when to consult, when to refer: written once, shown in many lessons.

    One row per language (a wagtail-localize translation of the English one); lessons and quiz
    feedback show the reader's language, else the source.
    """

    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    steps = StreamField(
        [("step", DecisionAidStepBlock())], verbose_name=_("steps"), use_json_field=True
    )
    closing = models.TextField(_("closing note"), blank=True)

    panels = [FieldPanel("title"), FieldPanel("intro"), FieldPanel("steps"), FieldPanel("closing")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("decision aid")
        verbose_name_plural = _("decision aids")

    def __str__(self) -> str:
        return self.title

    @classmethod
    def for_current_language(cls) -> DecisionAid | None:
        """The aid in the active language, else the default-locale one (None before loading)."""
        aids = {
            aid.locale.language_code: aid
            for aid in cls.objects.select_related("locale").filter(
                locale__language_code__in={get_language(), Locale.get_default().language_code}
            )
        }
        return aids.get(get_language()) or aids.get(Locale.get_default().language_code)
