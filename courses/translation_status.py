"""Which translations are behind their English source, per language: the trainers' to-do list.

A translation is out of date when the source page was published after wagtail-localize last
read it (its TranslationSource); untranslated when the language has no copy yet. Four queries
whatever the number of pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from wagtail.models import Locale, Page
from wagtail_localize.models import TranslationSource

from .models import CataloguePage

UP_TO_DATE, OUT_OF_DATE, UNTRANSLATED = "up_to_date", "out_of_date", "untranslated"


@dataclass
class PageStatus:
    page_id: int
    title: str
    depth: int
    source_id: int | None
    statuses: dict[str, str] = field(default_factory=dict)


def content_languages() -> list[str]:
    """Every content language but the source language (settings.LANGUAGE_CODE, no query)."""
    return [
        code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES if code != settings.LANGUAGE_CODE
    ]


def translation_status(languages: list[str] | None = None) -> list[PageStatus]:
    languages = languages or content_languages()
    default = Locale.get_default()
    catalogue = CataloguePage.objects.filter(depth=2, locale=default).first()
    if catalogue is None:
        return []
    pages = list(
        Page.objects.filter(path__startswith=catalogue.path, locale=default)
        .order_by("path")
        .values("id", "title", "depth", "translation_key", "last_published_at")
    )
    keys = [page["translation_key"] for page in pages]
    copies = {
        (row["translation_key"], row["locale__language_code"])
        for row in Page.objects.filter(
            translation_key__in=keys, locale__language_code__in=languages
        ).values("translation_key", "locale__language_code")
    }
    sources = {
        row["object_id"]: row
        for row in TranslationSource.objects.filter(object_id__in=keys, locale=default).values(
            "object_id", "id", "last_updated_at"
        )
    }
    result = []
    for page in pages:
        source = sources.get(page["translation_key"])
        behind = _source_changed(page["last_published_at"], source and source["last_updated_at"])
        status = PageStatus(page["id"], page["title"], page["depth"], source and source["id"])
        for language in languages:
            if (page["translation_key"], language) not in copies:
                status.statuses[language] = UNTRANSLATED
            else:
                status.statuses[language] = OUT_OF_DATE if behind else UP_TO_DATE
        result.append(status)
    return result


def _source_changed(published: datetime | None, read: datetime | None) -> bool:
    return bool(published and read and published > read)
