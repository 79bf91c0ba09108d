"""Learner report: filters, sorting, CSV/XLSX exports, large exports via Celery and download."""

import csv
import io

import pytest
from django.core import mail  # noqa: F401

from lms.dashboards.models import ExportJob
from tests import factories

from .factories import certificate, progress

pytestmark = pytest.mark.django_db


@pytest.fixture
def report_site(modules, city_a, learner_a, lead_a):
    teacher = factories.LearnerFactory(
        username="teacher", profile__city=city_a, profile__profession="teacher",
        profile__full_name="Zoe Teacher",
    )  # fmt: skip
    learner_a.learner_profile.full_name = "Ada Social"
    learner_a.learner_profile.save()
    progress(learner_a, modules[0], "completed", score=91, completed_days_ago=5)
    progress(teacher, modules[0], "in_progress", score=40)
    certificate(learner_a, modules[0])
    return {"url": f"/admin/dashboards/city/{city_a.pk}/learners/", "modules": modules}


def rows_of(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")  # after the BOM
    return list(csv.reader(io.StringIO(body)))


def test_report_lists_learners_with_module_status(client, report_site, lead_a):
    client.force_login(lead_a)
    html = client.get(report_site["url"]).content.decode()
    assert "Ada Social" in html and "Zoe Teacher" in html
    assert "Completed · 91%" in html and "In progress · 40%" in html
    assert "@example.org" not in html  # no emails in the report


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("profession=teacher", ["Zoe Teacher"]),
        ("status=completed", ["Ada Social"]),
        ("module={m1}&status=in_progress", ["Zoe Teacher"]),
        ("module={m2}&status=not_started", []),
        ("module={m2}&status=not_enrolled", ["Ada Social", "Zoe Teacher"]),
        ("module={m1}&status=not_enrolled", []),
        ("name=ada", ["Ada Social"]),
        ("ordering=-full_name", ["Zoe Teacher", "Ada Social"]),
        ("registered_from=2999-01-01", []),
    ],
)
def test_report_filters_and_sorts(client, report_site, lead_a, query, expected):
    modules = report_site["modules"]
    query = query.format(m1=modules[0].translation_key, m2=modules[1].translation_key)
    client.force_login(lead_a)
    html = client.get(f"{report_site['url']}?{query}").content.decode()
    found = [name for name in ("Ada Social", "Zoe Teacher") if name in html]
    assert sorted(found, key=html.index) == expected


def test_bad_filter_values_are_a_form_error_not_a_crash(client, report_site, lead_a):
    client.force_login(lead_a)
    response = client.get(f"{report_site['url']}?active_from=yesterday&module=nope")
    assert response.status_code == 200
    response = client.get(f"{report_site['url']}?active_from=yesterday&export=csv")
    assert response.status_code == 200
    assert rows_of(response)[1:] == []


def test_csv_export_is_one_row_per_learner_with_modules_as_columns(client, report_site, lead_a):
    client.force_login(lead_a)
    response = client.get(f"{report_site['url']}?export=csv")
    rows = rows_of(response)
    header = rows[0]
    assert header[:3] == ["Name", "Profession", "Registered"]
    assert "Module 6 status" in header and header[-2:] == ["Certificates", "Last activity"]
    ada = next(row for row in rows if row[0] == "Ada Social")
    assert ada[header.index("Module 1 status")] == "Completed"
    assert ada[header.index("Module 1 best score (%)")] == "91.00"
    assert ada[header.index("Module 2 status")] == "Not enrolled"
    assert ada[header.index("Certificates")] == "1"
    assert len(rows) == 3


def test_xlsx_export(client, report_site, lead_a):
    from openpyxl import load_workbook

    client.force_login(lead_a)
    response = client.get(f"{report_site['url']}?export=xlsx&profession=teacher")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    values = list(book.active.values)
    assert values[0][0] == "Name" and [row[0] for row in values[1:]] == ["Zoe Teacher"]


def test_large_export_is_built_by_a_task_and_downloaded_by_its_requester(
    client, report_site, lead_a, lead_b, settings, django_capture_on_commit_callbacks
):
    settings.DASHBOARD_SYNC_EXPORT_LIMIT = 0
    client.force_login(lead_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(f"{report_site['url']}?export=csv&profession=teacher")
    assert response.status_code == 302 and response["Location"] == "/admin/dashboards/exports/"
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.READY and job.row_count == 1
    assert job.filters == {"profession": "teacher"}
    listing = client.get("/admin/dashboards/exports/").content.decode()
    assert f"/admin/dashboards/exports/{job.pk}/download/" in listing
    download = client.get(f"/admin/dashboards/exports/{job.pk}/download/")
    body = b"".join(download.streaming_content).decode()
    assert "Zoe Teacher" in body and "Ada Social" not in body
    assert "no-store" in download["Cache-Control"]
    client.force_login(lead_b)
    listing = client.get("/admin/dashboards/exports/").content.decode()
    assert f"exports/{job.pk}/download/" not in listing


def test_old_exports_are_purged(report_site, lead_a, city_a):
    from datetime import timedelta

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from lms.dashboards.tasks import purge_old_exports

    job = ExportJob.objects.create(
        requested_by=lead_a, city=city_a, format="csv", status=ExportJob.Status.READY,
        created_at=timezone.now() - timedelta(days=8),
    )  # fmt: skip
    job.file.save(job.filename, ContentFile(b"x"))
    storage, name = job.file.storage, job.file.name
    assert purge_old_exports() == 1
    assert not ExportJob.objects.exists() and not storage.exists(name)
