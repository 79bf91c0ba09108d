"""Anyone can sign up in any city without proving their address: until the email is verified,
the account is not one of the city's learners in the report, its exports or the figures."""

import csv
import io

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from lms.dashboards.modules import programme_modules
from lms.dashboards.queries import figures_by_city, monthly_completions
from lms.models import LearnerProfile
from tests import factories
from tests.lms.test_accounts import SIGNUP_URL, signup_data

from .factories import certificate, progress

pytestmark = pytest.mark.django_db

PLANTED = "Planted Unverified"


@pytest.fixture
def unverified(client, modules, city_a, learner_a):
    """A sign-up through the public form, never verified; a lead enrolled it before this fix."""
    learner_a.learner_profile.full_name = "Ada Verified"
    learner_a.learner_profile.save()
    response = client.post(
        SIGNUP_URL, signup_data(city_a, full_name=PLANTED, email="planted@example.org")
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(email="planted@example.org")
    assert not EmailAddress.objects.get(user=user).verified
    client.logout()
    progress(user, modules[0], "completed", score=90, completed_days_ago=3)
    certificate(user, modules[0])
    progress(learner_a, modules[0], "in_progress", score=40)
    return user


def _body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


def test_report_and_exports_leave_out_unverified_accounts(
    client, unverified, city_a, lead_a, settings, django_capture_on_commit_callbacks
):
    client.force_login(lead_a)
    url = f"/admin/dashboards/city/{city_a.pk}/learners/"
    html = client.get(url).content.decode()
    assert "Ada Verified" in html and PLANTED not in html
    csv_body = _body(client.get(f"{url}?export=csv"))
    assert "Ada Verified" in csv_body and PLANTED not in csv_body
    assert len(list(csv.reader(io.StringIO(csv_body)))) == 2  # header and Ada
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(b"".join(client.get(f"{url}?export=xlsx").streaming_content)))
    names = [row[0] for row in list(book.active.values)[1:]]
    assert names == ["Ada Verified"]
    # The large-export path (a Celery task) reads the same queryset.
    settings.DASHBOARD_SYNC_EXPORT_LIMIT = 0
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(f"{url}?export=csv").status_code == 302
    from lms.dashboards.models import ExportJob

    job = ExportJob.objects.get()
    assert job.row_count == 1
    assert PLANTED not in _body(client.get(f"/admin/dashboards/exports/{job.pk}/download/"))


def test_an_unverified_account_cannot_be_enrolled_by_its_id(client, unverified, city_a, lead_a):
    client.force_login(lead_a)
    response = client.post(
        f"/admin/dashboards/city/{city_a.pk}/learners/enrol/",
        {"module": str(programme_modules()[1].key), "learners": [unverified.learner_profile.pk]},
    )
    assert response.status_code == 404


def test_figures_leave_out_unverified_accounts(client, unverified, modules, city_a, lead_a):
    client.force_login(lead_a)
    html = client.get(f"/admin/dashboards/city/{city_a.pk}/").content.decode()
    assert html.split("Learners registered</dt><dd>")[1].split("<")[0] == "1"
    figures = figures_by_city([city_a.pk], programme_modules())[city_a.pk]
    assert figures.registered == 1
    first = figures.modules[0]
    assert (first.enrolled, first.in_progress, first.completed, first.passed) == (1, 1, 0, 0)
    assert figures.funnel[0] == 0 and figures.module_certificates == 0
    assert sum(n for _month, n in monthly_completions([city_a.pk], 12)) == 0


def test_once_verified_the_account_is_counted_and_listed(client, unverified, city_a, lead_a):
    EmailAddress.objects.filter(user=unverified).update(verified=True)
    figures = figures_by_city([city_a.pk], programme_modules())[city_a.pk]
    assert figures.registered == 2 and figures.modules[0].completed == 1
    client.force_login(lead_a)
    html = client.get(f"/admin/dashboards/city/{city_a.pk}/learners/").content.decode()
    assert PLANTED in html


def test_accounts_made_without_an_address_record_still_count(modules, city_a):
    """Accounts created by staff or the data generator have no allauth address at all: they are
    not unverified sign-ups, and stay in the figures."""
    user = factories.LearnerFactory(verified=False, profile__city=city_a)
    assert not EmailAddress.objects.filter(user=user).exists()
    assert figures_by_city([city_a.pk], programme_modules())[city_a.pk].registered == 1
    assert LearnerProfile.objects.filter(city=city_a).count() == 1
