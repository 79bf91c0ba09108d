"""The network's own knowledge: each city's route card and the practices cities publish.

`network` sits just above the cities (lms) and below the training content: it relates practices
to the six modules by module *number*, never by a link to a module page.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    Page,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from lms.models import City, Country, validate_language_codes

from .blocks import (
    SECTION,
    SECTIONS,
    EmergencyNumberBlock,
    ResourceBlock,
    RoleContactBlock,
)

RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link"]
# A card not reviewed for this long is out of date: its leads are reminded (tasks.py).
REVIEW_INTERVAL = timedelta(days=365)
# At most one reminder per city in this period.
REMINDER_INTERVAL = timedelta(days=30)


class ModuleTheme(models.IntegerChoices):
    """The six LIAISE modules' topics, by module number (no link to the pages: see above)."""

    AWARENESS = 1, _("Awareness-raising")
    LOCAL_STRATEGY = 2, _("Local multi-agency strategy")
    DISENGAGEMENT = 3, _("Disengagement and de-radicalisation")
    COMMUNICATION = 4, _("Communication and counter-narratives")
    FAMILIES = 5, _("Support to families")
    SCHOOLS = 6, _("Resilience and prevention in schools")


# Route cards --------------------------------------------------------------------------------


def user_city_ids(user) -> set[int] | None:
    """Cities whose cards and practices `user` may edit; None means every city."""
    if not user.is_authenticated:
        return set()
    if user.is_superuser or user.has_perm("network.review_network_content"):
        return None
    cached = getattr(user, "_network_city_ids", None)
    if cached is None:
        from lms.models import CityLeadAssignment

        cached = set(CityLeadAssignment.objects.filter(user=user).values_list("city_id", flat=True))
        user._network_city_ids = cached
    return cached


class RouteCardQuerySet(models.QuerySet):
    def editable_by(self, user) -> RouteCardQuerySet:
        """Cards this user may edit: their cities' for leads, all for coordinators."""
        ids = user_city_ids(user)
        return self if ids is None else self.filter(city_id__in=ids)


