"""Issue 16: a city's report, invitations list and exports show dates in the reader's locale and
times in the city's time zone; a module the learner is not enrolled in says so."""

import csv
import importlib
import io
from datetime import UTC, datetime

import pytest
from django.apps import apps as django_apps

from lms.dashboards.models import ExportJob, Invitation
from lms.models import City
from tests import factories

from .factories import progress

pytestmark = pytest.mark.django_db

# 23:30 UTC on 6 December is 00:30 on 7 December in Brussels (and 01:30 in Athens).
LATE = datetime(2026, 12, 6, 23, 30, 45, 123456, tzinfo=UTC)


@pytest.fixture
def dated(modules, city_a, lead_a):
    learner = factories.LearnerFactory(
        username="eleni", profile__city=city_a, profile__full_name="Ελένη Παπαδοπούλου"
    )
    learner.learner_profile.created_at = LATE
    learner.learner_profile.save()
    row = progress(learner, modules[0], "completed", score=80, completed_days_ago=1)
    row.completed_at = row.last_activity_at = LATE
    row.save()
    progress(learner, modules[1], "not_started")
    return f"/admin/dashboards/city/{city_a.pk}/learners/"


def csv_rows(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def test_city_time_zone_defaults_to_the_countrys():
    assert factories.CityFactory(slug="brno", country="CZ").time_zone == "Europe/Prague"
    assert factories.CityFactory(slug="porto", country="PT").time_zone == "Europe/Lisbon"
    assert factories.CityFactory(slug="hull", country="GB").time_zone == "Europe/London"
    assert (
        factories.CityFactory(slug="volos", country="GR", time_zone="Europe/Athens").tzinfo.key
        == "Europe/Athens"
    )


def test_the_data_migration_gives_existing_cities_their_countrys_zone():
    migration = importlib.import_module("lms.migrations.0002_city_time_zone")
    factories.CityFactory(slug="athens", country="GR")
    factories.CityFactory(slug="liege", country="BE")
    City.objects.update(time_zone="")
    migration.set_time_zones(django_apps, None)
    zones = dict(City.objects.values_list("slug", "time_zone"))
    assert zones == {"athens": "Europe/Athens", "liege": "Europe/Brussels"}


def test_report_dates_are_in_the_readers_locale_and_the_citys_zone(client, dated, lead_a):
    client.force_login(lead_a)
    html = client.get(dated).content.decode()
    assert "07/12/2026" in html  # day first, in Brussels: not 12/07/2026 nor 06/12/2026
    assert "12/07/2026" not in html and "06/12/2026" not in html


def test_report_tells_not_enrolled_from_not_started(client, dated, lead_a):
    client.force_login(lead_a)
    html = client.get(dated).content.decode()
    assert "Not started" in html  # module 2: enrolled, nothing done
    assert "Not enrolled" in html  # modules 3-6


def test_report_in_french_uses_french_formats(client, dated, lead_a):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(lead_a)
    profile.preferred_language = "fr"
    profile.save()
    client.force_login(lead_a)
    html = client.get(dated).content.decode()
    assert "07/12/2026" in html


def test_invitations_list_dates_are_local(client, modules, city_a, lead_a):
    Invitation.objects.create(
        city=city_a, email="x@example.org", full_name="X", language="fr", created_at=LATE
    )
    client.force_login(lead_a)
    html = client.get(f"/admin/dashboards/city/{city_a.pk}/invitations/").content.decode()
    assert "07/12/2026" in html and "12/07/2026" not in html and "06/12/2026" not in html


def test_csv_has_a_bom_local_times_without_microseconds_and_not_enrolled(client, dated, lead_a):
    client.force_login(lead_a)
    response = client.get(f"{dated}?export=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    rows = csv_rows(body)
    header, eleni = rows[0], next(row for row in rows if row[0] == "Ελένη Παπαδοπούλου")
    assert eleni[header.index("Registered")] == "2026-12-07 00:30"
    assert eleni[header.index("Module 1 completed")] == "2026-12-07 00:30"
    assert eleni[header.index("Last activity")] == "2026-12-07 00:30"
    assert eleni[header.index("Module 2 status")] == "Not started"
    assert eleni[header.index("Module 3 status")] == "Not enrolled"


def test_background_csv_has_the_bom_and_local_times(
    client, dated, lead_a, settings, django_capture_on_commit_callbacks
):
    settings.DASHBOARD_SYNC_EXPORT_LIMIT = 0
    client.force_login(lead_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(f"{dated}?export=csv")
    with ExportJob.objects.get().file.open("rb") as handle:
        body = handle.read()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = csv_rows(body)
    assert rows[1][rows[0].index("Registered")] == "2026-12-07 00:30"


def test_xlsx_has_local_datetimes_a_frozen_header_and_widths(client, dated, lead_a):
    from openpyxl import load_workbook

    client.force_login(lead_a)
    response = client.get(f"{dated}?export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = [cell.value for cell in sheet[1]]
    assert sheet.freeze_panes == "B2"
    assert sheet.column_dimensions["A"].width >= 30
    assert all(sheet.column_dimensions[c].width >= 10 for c in ("B", "C", "D", "E"))
    registered = sheet.cell(row=2, column=header.index("Registered") + 1)
    assert registered.value == datetime(2026, 12, 7, 0, 30)  # a real date-time, local
    assert registered.number_format == "dd/mm/yyyy hh:mm"
    status = sheet.cell(row=2, column=header.index("Module 3 status") + 1)
    assert status.value == "Not enrolled"


def test_csv_in_athens_is_athens_time(client, modules):
    athens = factories.CityFactory(name="Athens", slug="athens", country="GR")
    from .factories import with_totp

    lead = with_totp(factories.CityLeadFactory(username="lead-gr", cities=[athens]))
    learner = factories.LearnerFactory(username="nikos", profile__city=athens)
    learner.learner_profile.created_at = LATE
    learner.learner_profile.save()
    client.force_login(lead)
    response = client.get(f"/admin/dashboards/city/{athens.pk}/learners/?export=csv")
    rows = csv_rows(b"".join(response.streaming_content))
    assert rows[1][rows[0].index("Registered")] == "2026-12-07 01:30"


def test_city_dashboard_names_the_city_in_its_visible_heading(client, modules, city_a, lead_a):
    client.force_login(lead_a)
    html = client.get(f"/admin/dashboards/city/{city_a.pk}/").content.decode()
    crumbs = html[html.index("<nav") : html.index("</nav>")]
    assert "Antwerp" in crumbs


def test_report_filters_tell_not_enrolled_from_not_started(client, modules, city_a, lead_a):
    waiting = factories.LearnerFactory(
        username="waiting", profile__city=city_a, profile__full_name="Wanda Waiting"
    )
    progress(waiting, modules[0], "not_started")
    factories.LearnerFactory(username="new", profile__city=city_a, profile__full_name="Nina New")
    client.force_login(lead_a)
    url = f"/admin/dashboards/city/{city_a.pk}/learners/"
    html = client.get(f"{url}?status=not_started").content.decode()
    assert "Wanda Waiting" in html and "Nina New" not in html
    html = client.get(f"{url}?status=not_enrolled").content.decode()
    assert "Nina New" in html and "Wanda Waiting" not in html
