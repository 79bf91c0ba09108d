"""Admin screens of the content app."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .translation_status import (
    OUT_OF_DATE,
    UNTRANSLATED,
    content_languages,
    translation_status,
)


def translations_behind(request: HttpRequest) -> HttpResponse:
    """Per language, the pages whose translation is behind its source or missing."""
    languages = content_languages()
    chosen = request.GET.get("language", "")
    shown = [chosen] if chosen in languages else languages
    rows = translation_status(shown)
    summary = {
        language: {
            OUT_OF_DATE: sum(1 for row in rows if row.statuses.get(language) == OUT_OF_DATE),
            UNTRANSLATED: sum(1 for row in rows if row.statuses.get(language) == UNTRANSLATED),
        }
        for language in shown
    }
    return render(
        request,
        "courses/admin/translations_behind.html",
        {
            "page_title": _("Translations to update"),
            "header_title": _("Translations to update"),
            "languages": languages,
            "shown": shown,
            "chosen": chosen if chosen in languages else "",
            "rows": [
                {
                    "page": row,
                    "cells": [row.statuses[language] for language in shown],
                    "behind": OUT_OF_DATE in row.statuses.values(),
                    "missing": UNTRANSLATED in row.statuses.values(),
                }
                for row in rows
                if {OUT_OF_DATE, UNTRANSLATED} & set(row.statuses.values())
            ],
            "summary": summary,
        },
    )
