"""Wagtail's database search backend, with each language's PostgreSQL text search configuration.

Wagtail's PostgreSQL backend uses one configuration (`SEARCH_CONFIG`) for everything, so French
pages would be stemmed as English. Here each object is indexed with its own locale's
configuration and a query uses the reader's language, so "jeune" finds "jeunes" on /fr/ and
"mentoring" finds "mentors" on /en/. Czech has no built-in configuration: `simple` (no
stemming). Any other database gets Wagtail's database backend unchanged (SQLite FTS in
development and the SQLite fallback of the tests).

Use it with `WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "network.search"}}` (production
settings) and rebuild the index once after switching (`manage.py update_index`).
"""

from __future__ import annotations

from collections import defaultdict

from django.db import connection
from django.utils.translation import get_language
from wagtail.search.backends.database import SearchBackend as DatabaseSearchBackend
from wagtail.search.backends.database.postgres.postgres import (
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)

# PostgreSQL's built-in text search configurations for the platform's languages.
LANGUAGE_CONFIGS = {
    "en": "english",
    "fr": "french",
    "de": "german",
    "es": "spanish",
    "it": "italian",
    "nl": "dutch",
    "pt": "portuguese",
    "sv": "swedish",
    "el": "greek",
    "cs": "simple",
}


def language_config(language_code: str | None) -> str:
    return LANGUAGE_CONFIGS.get((language_code or "")[:2], "simple")


def _object_language(obj) -> str | None:
    locale = getattr(obj, "locale", None)
    return getattr(locale, "language_code", None)


class LocalisedPostgresIndex(PostgresIndex):
    def add_items(self, model, objs):
        by_config = defaultdict(list)
        for obj in objs:
            by_config[language_config(_object_language(obj))].append(obj)
        default = self.backend.config
        try:
            for config, group in by_config.items():
                self.backend.config = config  # read by each object's indexer
                super().add_items(model, group)
        finally:
            self.backend.config = default


class LocalisedPostgresSearchQueryCompiler(PostgresSearchQueryCompiler):
    def get_config(self, backend):
        return language_config(get_language())


class LocalisedPostgresSearchBackend(PostgresSearchBackend):
    index_class = LocalisedPostgresIndex
    query_compiler_class = LocalisedPostgresSearchQueryCompiler


def SearchBackend(params):  # the name Wagtail looks up in a backend module
    if connection.vendor == "postgresql":
        return LocalisedPostgresSearchBackend(params)
    return DatabaseSearchBackend(params)
