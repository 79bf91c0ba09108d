"""Blocks of the route card and the practices, and the "In your city" lesson block."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

ROLE_CONTACT_HELP = _(
    "A role, a service mailbox or a switchboard, never a private person's name, address or "
    "mobile number: people change jobs, the role stays."
)


class RoleContactBlock(blocks.StructBlock):
    """A contact that is a role or a service, never a person."""

    role = blocks.CharBlock(
        label=_("Role contact"),
        max_length=200,
        help_text=_("The service or role, e.g. “Prevention service duty desk”."),
    )
    phone = blocks.CharBlock(label=_("Phone"), max_length=50, required=False)
    email = blocks.EmailBlock(
        label=_("Role mailbox"),
        required=False,
        help_text=_("A shared service address such as prevention@city.example."),
    )
    url = blocks.URLBlock(label=_("Website"), required=False)
    hours = blocks.CharBlock(label=_("When to reach it"), max_length=200, required=False)
    note = blocks.TextBlock(label=_("Note"), required=False)

    class Meta:
        icon = "user"
        label = _("Role contact")
        help_text = ROLE_CONTACT_HELP
        template = "network/blocks/role_contact.html"


class EmergencyNumberBlock(blocks.StructBlock):
    number = blocks.CharBlock(label=_("Number"), max_length=30)
    label = blocks.CharBlock(
        label=_("What it is for"), max_length=200, help_text=_("E.g. “Police, immediate danger”.")
    )

    class Meta:
        icon = "warning"
        label = _("Emergency number")


class LinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=250)
    url = blocks.URLBlock(label=_("Link"))

    class Meta:
        icon = "link"
        label = _("Link")
        template = "network/blocks/link.html"


class DocumentLinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=250)
    document = DocumentChooserBlock(label=_("Document"))

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "network/blocks/document_link.html"


class ResourceBlock(blocks.StreamBlock):
    link = LinkBlock()
    document = DocumentLinkBlock()


class SECTION:
    """The sections of a route card a lesson can show (names are stable: YAML uses them)."""

    EMERGENCY = "emergency"
    REFERRAL = "referral"
    ADVICE = "advice"
    DATA_PROTECTION = "data_protection"
    STRATEGY = "strategy"
    TRAINING = "training"


SECTION_CHOICES = [
    (SECTION.EMERGENCY, _("Immediate danger: emergency numbers")),
    (SECTION.REFERRAL, _("Multi-agency structure and how to refer")),
    (SECTION.ADVICE, _("Advice lines")),
    (SECTION.DATA_PROTECTION, _("Data protection contact")),
    (SECTION.STRATEGY, _("Local strategy")),
    (SECTION.TRAINING, _("Local training contacts")),
]
SECTIONS = [code for code, _label in SECTION_CHOICES]


class InYourCityBlock(blocks.StructBlock):
    """One section of the learner's own city's route card, where a lesson turns on local
    arrangements; a generic text and an invitation to ask their city lead when there is none."""

    section = blocks.ChoiceBlock(
        label=_("Section of the route card"), choices=SECTION_CHOICES, default=SECTION.REFERRAL
    )

    class Meta:
        icon = "site"
        label = _("In your city")
        help_text = _(
            "Shows the signed-in learner's city's route card (this section), in their language."
        )
        template = "network/blocks/in_your_city.html"

    def get_context(self, value, parent_context=None):
        from .services import route_card_for_request

        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        context["section"] = value["section"]
        card = route_card_for_request(request) if request is not None else None
        context["card"] = card
        context["filled"] = bool(card and card.section_filled(value["section"]))
        return context
