"""Checks a content translation PO file: every entry translated, markup kept, slugs valid.

Free of Django so translators can run it directly:
`python courses/po_check.py courses/content/locale/fr/awareness-raising/*.po`
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import polib

_TAG = re.compile(r"</?([a-zA-Z0-9]+)[^>]*>")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def check_po_file(path: Path) -> list[str]:
    problems = []
    for entry in polib.pofile(str(path)):
        if entry.obsolete:
            continue
        where = f"{path}: {entry.msgctxt} {entry.msgid[:40]!r}"
        if not entry.msgstr.strip():
            problems.append(f"{where}: not translated")
            continue
        if Counter(_TAG.findall(entry.msgid)) != Counter(_TAG.findall(entry.msgstr)):
            problems.append(f"{where}: the HTML tags differ from the source")
        if entry.msgctxt == "slug" and not _SLUG.match(entry.msgstr):
            problems.append(f"{where}: a slug is lowercase ASCII words joined by hyphens")
    return problems


def main(argv: list[str]) -> int:
    problems = [p for arg in argv for p in check_po_file(Path(arg))]
    for problem in problems:
        print(problem)
    print(f"{len(argv)} files, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
