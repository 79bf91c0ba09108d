"""The UI is translated into every language the site offers, and the shipped .mo files are fresh.

Three guarantees: every message of every catalogue has a translation (with the same
placeholders), the compiled .mo files say exactly what their .po files say (so no gettext tools
are needed to run the site), and the English catalogue holds every string the code marks for
translation (so a new string without a translation fails here, not in front of a learner).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
PLACEHOLDER = re.compile(r"%\([a-zA-Z_][a-zA-Z0-9_]*\)[sdfr]|%[sdf]|\{[a-zA-Z_][a-zA-Z0-9_]*\}")


def _catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def _nplurals(po: polib.POFile) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", ""))
    assert match, "the catalogue has no Plural-Forms header"
    return int(match.group(1))


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated(language):
    po = _catalogue(language)
    assert len(po) > 0
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert not untranslated, (
        f"{language}: {len(untranslated)} untranslated, e.g. {untranslated[:3]}"
    )
    assert not fuzzy, f"{language}: {len(fuzzy)} fuzzy, e.g. {fuzzy[:3]}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_the_placeholders(language):
    po = _catalogue(language)
    nplurals = _nplurals(po)
    problems = []
    for entry in po.translated_entries():
        if entry.msgid_plural:
            allowed = _placeholders(entry.msgid) | _placeholders(entry.msgid_plural)
            forms = [entry.msgstr_plural.get(i, "") for i in range(nplurals)]
            if not all(forms):
                problems.append(("missing plural form", entry.msgid))
            for form in forms:
                if not _placeholders(form) <= allowed:
                    problems.append((form, entry.msgid))
        elif _placeholders(entry.msgstr) != _placeholders(entry.msgid):
            problems.append((entry.msgstr, entry.msgid))
    assert not problems, f"{language}: {problems[:5]}"


@pytest.mark.parametrize("language", [settings.LANGUAGE_CODE, *TRANSLATED])
def test_compiled_catalogue_matches_its_source(language):
    po = _catalogue(language)
    mo_path = LOCALE_DIR / language / "LC_MESSAGES" / "django.mo"
    assert mo_path.exists(), f"{mo_path} is missing: run `manage.py compile_translations`"
    mo = polib.mofile(str(mo_path))

    def messages(catalogue) -> dict:
        result = {}
        for entry in catalogue:
            translated = bool(entry.msgstr) or any(entry.msgstr_plural.values())
            if entry.msgid and translated and not getattr(entry, "fuzzy", False):
                key = (entry.msgctxt, entry.msgid, entry.msgid_plural)
                result[key] = entry.msgstr or tuple(sorted(entry.msgstr_plural.items()))
        return result

    assert messages(mo) == messages(po), (
        f"{mo_path} is stale against its .po: run `manage.py compile_translations`"
    )


def test_every_marked_string_is_in_the_catalogues(tmp_path):
    """Re-extract the strings from a copy of the code and compare with the English catalogue."""
    if not shutil.which("xgettext"):
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("gettext (xgettext) is required under CI")
        pytest.skip("gettext's xgettext is not installed")
    base = Path(settings.BASE_DIR)
    copy = tmp_path / "src"
    shutil.copytree(
        base,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv",
            ".git",
            "media",
            "staticfiles",
            "node_modules",
            "__pycache__",
            "*.mo",
            "tests",
            ".pytest_cache",
            "*.sqlite3",
        ),
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env["DJANGO_SETTINGS_MODULE"] = "lms.settings.test"
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "en",
            "--no-obsolete",
            "--ignore=.venv",
            "--ignore=staticfiles",
            "--ignore=tests",
        ],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    extracted = {
        (entry.msgctxt, entry.msgid)
        for entry in polib.pofile(str(copy / "lms/locale/en/LC_MESSAGES/django.po"))
    }
    for language in [settings.LANGUAGE_CODE, *TRANSLATED]:
        shipped = {
            (entry.msgctxt, entry.msgid) for entry in _catalogue(language) if not entry.obsolete
        }
        missing = sorted(extracted - shipped, key=str)
        assert not missing, (
            f"{language}: {len(missing)} strings are marked in the code but not in the catalogue "
            f"(run `make messages` and translate them), e.g. {missing[:3]}"
        )
