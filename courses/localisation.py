"""The localisation rule: which copy of a translated page each job reads (docs/architecture.md).

Wagtail keeps one copy of a page per language, tied by `translation_key`. Three questions come up
in every app, and this module is their one answer:

* Links (learner-facing) go to the live copy in the reader's UI language; when there is none, to
  the source page served under the reader's language prefix (Wagtail serves it there with the
  interface translated), so one click never switches the learner's interface to English.
* Rules (quiz attempts, cool-down, time limit, pass mark, draw count, draft status, required
  lessons, estimated times) come from the source-language copy, whatever copy the learner opened:
  a translation that has not been synchronised yet cannot loosen them.
* Words (titles on certificates, emails, dashboards, exports) come from the reader's language,
  else the source.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlsplit, urlunsplit
from uuid import UUID

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.translation import pgettext
from wagtail.models import Page, Site

P = TypeVar("P", bound=Page)


def source_language() -> str:
    """The language trainers write in; its copy of a page is the authoritative one."""
    return settings.LANGUAGE_CODE


def reader_language(language: str | None = None) -> str:
    """`language`, else the active UI language, as a bare language code."""
    return (language or translation.get_language() or source_language()).split("-")[0]


# Rules: the source-language copy -----------------------------------------------------------


def rules_copy(page: P) -> P:
    """The copy of `page` whose settings hold: the source-language one when it exists.

    No query when `page` is already the source copy (its locale is usually loaded already).
    """
    if page.locale.language_code == source_language():
        return page
    source = (
        type(page)
        .objects.filter(
            translation_key=page.translation_key, locale__language_code=source_language()
        )
        .first()
    )
    return source or page


def source_copy(model: type[P], translation_key: UUID | str) -> P | None:
    """The source-language copy of a page known by key; one query."""
    return pick_source(
        model.objects.filter(translation_key=translation_key)
        .select_related("locale")
        .order_by("id")
    )


def pick_source(copies: Iterable[P]) -> P | None:
    """Among the copies of one page, the source-language one (else the oldest: the source may
    have been deleted while its translations live on)."""
    copies = list(copies)
    return next(
        (page for page in copies if page.locale.language_code == source_language()),
        copies[0] if copies else None,
    )


# Words: the reader's language, else the source ---------------------------------------------


def words_copy(
    model: type[P], translation_key: UUID | str, language: str | None = None, *fallbacks: str
) -> P | None:
    """The copy whose words a reader sees (see `pick_words`): one query, a second only when the
    page exists in none of those languages."""
    languages = {reader_language(language), *fallbacks, source_language()}
    copies = model.objects.filter(translation_key=translation_key).select_related("locale")
    found = list(copies.filter(locale__language_code__in=languages).order_by("id"))
    return pick_words(found or copies.order_by("id"), language, *fallbacks)


def pick_words(copies: Iterable[P], language: str | None = None, *fallbacks: str) -> P | None:
    """Among the copies of one page: the reader's language, then `fallbacks`, then the source,
    then any copy; a live copy wins over a draft in the same language."""
    languages = [reader_language(language), *fallbacks, source_language()]

    def rank(page: Page) -> tuple[int, bool]:
        code = page.locale.language_code
        return (languages.index(code) if code in languages else len(languages), not page.live)

    return min(copies, key=rank, default=None)


def titles_in(
    model: type[Page], translation_keys: Iterable[UUID], language: str | None = None
) -> dict[UUID, str]:
    """Each key's title in the reader's language, else in the source language. One query."""
    language = reader_language(language)
    rows = model.objects.filter(
        translation_key__in=list(translation_keys),
        locale__language_code__in={language, source_language()},
    ).values_list("translation_key", "title", "locale__language_code")
    titles: dict[UUID, str] = {}
    for key, title, code in rows:
        if code == language or key not in titles:
            titles[key] = title
    return titles


def with_copies_in(source_pages: QuerySet[P], language: str | None = None) -> QuerySet[P]:
    """The source pages and their copies in the reader's language, for one query that picks each
    key's title (the translation wins) without a second round trip."""
    return source_pages.model.objects.filter(
        Q(pk__in=source_pages.values("pk"))
        | Q(
            translation_key__in=source_pages.values("translation_key"),
            locale__language_code=reader_language(language),
        )
    )


# Links: the reader's language, else the source under the reader's prefix ------------------------


def learner_url(page: Page, request: HttpRequest | None = None, language: str | None = None) -> str:
    """The address of `page` for a learner reading the interface in `language` (default: active).

    No query when the page is already in the reader's language; otherwise one query per request
    finds the live copies in the reader's and the source language.
    """
    language = reader_language(language)
    page_language = served_language(page, request)
    if page_language is None or page_language == language:
        return page.get_url(request) or ""
    copies = _live_copies(request, language).get(page.translation_key, {})
    if language in copies:
        return copies[language].get_url(request) or ""
    target = page if page_language == source_language() else copies.get(source_language(), page)
    url = target.get_url(request) or ""
    return with_language_prefix(url, served_language(target, request) or page_language, language)


def served_language(page: Page, request: HttpRequest | None = None) -> str | None:
    """The language prefix Wagtail puts on the page's URL, read from the cached site root paths
    (as Page.get_url_parts does) so that lists of links cost no query per page."""
    roots = page._get_relevant_site_root_paths(request)
    return roots[0].language_code.split("-")[0] if roots else None


def with_language_prefix(url: str, current: str, language: str) -> str:
    """`url` with its leading `/<current>/` replaced by `/<language>/`."""
    parts = urlsplit(url)
    prefix = f"/{current}/"
    if not parts.path.startswith(prefix):
        return url
    return urlunsplit(parts._replace(path=f"/{language}/" + parts.path[len(prefix) :]))


