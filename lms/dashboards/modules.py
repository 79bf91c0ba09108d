"""The programme's modules as dashboards show them: key, number, title in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.conf import settings
from django.utils import translation

from courses.models import ModulePage


@dataclass(frozen=True)
class Module:
    key: UUID
    number: int
    title: str

    @property
    def field(self) -> str:
        """A stable identifier for columns and query annotations (m1, m2...)."""
        return f"m{self.number}"


def programme_modules(language: str | None = None) -> list[Module]:
    """Live modules of the source locale, in number order, titled in `language` when translated.

    One query whatever the number of languages: the source page and the page in the wanted
    language are fetched together and the translation wins.
    """
    source = settings.LANGUAGE_CODE
    language = (language or translation.get_language() or source).split("-")[0]
    rows = (
        ModulePage.objects.live()
        .filter(locale__language_code__in={source, language})
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
