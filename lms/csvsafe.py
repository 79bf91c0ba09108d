"""CSV injection guard: no cell a spreadsheet would run as a formula leaves the platform.

Spreadsheets treat a cell starting with `=`, `+`, `-` or `@` (and, in some, a tab or carriage
return before them) as a formula, so a learner who signs up as `=HYPERLINK(...)` would otherwise
plant a live link or command in a lead's export (OWASP "CSV Injection"). Such text cells get a
leading apostrophe, which spreadsheets show as text. Numbers are left alone: they are written
by the platform, never typed by a user, and `-3` must stay a number.

Every CSV the platform writes goes through `neutralise`: our own writers call it, and `install()`
(from `LmsConfig.ready`) puts it into Wagtail's `SpreadsheetExportMixin`, which writes the
learner exports and Wagtail's own report exports (site history, form submissions...).
"""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: T) -> T | str:
    """`value` as a spreadsheet shows it: text that looks like a formula gets a leading `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def install() -> None:
    """Neutralise every CSV cell Wagtail's spreadsheet exports write (idempotent)."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    if getattr(SpreadsheetExportMixin.write_csv_row, "neutralises", False):
        return
    original = SpreadsheetExportMixin.write_csv_row

    def write_csv_row(self, writer, row_dict):
        cells = {
            field: neutralise(self.preprocess_field_value(field, value, self.FORMAT_CSV))
            for field, value in row_dict.items()
        }
        return writer.writerow(cells)

    write_csv_row.neutralises = True  # type: ignore[attr-defined]
    write_csv_row.__wrapped__ = original  # type: ignore[attr-defined]
    write_csv_row.__doc__ = original.__doc__
    SpreadsheetExportMixin.write_csv_row = write_csv_row  # type: ignore[method-assign]
