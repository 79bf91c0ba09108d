"""Finding the same page in another language."""

from __future__ import annotations

import uuid

from django.urls import translate_url


def url_in_language(path: str, language: str, translation_key: str | None = None) -> str:
    """The URL of `path` in `language`.

    For a Wagtail page, its live translation when there is one; otherwise the same path under the
    other language prefix, where Wagtail serves the source page with the interface translated.
    """
    if translation_key:
        from wagtail.models import Page

        try:
            key = uuid.UUID(str(translation_key))
        except ValueError:
            key = None
        translation = (
            Page.objects.live().filter(translation_key=key, locale__language_code=language).first()
            if key
            else None
        )
        if translation is not None and translation.get_url():
            return translation.get_url()
    translated = translate_url(path, language)
    # Paths outside the language-prefixed patterns (such as "/") go to the home page.
    return translated if translated != path or path.startswith(f"/{language}/") else f"/{language}/"
