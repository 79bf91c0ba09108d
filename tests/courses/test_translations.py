"""Content translations ship as PO files and go through wagtail-localize."""

import shutil
from pathlib import Path

import polib
import pytest
import yaml
from wagtail.models import Page
from wagtail_localize.models import Translation

from courses.content_schema import CONTENT_DIR, load_module, module_files
from courses.loader import load_content
from courses.po_check import check_po_file
from courses.translations import CONTENT_LANGUAGES, LOCALE_DIR, import_po_files

PO_FILES = sorted(Path(LOCALE_DIR).glob("*/**/*.po"))
# The languages whose every page is translated; the others grow module by module.
COMPLETE_LANGUAGES = CONTENT_LANGUAGES  # all nine


@pytest.mark.parametrize("path", PO_FILES, ids=lambda p: str(p.relative_to(LOCALE_DIR)))
def test_po_file_is_complete_and_keeps_markup(path):
    assert check_po_file(path) == []


def test_every_language_has_a_file_for_every_page():
    names = {
        lang: {p.relative_to(LOCALE_DIR / lang) for p in (LOCALE_DIR / lang).rglob("*.po")}
        for lang in COMPLETE_LANGUAGES
    }
    assert all(names[language] == names["fr"] for language in COMPLETE_LANGUAGES), {
        language: names["fr"] ^ names[language] for language in COMPLETE_LANGUAGES
    }
    modules = [load_module(path) for path in module_files()]
    lessons = sum(len(module["lessons"]) for module in modules)
    pages = len(yaml.safe_load((CONTENT_DIR / "pages.yaml").read_text(encoding="utf-8"))["pages"])
    # The catalogue, the decision aid, the pages about the platform (accessibility statement,
    # privacy notice), then per module its page, its lessons and its quiz.
    assert len(names["fr"]) == 2 + pages + len(modules) * 2 + lessons


@pytest.mark.django_db
@pytest.mark.parametrize("language", CONTENT_LANGUAGES)
def test_translations_import_render_and_reload_as_a_no_op(client, language):
    """One language per test, so the suite's workers share the nine imports."""
    load_content()
    report = import_po_files([language])
    assert report.warnings == []
    assert not report.missing if language in COMPLETE_LANGUAGES else report.missing
    source_pages = Page.objects.filter(locale__language_code="en", depth__gte=2).count()
    pages = Page.objects.live().filter(locale__language_code=language).specific()
    # A language is published whole or not at all (its catalogue must list every module).
    assert pages.count() == (source_pages if language in COMPLETE_LANGUAGES else 0)
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert f'lang="{language}"' in response.content.decode()
    # Nothing in the translation is left in English.
    for translation in Translation.objects.filter(target_locale__language_code=language):
        total, done = translation.get_progress()
        assert total == done, translation.source.object_repr
    again = import_po_files([language])
    assert again.saved == []


@pytest.mark.django_db
def test_a_language_with_one_untranslated_entry_is_not_published(tmp_path):
    """Half a course would hide the rest: one empty msgstr keeps the whole language back."""
    shutil.copytree(LOCALE_DIR / "cs", tmp_path / "cs")
    lesson = sorted((tmp_path / "cs").glob("*/*.po"))[1]
    po = polib.pofile(str(lesson))
    po[-1].msgstr = ""
    po.save(str(lesson))
    load_content()
    report = import_po_files(["cs"], directory=tmp_path)
    assert report.missing and not report.saved
    assert not Page.objects.filter(locale__language_code="cs").exists()


@pytest.mark.django_db
def test_translated_pages_keep_the_source_translation_key(client):
    load_content()
    import_po_files(["fr"])
    for page in Page.objects.filter(locale__language_code="fr", depth__gte=3):
        assert Page.objects.filter(
            translation_key=page.translation_key, locale__language_code="en"
        ).exists()
