"""The programme's modules as dashboards show them: key, number, title in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.conf import settings
from django.core.cache import cache

from courses import programme
from courses.localisation import reader_language, source_language, with_copies_in


@dataclass(frozen=True)
class Module:
    key: UUID
    number: int
    title: str

    @property
    def field(self) -> str:
        """A stable identifier for columns and query annotations (m1, m2...)."""
        return f"m{self.number}"


# Every dashboard page needs the module list; it changes only when an editor saves, publishes or
# unpublishes a module, so it is cached per language and dropped by the signals in apps.py (the
# timeout is a safety net for bulk updates that send no signal).
CACHE_TIMEOUT = 10 * 60


def _cache_key(language: str) -> str:
    return f"dashboards:modules:{language}"


def forget_modules(**_kwargs) -> None:
    """Drop the cached module lists (a signal receiver: any module saved, published or deleted)."""
    cache.delete_many([_cache_key(code) for code, _name in settings.LANGUAGES])


def programme_modules(language: str | None = None) -> list[Module]:
    """The programme's modules (courses.programme), titled in `language` when translated.

    From the cache when it holds them (no query), else one query whatever the number of
    languages: the source page and the live page in the wanted language are fetched together and
    the translation wins (the localisation rule for words).
    """
    source = source_language()
    language = reader_language(language)
    modules = cache.get(_cache_key(language))
    if modules is None:
        modules = _load_modules(source, language)
        cache.set(_cache_key(language), modules, CACHE_TIMEOUT)
    return modules


def _load_modules(source: str, language: str) -> list[Module]:
    rows = (
        with_copies_in(programme.programme_modules(), language)
        .live()
        .order_by("number", "pk")
        .values_list("translation_key", "number", "title", "locale__language_code")
    )
    numbers: dict[UUID, int] = {}
    titles: dict[UUID, str] = {}
    for key, number, title, code in rows:
        if code == source:
            numbers[key] = number
            titles.setdefault(key, title)
        if code == language:
            titles[key] = title
    return sorted(
        (Module(key=key, number=number, title=titles[key]) for key, number in numbers.items()),
        key=lambda module: module.number,
    )