class RouteCardForm(WagtailAdminModelForm):
    """Leads may only choose the cities they lead."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if "city" in self.fields and user is not None:
            ids = user_city_ids(user)
            if ids is not None:
                self.fields["city"].queryset = City.objects.filter(pk__in=ids)


class RouteCard(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, TranslatableMixin, models.Model
):
    """Who to call and where to refer in one city: what every lesson's checklist asks learners
    to "find out". Edited by the city's leads, published after a coordinator approves it."""

    city = models.ForeignKey(
        City, on_delete=models.CASCADE, related_name="route_cards", verbose_name=_("city")
    )
    # Immediate danger ------------------------------------------------------------------------
    emergency_numbers = StreamField(
        [("number", EmergencyNumberBlock())],
        verbose_name=_("emergency numbers"),
        blank=True,
        help_text=_("Who to call when someone is in immediate danger (e.g. 112)."),
    )
    emergency_note = models.TextField(_("note on emergencies"), blank=True)
    # Multi-agency structure and referral -----------------------------------------------------
    referral_structure = models.CharField(
        _("local multi-agency structure"),
        max_length=250,
        blank=True,
        help_text=_("Its name, e.g. the local integrated security cell."),
    )
    referral_steps = StreamField(
        [("step", blocks.TextBlock(label=_("Step")))],
        verbose_name=_("how to refer"),
        blank=True,
        help_text=_("The steps a front-line worker follows, in order."),
    )
    referral_contacts = StreamField(
        [("contact", RoleContactBlock())],
        verbose_name=_("referral contacts"),
        blank=True,
    )
    # Advice, data protection, strategy, training ---------------------------------------------
    advice_lines = StreamField(
        [("contact", RoleContactBlock())], verbose_name=_("advice lines"), blank=True
    )
    data_protection_contacts = StreamField(
        [("contact", RoleContactBlock())],
        verbose_name=_("data protection contact"),
        blank=True,
        help_text=_("The data protection officer's role mailbox, before sharing information."),
    )
    strategy_summary = models.TextField(_("local strategy in a few words"), blank=True)
    strategy_documents = StreamField(
        ResourceBlock(), verbose_name=_("local strategy documents"), blank=True
    )
    training_contacts = StreamField(
        [("contact", RoleContactBlock())], verbose_name=_("local training contacts"), blank=True
    )
    last_reviewed = models.DateField(
        _("last reviewed"),
        null=True,
        blank=True,
        help_text=_("When a lead last checked every section. Leads are reminded after a year."),
    )

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="routecard")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="routecard",
        for_concrete_model=False,
    )

    objects = RouteCardQuerySet.as_manager()

    base_form_class = RouteCardForm
    panels = [
        FieldPanel("city"),
        MultiFieldPanel(
            [FieldPanel("emergency_numbers"), FieldPanel("emergency_note")],
            heading=_("Immediate danger"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("referral_structure"),
                FieldPanel("referral_steps"),
                FieldPanel("referral_contacts"),
            ],
            heading=_("Multi-agency structure and how to refer"),
        ),
        FieldPanel("advice_lines"),
        FieldPanel("data_protection_contacts"),
        MultiFieldPanel(
            [FieldPanel("strategy_summary"), FieldPanel("strategy_documents")],
            heading=_("Local strategy"),
        ),
        FieldPanel("training_contacts"),
        FieldPanel("last_reviewed"),
    ]
    override_translatable_fields = [SynchronizedField("last_reviewed")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("route card")
        verbose_name_plural = _("route cards")
        constraints = [
            models.UniqueConstraint(fields=["city", "locale"], name="one_route_card_per_language")
        ]
        permissions = [
            ("review_network_content", _("Can edit and approve every city's cards and practices")),
        ]

    def __str__(self) -> str:
        return str(_("Route card: %(city)s") % {"city": self.city.name})

    @property
    def revisions(self):
        return self._revisions

    def section_filled(self, section: str) -> bool:
        return {
            SECTION.EMERGENCY: bool(self.emergency_numbers),
            SECTION.REFERRAL: bool(self.referral_steps and self.referral_contacts),
            SECTION.ADVICE: bool(self.advice_lines),
            SECTION.DATA_PROTECTION: bool(self.data_protection_contacts),
            SECTION.STRATEGY: bool(self.strategy_summary or self.strategy_documents),
            SECTION.TRAINING: bool(self.training_contacts),
        }[section]

    @property
    def missing_sections(self) -> list[str]:
        return [section for section in SECTIONS if not self.section_filled(section)]

    @property
    def is_complete(self) -> bool:
        return not self.missing_sections and self.last_reviewed is not None

    def review_due(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.last_reviewed is None or today - self.last_reviewed > REVIEW_INTERVAL


class RouteCardReminder(models.Model):
    """When a city's leads were last reminded that its card is out of date.

    Kept apart from the card: the card's fields go through revisions, and publishing an older
    revision would bring back an older date.
    """

    city = models.OneToOneField(
        City, on_delete=models.CASCADE, related_name="route_card_reminder", verbose_name=_("city")
    )
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        verbose_name = _("route card reminder")
        verbose_name_plural = _("route card reminders")

    def __str__(self) -> str:
        return f"{self.city}: {self.sent_at:%Y-%m-%d}"


# Practices ----------------------------------------------------------------------------------


class PracticeIndexPage(Page):
    """The practice exchange in one language: browse, filter and search the cities' practices."""

    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["courses.CataloguePage"]
    subpage_types = ["network.PracticePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("practice exchange")

    def permissions_for_user(self, user):
        from .permissions import PracticePermissionTester

        return PracticePermissionTester(user, self)

    def get_context(self, request, *args, **kwargs):
        from .services import browse_practices

        context = super().get_context(request, *args, **kwargs)
        context.update(browse_practices(request, self))
        return context


class PracticeStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")


class Evaluation(models.TextChoices):
    """The EU RAN collection's distinction: a practice described by its authors, or evaluated."""

    DESCRIBED = "described", _("Described (not evaluated)")
    EVALUATED = "evaluated", _("Evaluated")


class TargetGroup(models.TextChoices):
    YOUNG_PEOPLE = "young_people", _("Young people")
    FAMILIES = "families", _("Families")
    SCHOOLS = "schools", _("Schools and teachers")
    PRACTITIONERS = "practitioners", _("Front-line practitioners")
    LOCAL_AUTHORITIES = "local_authorities", _("Local authorities and elected officials")
    COMMUNITIES = "communities", _("Communities and civil society")
    PRISON_PROBATION = "prison_probation", _("People in prison or on probation")
    GENERAL_PUBLIC = "general_public", _("General public")


class PracticeForm(WagtailAdminPageForm):
    """Leads may only publish practices of the cities they lead."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if "city" in self.fields and user is not None:
            ids = user_city_ids(user)
            if ids is not None:
                self.fields["city"].queryset = City.objects.filter(pk__in=ids)
                self.fields["city"].required = True


class PracticePage(Page):
    """A local initiative, with the fields of the EU RAN collection of practices."""

    # Where and who ---------------------------------------------------------------------------
    city = models.ForeignKey(
        City,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practices",
        verbose_name=_("city"),
        help_text=_("Leave empty for a practice of the whole network."),
    )
    country = models.CharField(
        _("country"),
        max_length=2,
        choices=Country.choices,
        blank=True,
        help_text=_("Filled from the city when empty; leave both empty for the whole network."),
    )
    summary = models.TextField(_("summary"), max_length=600)
    target_group = models.CharField(_("target group"), max_length=30, choices=TargetGroup.choices)
    # What and how ----------------------------------------------------------------------------
    approach = RichTextField(_("approach"), features=RICH_TEXT_FEATURES)
    activities = RichTextField(_("what was done"), features=RICH_TEXT_FEATURES)
    results = RichTextField(_("results"), features=RICH_TEXT_FEATURES, blank=True)
    evaluation = models.CharField(
        _("evaluation"),
        max_length=20,
        choices=Evaluation.choices,
        default=Evaluation.DESCRIBED,
        help_text=_("“Evaluated” only when an evaluation (internal or external) was carried out."),
    )
    evaluation_details = RichTextField(
        _("how it was evaluated"), features=RICH_TEXT_FEATURES, blank=True
    )
    resources = StreamField(ResourceBlock(), verbose_name=_("resources"), blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=PracticeStatus.choices, default=PracticeStatus.ONGOING
    )
    # Contact, languages, source --------------------------------------------------------------
    contact_role = models.CharField(
        _("role contact"),
        max_length=200,
        blank=True,
        help_text=_("A role or a service, never a private person."),
    )
    contact_email = models.EmailField(
        _("role mailbox"), blank=True, help_text=_("A shared service address.")
    )
    contact_url = models.URLField(_("contact page"), blank=True)
    languages = models.JSONField(
        _("languages of the practice"),
        default=list,
        blank=True,
        validators=[validate_language_codes],
        help_text=_('Language codes the practice works in, e.g. ["fr", "nl"].'),
    )
    source_title = models.CharField(_("source"), max_length=300, blank=True)
    source_url = models.URLField(_("source link"), blank=True)
    written_by_platform = models.BooleanField(
        _("described by the platform"),
        default=False,
        help_text=_("The description was written by LIAISE Academy from a public source."),
    )

    base_form_class = PracticeForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("city"),
                FieldPanel("country"),
                FieldPanel("target_group"),
                InlinePanel("themes", label=_("Themes (modules)"), min_num=1),
            ],
            heading=_("Where and for whom"),
        ),
        FieldPanel("approach"),
        FieldPanel("activities"),
        MultiFieldPanel(
            [FieldPanel("results"), FieldPanel("evaluation"), FieldPanel("evaluation_details")],
            heading=_("Results and evaluation"),
        ),
        FieldPanel("resources"),
        MultiFieldPanel(
            [FieldPanel("start_date"), FieldPanel("status"), FieldPanel("languages")],
            heading=_("When and in which languages"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_role"), FieldPanel("contact_email"), FieldPanel("contact_url")],
            heading=_("Role contact"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("source_title"),
                FieldPanel("source_url"),
                FieldPanel("written_by_platform"),
            ],
            heading=_("Source"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("approach"),
        index.SearchField("activities"),
        index.SearchField("results"),
        index.FilterField("country"),
        index.FilterField("target_group"),
        index.FilterField("evaluation"),
    ]
    override_translatable_fields = [
        SynchronizedField("country"),
        SynchronizedField("target_group"),
        SynchronizedField("evaluation"),
        SynchronizedField("start_date"),
        SynchronizedField("status"),
        SynchronizedField("contact_email"),
        SynchronizedField("contact_url"),
        SynchronizedField("languages"),
        SynchronizedField("source_url"),
        SynchronizedField("written_by_platform"),
    ]

    parent_page_types = ["network.PracticeIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("practice")
        verbose_name_plural = _("practices")

    def clean(self) -> None:
        super().clean()
        if self.city_id and not self.country:
            self.country = City.objects.filter(pk=self.city_id).values_list("country", flat=True)[0]

    def save(self, *args, **kwargs):
        if self.city_id and not self.country:
            self.country = self.city.country
        return super().save(*args, **kwargs)

    def permissions_for_user(self, user):
        from .permissions import PracticePermissionTester

        return PracticePermissionTester(user, self)

    @property
    def theme_numbers(self) -> list[int]:
        return sorted(theme.module_number for theme in self.themes.all())


class PracticeTheme(Orderable):
    """One of the six modules' topics a practice relates to."""

    page = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="themes")
    module_number = models.PositiveSmallIntegerField(_("module"), choices=ModuleTheme.choices)

    panels = [FieldPanel("module_number")]

    class Meta(Orderable.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.UniqueConstraint(fields=["page", "module_number"], name="unique_practice_theme")
        ]

    def __str__(self) -> str:
        return str(self.get_module_number_display())
