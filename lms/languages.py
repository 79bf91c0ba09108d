"""The same address in another language, for pages that are not content pages."""

from __future__ import annotations

from django.urls import translate_url


def url_in_language(path: str, language: str) -> str:
    """The URL of `path` (a view under the active language's prefix) in `language`.

    Content pages are found by the language switcher (lms.language_switch), which follows the
    localisation rule; this serves views such as the profile, whose path is the same in every
    language.
    """
    translated = translate_url(path, language)
    # Paths outside the language-prefixed patterns (such as "/") go to the home page.
    return translated if translated != path or path.startswith(f"/{language}/") else f"/{language}/"