def _live_copies(request: HttpRequest | None, language: str) -> dict[UUID, dict[str, Page]]:
    """Live pages in the reader's and the source language by key, fetched once per request."""
    cache_name = f"_learner_copies_{language}"
    cached = getattr(request, cache_name, None) if request is not None else None
    if cached is not None:
        return cached
    copies: dict[UUID, dict[str, Page]] = {}
    pages = Page.objects.live().filter(locale__language_code__in={language, source_language()})
    for page in pages.select_related("locale").only(
        "id", "path", "depth", "url_path", "translation_key", "locale__language_code"
    ):
        copies.setdefault(page.translation_key, {})[page.locale.language_code] = page
    if request is not None:
        setattr(request, cache_name, copies)
    return copies


# The language switcher: the same page in another language -----------------------------------


def url_in_language(path: str, language: str, request: HttpRequest | None = None) -> str:
    """Where the language switcher sends a reader of `path` who chose `language`.

    A content page goes where a link would (`learner_url`): its live copy in `language`, else the
    source page under the `language` prefix; never another copy's slug under the new prefix, a
    404. The page is found by routing `path` in its own language (the prefix), not in the active
    one (the cookie), which may differ. Any other page keeps its path under the new prefix.
    """
    parts = urlsplit(path)
    current = _prefix_language(parts.path)
    if current is None:
        # An address without a prefix (the QR codes' verification links) renders in the language
        # the switcher has just remembered; anything else goes to the home page.
        return path if _resolves(parts.path) else f"/{language}/"
    page = _page_at(parts.path, current, request)
    url = learner_url(page, request, language) if page is not None else ""
    if not url:
        return with_language_prefix(path, current, language)
    return urlunsplit(urlsplit(url)._replace(query=parts.query))


def _prefix_language(path: str) -> str | None:
    first = path.lstrip("/").split("/", 1)[0]
    return first if first in {code for code, _name in settings.LANGUAGES} else None


def _resolves(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def _page_at(path: str, language: str, request: HttpRequest | None) -> Page | None:
    """The live page Wagtail serves at `path` (prefixed by `language`), else None.

    Found as Wagtail routes it (`CataloguePage.route`): under the catalogue in `language`, else
    under the source catalogue; one query, the site's root paths being cached.
    """
    with translation.override(language):
        try:
            match = resolve(path)
        except Resolver404:
            return None
    if match.url_name != "wagtail_serve":
        return None
    served = match.kwargs.get("path", match.args[0] if match.args else "")
    roots = {}
    for root in reversed(Site.get_site_root_paths()):  # most specific first: keep the first
        roots[root.language_code.split("-")[0]] = root.root_path
    candidates = [roots[code] + served for code in (language, source_language()) if code in roots]
    pages = {page.url_path: page for page in Page.objects.live().filter(url_path__in=candidates)}
    return next((pages[path] for path in candidates if path in pages), None)


# Content in another language: say so (WCAG 3.1.2) --------------------------------------------


@dataclass(frozen=True)
class ContentLanguage:
    """The language a page's content is written in, when it is not the reader's."""

    code: str
    name: str  # in the reader's language
    others: list[tuple[str, str]]  # (code, name in that language) of its other live copies

    @property
    def lang_attribute(self) -> str:
        """` lang="en"` for the elements holding the content (empty in templates when None)."""
        return format_html(' lang="{}"', self.code)


def content_language(
    page: Page, request: HttpRequest | None = None, language: str | None = None
) -> ContentLanguage | None:
    """None when `page` is in the reader's language; else its language and the other languages
    it exists in. No query then; else one per request (every page's languages at once)."""
    language = reader_language(language)
    code = served_language(page, request) or page.locale.language_code
    if code == language:
        return None
    available = _live_languages(request).get(page.translation_key, set())
    return ContentLanguage(
        code=code,
        name=str(language_name(code)),
        others=[(c, name) for c, name in settings.LANGUAGES if c in available and c != code],
    )


def page_title(page: Page, request: HttpRequest | None = None, language: str | None = None) -> str:
    """The page's title for a link or a heading, marked `lang` when it is not in the reader's
    language (WCAG 3.1.2), so a screen reader pronounces an English title in a Czech list as
    English. No query: the language comes from the cached site root paths."""
    code = served_language(page, request)
    if code is None or code == reader_language(language):
        return conditional_escape(page.title)
    return format_html('<span lang="{}">{}</span>', code, page.title)


def language_name(code: str) -> str:
    """The name of a language in the active language (for "This lesson is in English")."""
    names = _language_names()
    return str(names.get(code, code))


def _language_names() -> dict[str, str]:
    return {
        "en": pgettext("language name", "English"),
        "fr": pgettext("language name", "French"),
        "de": pgettext("language name", "German"),
        "es": pgettext("language name", "Spanish"),
        "it": pgettext("language name", "Italian"),
        "nl": pgettext("language name", "Dutch"),
        "pt": pgettext("language name", "Portuguese"),
        "el": pgettext("language name", "Greek"),
        "cs": pgettext("language name", "Czech"),
        "sv": pgettext("language name", "Swedish"),
    }


def _live_languages(request: HttpRequest | None) -> dict[UUID, set[str]]:
    """The languages of every page's live copies by key, fetched once per request."""
    cached = getattr(request, "_live_languages", None) if request is not None else None
    if cached is not None:
        return cached
    languages: dict[UUID, set[str]] = {}
    for key, code in Page.objects.live().values_list("translation_key", "locale__language_code"):
        languages.setdefault(key, set()).add(code)
    if request is not None:
        request._live_languages = languages  # type: ignore[attr-defined]
    return languages
