"""Content translations as PO files, imported through wagtail-localize's own machinery.

Each source (English) page has one PO file per language under
`courses/content/locale/<lang>/`, named after its place in the tree. `export_po_files` writes
them (keeping translations already there); `import_po_files` feeds them to wagtail-localize
(`Translation.import_po` then `save_target`), so the translated pages are ordinary
wagtail-localize translations that trainers keep editing in its translation editor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polib
from django.db import transaction
from django.db.models import Max
from wagtail.models import Locale, Page, Revision
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from .content_schema import CONTENT_DIR
from .models import CataloguePage, DecisionAid, InfoPage

LOCALE_DIR = CONTENT_DIR / "locale"
DECISION_AID_PO = Path("_decision-aid.po")
# Every partner language the content is translated into. A page is imported in a language once
# its PO file is complete; until then readers of that language get the English page.
CONTENT_LANGUAGES = ["fr", "de", "es", "it", "nl", "pt", "el", "cs", "sv"]


@dataclass
class TranslationReport:
    saved: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _source_decision_aid() -> DecisionAid | None:
    return DecisionAid.objects.filter(locale=Locale.get_default()).first()


def source_pages() -> list[Page]:
    """The English catalogue and everything under it, parents before children."""
    catalogue = CataloguePage.objects.filter(depth=2, locale__language_code="en").first()
    if catalogue is None:
        return []
    return [catalogue, *catalogue.get_descendants().live().order_by("path").specific()]


def relative_po_path(page: Page, catalogue: Page) -> Path:
    if page.pk == catalogue.pk:
        return Path("_catalogue.po")
    if page.specific_class is InfoPage:
        return Path("_pages") / f"{page.slug}.po"
    parts = page.url_path[len(catalogue.url_path) :].strip("/").split("/")
    if len(parts) == 1:
        return Path(parts[0]) / "_module.po"
    return Path(*parts[:-1]) / f"{parts[-1]}.po"


def _entries_by_key(po: polib.POFile) -> dict[tuple[str, str], str]:
    return {(e.msgctxt or "", e.msgid): e.msgstr for e in po if not e.obsolete and e.msgstr}


def _known_translations(language: str, directory: Path) -> dict[str, str]:
    """Every translated source text of a language, whatever page or block it was in.

    Block ids follow a block's position, so inserting a block renames the blocks after it; the
    text is the same and keeps its translation. Also carries a shared text (the decision aid, a
    source's title) to every page that repeats it.
    """
    known: dict[str, str] = {}
    for path in sorted((directory / language).rglob("*.po")):
        for entry in polib.pofile(str(path)):
            if not entry.obsolete and entry.msgstr and entry.msgctxt != "slug":
                known.setdefault(entry.msgid, entry.msgstr)
    return known


def _write_po(
    path: Path,
    language: str,
    template: polib.POFile,
    source_label: str,
    known: dict[str, str],
) -> None:
    existing = _entries_by_key(polib.pofile(str(path))) if path.exists() else {}
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "LIAISE Academy content",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=utf-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Page": source_label,
    }
    for entry in template:
        msgstr = existing.get((entry.msgctxt or "", entry.msgid), "")
        if not msgstr and entry.msgctxt != "slug":
            msgstr = known.get(entry.msgid, "")
        po.append(polib.POEntry(msgctxt=entry.msgctxt, msgid=entry.msgid, msgstr=msgstr))
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))


def export_po_files(
    languages: list[str], directory: Path = LOCALE_DIR, page_type: type[Page] | None = None
) -> list[Path]:
    """Write (or refresh) one PO file per page and language, keeping existing translations."""
    pages = source_pages()
    written = []
    known = {language: _known_translations(language, directory) for language in languages}
    for page in pages:
        if page_type is not None and not isinstance(page, page_type):
            continue
        source, _created = TranslationSource.update_or_create_from_instance(page)
        template = source.export_po()
        for language in languages:
            path = directory / language / relative_po_path(page, pages[0])
            _write_po(path, language, template, page.url_path, known[language])
            written.append(path)
    aid = _source_decision_aid()
    if aid is not None and page_type is None:
        source, _created = TranslationSource.update_or_create_from_instance(aid)
        template = source.export_po()
        for language in languages:
            path = directory / language / DECISION_AID_PO
            _write_po(path, language, template, "decision-aid", known[language])
            written.append(path)
    return written


def _last_change(source: TranslationSource, locale: Locale):
    return StringTranslation.objects.filter(
        context__object_id=source.object_id, locale=locale
    ).aggregate(last=Max("updated_at"))["last"]


@transaction.atomic
def import_po_files(
    languages: list[str] = CONTENT_LANGUAGES, directory: Path = LOCALE_DIR
) -> TranslationReport:
    """Import every language's PO files; publish only the translations that changed."""
    report = TranslationReport()
    pages = source_pages()
    for language in languages:
        locale = Locale.objects.get(language_code=language)
        if not language_is_complete(language, pages, directory):
            # Half a course in a language would hide the rest: its catalogue would list only the
            # translated modules. Readers keep the English pages until every page is translated.
            report.missing.extend(f"{language}:{page.url_path}" for page in pages)
            continue
        for page in pages:
            path = directory / language / relative_po_path(page, pages[0])
            label = f"{language}:{page.url_path}"
            if not path.exists() or not _is_complete(path):
                # A half-translated page would show learners English in the middle of French.
                report.missing.append(label)
                continue
            source, source_changed = _refresh_source(page)
            translation, created = Translation.objects.get_or_create(
                source=source, target_locale=locale
            )
            before = _last_change(source, locale)
            warnings = translation.import_po(polib.pofile(str(path)), tool_name="PO file")
            report.warnings.extend(f"{label}: {w}" for w in warnings)
            target_exists = page.get_translations().filter(locale=locale).exists()
            changed = _last_change(source, locale) != before
            if created or source_changed or not target_exists or changed:
                _save_and_publish(translation, page, locale)
                report.saved.append(label)
            else:
                report.unchanged.append(label)
        _import_decision_aid(locale, directory, report)
    return report


def language_is_complete(language: str, pages: list[Page], directory: Path = LOCALE_DIR) -> bool:
    """Whether every source page (and the decision aid) has a complete PO file in `language`."""
    paths = [directory / language / relative_po_path(page, pages[0]) for page in pages]
    paths.append(directory / language / DECISION_AID_PO)
    return all(path.exists() and _is_complete(path) for path in paths)


def _import_decision_aid(locale: Locale, directory: Path, report: TranslationReport) -> None:
    """The decision aid's translation, saved like a page's (snippets have no revisions)."""
    aid = _source_decision_aid()
    path = directory / locale.language_code / DECISION_AID_PO
    label = f"{locale.language_code}:decision-aid"
    if aid is None:
        return
    if not path.exists() or not _is_complete(path):
        report.missing.append(label)
        return
    source, source_changed = _refresh_source(aid)
    translation, created = Translation.objects.get_or_create(source=source, target_locale=locale)
    before = _last_change(source, locale)
    warnings = translation.import_po(polib.pofile(str(path)), tool_name="PO file")
    report.warnings.extend(f"{label}: {w}" for w in warnings)
    target_exists = DecisionAid.objects.filter(
        translation_key=aid.translation_key, locale=locale
    ).exists()
    if created or source_changed or not target_exists or _last_change(source, locale) != before:
        translation.save_target()
        report.saved.append(label)
    else:
        report.unchanged.append(label)


def _save_and_publish(translation: Translation, page: Page, locale: Locale) -> None:
    """Save the translated page, then publish its new revision at once.

    `save_target(publish=True)` defers publishing to the end of the transaction with the page
    object it held then; in a transaction that also adds the page's children, that stale object
    would be saved back over the tree's child counts. Publishing a freshly loaded revision
    avoids it.
    """
    translation.save_target(publish=False)
    target = page.get_translation(locale)
    Revision.objects.get(pk=target.latest_revision_id).publish()


def _is_complete(path: Path) -> bool:
    from .po_check import check_po_file

    return not check_po_file(path)


def _refresh_source(instance: Page | DecisionAid) -> tuple[TranslationSource, bool]:
    existing = TranslationSource.objects.filter(
        object_id=instance.translation_key, locale_id=instance.locale_id
    ).first()
    before = existing.last_updated_at if existing else None
    source, _created = TranslationSource.update_or_create_from_instance(instance)
    return source, source.last_updated_at != before
