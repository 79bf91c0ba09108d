"""Template side of the localisation rule (courses.localisation)."""

from __future__ import annotations

import re

from django import template
from django.templatetags.static import static
from wagtail.models import Page

from courses.localisation import ContentLanguage, reader_language, source_language
from courses.localisation import content_language as _content_language
from courses.localisation import learner_url as _learner_url
from courses.localisation import page_title as _page_title
from courses.models import InfoPage, ModulePage
from courses.page_cache import tree_cached
from network.services import practices_for_module

register = template.Library()


@register.simple_tag(takes_context=True)
def learner_url(context: template.Context, page: Page) -> str:
    """Like Wagtail's `pageurl`, but the link keeps the reader's language (see the rule)."""
    return _learner_url(page, context.get("request"))


@register.simple_tag(takes_context=True)
def content_language(context: template.Context, page: Page | None) -> ContentLanguage | None:
    """`{% content_language page as content_lang %}`: the page's language when it is not the
    reader's (else None), for the notice (courses/includes/content_language.html) and the
    `lang` attribute of the elements holding its content (`{{ content_lang.lang_attribute }}`)."""
    return _content_language(page, context.get("request")) if page is not None else None


@register.simple_tag(takes_context=True)
def page_title(context: template.Context, page: Page) -> str:
    """`{% page_title page %}`: the title, in a `<span lang>` when not in the reader's language."""
    return _page_title(page, context.get("request"))


@register.simple_tag
def module_trail(page: Page) -> tuple[Page, Page]:
    """`{% module_trail page as trail %}`: the catalogue and the module above a lesson or a quiz,
    for the breadcrumb. The same for every reader, so read once per content generation instead
    of two tree queries on every view of a lesson."""

    def compute() -> tuple[Page, Page]:
        module = page.get_parent()
        return module.get_parent(), module

    return tree_cached("trail", (page.path[: -page.steplen],), compute)


@register.inclusion_tag("network/includes/practices_on_topic.html", takes_context=True)
def practices_on_topic(context: template.Context, page: Page, limit: int = 3) -> dict:
    """ "Practices on this topic" from the exchange, for a module page or one of its lessons.

    Computed once per content generation, page and language (a practice published or
    unpublished changes the generation), so a lesson pays no query for it on later visits;
    links keep the reader's language.
    """
    request = context.get("request")

    def compute() -> list[dict]:
        number = getattr(page, "number", None)
        if number is None:
            number = ModulePage.objects.ancestor_of(page).values_list("number", flat=True).first()
        if number is None:
            return []
        return [
            {
                "title": practice.title,
                "url": _learner_url(practice, request),
                "lang": practice.locale.language_code,
                "place": practice.city.name if practice.city else practice.get_country_display(),
            }
            for practice in practices_for_module(number, limit)
        ]

    parts = (page.pk, reader_language(), limit)
    return {"practices": tree_cached("practices-on-topic", parts, compute)}


@register.inclusion_tag("courses/includes/footer_pages.html", takes_context=True)
def footer_pages(context: template.Context) -> dict:
    """The accessibility statement and privacy notice, linked from every page's footer in the
    reader's language (computed once per content generation and language)."""
    request = context.get("request")

    def compute() -> list[dict]:
        reader, source = reader_language(), source_language()
        pages = (
            InfoPage.objects.live()
            .filter(locale__language_code__in={reader, source})
            .select_related("locale")
            .order_by("path")
        )
        copies: dict = {}
        for page in pages:  # one query: the source pages and the reader's copies
            copies.setdefault(page.translation_key, {})[page.locale.language_code] = page
        links = []
        for by_language in copies.values():
            if source not in by_language:
                continue
            copy = by_language.get(reader, by_language[source])
            code = copy.locale.language_code
            links.append(
                {
                    "title": copy.title,
                    "url": _learner_url(copy, request),
                    "lang": "" if code == reader else code,
                }
            )
        return links

    pages = tree_cached("footer-pages", (reader_language(),), compute)
    return {"footer_links": pages}


class PersonalNode(template.Node):
    def __init__(self, name: str, nodelist: template.NodeList):
        self.name, self.nodelist = name, nodelist

    def render(self, context: template.Context) -> str:
        name = self.name
        return f"<!--personal:{name}-->{self.nodelist.render(context)}<!--/personal:{name}-->"


@register.tag
def personal(parser: template.base.Parser, token: template.base.Token) -> PersonalNode:
    """`{% personal "name" %}...{% endpersonal %}`: the part of a page that belongs to its reader.

    The rest of the page is shared by every learner reading it (courses.page_cache stores it
    once); this part is rendered for each by the renderer registered for `name`, which must
    produce the same HTML as the enclosed template code.
    """
    bits = token.split_contents()
    if len(bits) != 2 or not re.fullmatch(r"""(["'])[a-z-]+\1""", bits[1]):
        raise template.TemplateSyntaxError('Use {% personal "name" %} with a lower-case name.')
    nodelist = parser.parse(("endpersonal",))
    parser.delete_first_token()
    return PersonalNode(bits[1][1:-1], nodelist)


EMBLEMS = range(1, 7)


@register.simple_tag
def module_emblem(number: int | None) -> str:
    """The static URL of a LIAISE module's emblem (decorative: shown with an empty alt), or ""
    for a module without one."""
    if number not in EMBLEMS:
        return ""
    return static(f"img/modules/module-{number}.svg")
