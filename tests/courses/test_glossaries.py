"""Content translations hold to each language's glossary (courses/content/glossary/<lang>.yaml)."""

import re
from pathlib import Path

import polib
import pytest
import yaml

from courses.content_schema import CONTENT_DIR

GLOSSARY_DIR = CONTENT_DIR / "glossary"
LOCALE_DIR = CONTENT_DIR / "locale"
GLOSSARIES = sorted(GLOSSARY_DIR.glob("*.yaml"))


def glossary_problems(glossary: dict, po_paths: list[Path]) -> list[str]:
    terms = [(re.compile(rf"\b{t['source']}\b", re.IGNORECASE), t) for t in glossary["terms"]]
    avoid = [a.lower() for a in glossary.get("avoid", [])]
    problems = []
    for path in po_paths:
        for entry in polib.pofile(str(path)):
            # A citation's title kept in its original language is not a translation.
            if not entry.msgstr or entry.msgstr == entry.msgid or entry.msgctxt == "slug":
                continue
            target = entry.msgstr.lower()
            where = f"{path.relative_to(LOCALE_DIR)}: {entry.msgid[:50]!r}"
            for pattern, term in terms:
                if pattern.search(entry.msgid) and not any(e in target for e in term["expect"]):
                    problems.append(
                        f"{where}: {term['source']!r} is not rendered as {term['note']}"
                    )
            problems.extend(f"{where}: avoid {word!r}" for word in avoid if word in target)
    return problems


def test_there_is_a_glossary_for_each_content_language():
    assert {p.stem for p in GLOSSARIES} >= {"fr", "de", "es"}


@pytest.mark.parametrize("path", GLOSSARIES, ids=lambda p: p.stem)
def test_translations_follow_the_glossary(path):
    glossary = yaml.safe_load(path.read_text(encoding="utf-8"))
    po_paths = sorted((LOCALE_DIR / glossary["language"]).rglob("*.po"))
    assert po_paths
    assert glossary_problems(glossary, po_paths) == []


def test_glossary_check_flags_a_missing_term_and_a_word_to_avoid(tmp_path):
    po = polib.POFile()
    po.append(polib.POEntry(msgid="Signs of concern and their limits", msgstr="Warnsignale"))
    path = LOCALE_DIR / "de" / "_probe.po"
    try:
        po.save(str(path))
        glossary = yaml.safe_load((GLOSSARY_DIR / "de.yaml").read_text(encoding="utf-8"))
        problems = " | ".join(glossary_problems(glossary, [path]))
    finally:
        path.unlink()
    assert "'signs of concern' is not rendered as Anzeichen" in problems
    assert "avoid 'warnsignal'" in problems
