"""Learner exports: one row per learner, every module as columns, in CSV or XLSX.

Small exports stream straight from the report view; large ones (more rows than
settings.DASHBOARD_SYNC_EXPORT_LIMIT) are built by a Celery task into private storage and
listed for their requester to download.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timedelta, tzinfo
from typing import IO, TYPE_CHECKING

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.admin.views.mixins import ExcelDateFormatter, SpreadsheetExportMixin

from lms.models import City, LearnerProfile, Profession

from .filters import filtered_learners
from .models import ExportJob
from .modules import Module, programme_modules
from .queries import export_rows

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)
DEFAULT_SYNC_LIMIT = 5_000


def sync_limit() -> int:
    return getattr(settings, "DASHBOARD_SYNC_EXPORT_LIMIT", DEFAULT_SYNC_LIMIT)


class LearnerSpreadsheet(SpreadsheetExportMixin):
    """Wagtail's spreadsheet writer, fed with the pivoted rows of `queries.export_rows`.

    Times are the city's local time (`City.tzinfo`): in CSV as `YYYY-MM-DD HH:MM` text, which
    every spreadsheet reads back as a date, after a UTF-8 byte-order mark so that Excel reads
    accented and Greek names right; in XLSX as real date-times shown in the reader's short
    date-time format, under a frozen header row, in columns wide enough to read.
    """

    export_filename: str = "learners"
    CSV_DATETIME = "%Y-%m-%d %H:%M"
    BOM = "\ufeff"

    def __init__(
        self, modules: Sequence[Module], time_zone: tzinfo | None = None, filename: str = ""
    ) -> None:
        self.modules = list(modules)
        self.time_zone = time_zone or timezone.get_default_timezone()
        self.export_filename = filename or "learners"
        headings = {
            "full_name": _("Name"),
            "profession": _("Profession"),
            "created_at": _("Registered"),
        }
        for module in self.modules:
            headings[f"{module.field}_status"] = _("Module %(number)s status") % {
                "number": module.number
            }
            headings[f"{module.field}_score"] = _("Module %(number)s best score (%%)") % {
                "number": module.number
            }
            headings[f"{module.field}_completed"] = _("Module %(number)s completed") % {
                "number": module.number
            }
        headings["certificates"] = _("Certificates")
        headings["last_activity_at"] = _("Last activity")
        self.export_headings = headings
        self.list_export = list(headings)
        self.custom_value_preprocess = {
            **SpreadsheetExportMixin.custom_value_preprocess,
            datetime: {self.FORMAT_CSV: self.csv_time, self.FORMAT_XLSX: self.local_time},
        }

    def local_time(self, value: datetime) -> datetime:
        """The city's wall-clock time to the minute (naive: spreadsheets have no time zones)."""
        if timezone.is_aware(value):
            value = timezone.make_naive(value, self.time_zone)
        return value.replace(second=0, microsecond=0)

    def csv_time(self, value: datetime) -> str:
        return self.local_time(value).strftime(self.CSV_DATETIME)

    def to_row_dict(self, item: dict) -> dict:
        row = {field: item.get(field) for field in self.list_export}
        row["profession"] = Profession(item["profession"]).label if item["profession"] else ""
        return row

    def rows(self, queryset: QuerySet[LearnerProfile]) -> Iterable[dict]:
        return export_rows(queryset, self.modules)

    def stream_csv(self, queryset: Iterable[dict]) -> Iterator[str]:
        yield self.BOM
        yield from super().stream_csv(queryset)

    def write_csv_response(self, queryset: Iterable[dict]) -> StreamingHttpResponse:
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response

    def column_width(self, field: str) -> float:
        """Room for the heading and the column's usual content, in Excel's character widths."""
        if field == "full_name":
            content = 30
        elif field == "profession":
            content = 34
        elif field in ("created_at", "last_activity_at") or field.endswith("_completed"):
            content = 17
        elif field.endswith("_status"):
            content = 14
        else:
            content = 8
        return min(max(content, len(str(self.export_headings[field])) + 2), 60)

    def write_xlsx(self, queryset: Iterable[dict], output: IO[bytes]) -> None:
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter

        workbook = Workbook(write_only=True)
        worksheet = workbook.create_sheet(title=str(_("Learners"))[:31])
        for index, field in enumerate(self.list_export, start=1):
            worksheet.column_dimensions[get_column_letter(index)].width = self.column_width(field)
        worksheet.freeze_panes = "B2"  # the headings and the names stay in view
        bold = Font(bold=True)
        headings = []
        for field in self.list_export:
            cell = WriteOnlyCell(worksheet, str(self.export_headings[field]))
            cell.font = bold
            headings.append(cell)
        worksheet.append(headings)
        date_format = ExcelDateFormatter().get()
        for item in queryset:
            worksheet.append(
                self.generate_xlsx_row(worksheet, self.to_row_dict(item), date_format=date_format)
            )
        workbook.save(output)


def request_export(user: User, city: City, export_format: str, params: dict) -> ExportJob:
    """Record a large export and hand it to a worker once the request's transaction commits."""
    from .tasks import build_export

    job = ExportJob.objects.create(
        requested_by=user, city=city, format=export_format, filters=params
    )
    language = translation.get_language()
    transaction.on_commit(lambda: build_export.delay(job.pk, language))
    return job


def build_export(job_id: int) -> ExportJob | None:
    """Write the export file of a pending job; idempotent (a finished job is left alone)."""
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != ExportJob.Status.PENDING:
            return job
    modules = programme_modules()
    sheet = LearnerSpreadsheet(modules, job.city.tzinfo)
    queryset = filtered_learners(job.city_id, job.filters, modules)
    rows = _Counter(sheet.rows(queryset))
    try:
        with tempfile.TemporaryFile() as output:
            if job.format == ExportJob.Format.XLSX:
                sheet.write_xlsx(rows, output)
            else:
                for line in sheet.stream_csv(rows):
                    output.write(line if isinstance(line, bytes) else line.encode("utf-8"))
            output.seek(0)
            job.file.save(job.filename, File(output), save=False)
    except Exception:
        logger.exception("Export %s failed", job.pk)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.FAILED, finished_at=timezone.now()
        )
        raise
    job.status = ExportJob.Status.READY
    job.row_count = rows.count
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "status", "row_count", "finished_at"])
    return job


class _Counter:
    """Counts the rows a writer consumed."""

    def __init__(self, rows: Iterable[dict]) -> None:
        self.rows = iter(rows)
        self.count = 0

    def __iter__(self) -> _Counter:
        return self

    def __next__(self) -> dict:
        row = next(self.rows)
        self.count += 1
        return row


def purge_old_exports(days: int = 7) -> int:
    """Delete export files (and jobs) older than `days`: exports hold personal data."""
    cutoff = timezone.now() - timedelta(days=days)
    removed = 0
    for job in ExportJob.objects.filter(created_at__lt=cutoff):
        if job.file:
            job.file.delete(save=False)
        job.delete()
        removed += 1
    return removed
