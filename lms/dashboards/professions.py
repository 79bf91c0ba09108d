"""Professions as a city lead writes them in an invitation file: the code or the label.

A lead fills the file in their own language, so a label is accepted in any of the UI languages,
whatever case and with or without accents ("Animateur jeunesse", "ANIMATEUR JEUNESSE",
"Travailleur social", "κοινωνικος/-η λειτουργος"), as well as the internal code (`youth_worker`).
"""

from __future__ import annotations

import unicodedata
from functools import cache

from django.conf import settings
from django.utils import translation

from lms.models import Profession


def _fold(text: str) -> str:
    """Case, accents, underscores and spacing do not matter when matching a profession."""
    decomposed = unicodedata.normalize("NFKD", text.replace("_", " "))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


@cache
def _codes_by_folded_name() -> dict[str, str]:
    """Folded code or label (in every UI language) -> code; a name two professions share in
    different languages is left out rather than guessed."""
    names: dict[str, set[str]] = {}
    for code in Profession.values:
        names.setdefault(_fold(code), set()).add(code)
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for code, label in Profession.choices:
                names.setdefault(_fold(str(label)), set()).add(code)
    return {name: codes.pop() for name, codes in names.items() if len(codes) == 1}


def profession_code(value: str) -> str | None:
    """The profession's code for a code or label in any UI language; None when unknown."""
    return _codes_by_folded_name().get(_fold(value))


def accepted_professions() -> str:
    """The professions in the active language with their codes, as help texts list them."""
    return "; ".join(f"{label} ({code})" for code, label in Profession.choices)
