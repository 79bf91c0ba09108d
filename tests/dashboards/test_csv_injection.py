"""CSV injection (issue 14): a cell a spreadsheet would run as a formula is written as text.

Anyone can plant such a name (a learner's own name on sign-up), so every CSV the platform
writes goes through `lms.csvsafe`: the learner exports, quick and background, and Wagtail's own
report exports.
"""

import csv
import io

import pytest

from lms.csvsafe import neutralise
from lms.dashboards.models import ExportJob
from tests import factories

pytestmark = pytest.mark.django_db

PLANTED = [
    '=HYPERLINK("http://evil.example","click")',
    "=1+2*3",
    "+cmd",
    "-2+3",
    "@SUM(1)",
    "\tTAB",
    "\rCR",
]


@pytest.mark.parametrize("value", PLANTED)
def test_dangerous_cells_become_text(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["Ada Social", "Ελένη", "", "'quoted", 91, None, "a=b"])
def test_other_cells_are_unchanged(value):
    assert neutralise(value) == value


@pytest.fixture
def planted(modules, city_a, lead_a):
    for n, name in enumerate(PLANTED):
        factories.LearnerFactory(
            username=f"planted-{n}", profile__city=city_a, profile__full_name=name
        )
    return f"/admin/dashboards/city/{city_a.pk}/learners/?export=csv"


def names_in(body: bytes) -> set[str]:
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    return {row[0] for row in rows[1:]}


def test_quick_csv_export_neutralises_formulas(client, planted, lead_a):
    client.force_login(lead_a)
    response = client.get(planted)
    assert response.status_code == 200
    assert names_in(b"".join(response.streaming_content)) == {"'" + name for name in PLANTED}


def test_background_csv_export_neutralises_formulas(
    client, planted, lead_a, settings, django_capture_on_commit_callbacks
):
    settings.DASHBOARD_SYNC_EXPORT_LIMIT = 0
    client.force_login(lead_a)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(planted).status_code == 302
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.READY
    with job.file.open("rb") as handle:
        assert names_in(handle.read()) == {"'" + name for name in PLANTED}


def test_wagtail_report_csv_exports_neutralise_formulas(client, superuser):
    """Wagtail's own reports (site history here) write CSV through the same guard."""
    from wagtail.log_actions import log

    city = factories.CityFactory(name="=1+2*3", slug="formula")
    log(city, "wagtail.edit", user=superuser)
    client.force_login(superuser)
    response = client.get("/admin/reports/site-history/?export=csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'=1+2*3" in body and ",=1+2*3" not in body
