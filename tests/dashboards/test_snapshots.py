"""Dashboard snapshots: the stored figures equal the live ones, refresh on age, button and beat."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from lms.dashboards import tasks
from lms.dashboards.models import CitySnapshot
from lms.dashboards.modules import programme_modules
from lms.dashboards.queries import figures_by_city, monthly_completions
from lms.dashboards.snapshots import deserialize, max_age, refresh_snapshots
from lms.models import City
from tests import factories

pytestmark = pytest.mark.django_db


def registered(html: str) -> str:
    return html.split("Learners registered</dt><dd>")[1].split("<")[0]


def test_snapshot_holds_exactly_the_live_figures(small_site, city_a, city_b):
    assert refresh_snapshots() == 2
    modules = programme_modules()
    live = figures_by_city([city_a.pk, city_b.pk], modules)
    for city in (city_a, city_b):
        figures, months = deserialize(city.pk, CitySnapshot.objects.get(city=city).figures, modules)
        assert figures == live[city.pk]
        assert months == monthly_completions([city.pk], 12)
    assert figures_by_city([city_a.pk], modules)[city_a.pk].funnel == [2, 1, 1, 1, 1, 1]


def test_city_dashboard_shows_the_snapshot_until_refreshed(client, small_site, city_a, lead_a):
    client.force_login(lead_a)
    url = f"/admin/dashboards/city/{city_a.pk}/"
    html = client.get(url).content.decode()
    assert registered(html) == "2" and "Figures as of" in html and "Refresh now" in html
    factories.LearnerFactory(username="late-learner", profile__city=city_a)
    assert registered(client.get(url).content.decode()) == "2"  # the snapshot, as it says
    response = client.post("/admin/dashboards/refresh/", {"city": city_a.pk})
    assert response.status_code == 302 and response["Location"] == url
    assert registered(client.get(url).content.decode()) == "3"


def test_stale_snapshot_is_recomputed_while_the_reader_waits(client, small_site, city_a, lead_a):
    refresh_snapshots(now=timezone.now() - max_age() - timedelta(minutes=1))
    factories.LearnerFactory(username="late-learner", profile__city=city_a)
    client.force_login(lead_a)
    assert registered(client.get(f"/admin/dashboards/city/{city_a.pk}/").content.decode()) == "3"
    assert CitySnapshot.objects.get(city=city_a).computed_at > timezone.now() - timedelta(minutes=1)


def test_a_new_module_makes_the_snapshot_stale(client, small_site, city_a, lead_a):
    refresh_snapshots()
    factories.ModulePageFactory(parent=small_site[0].get_parent(), title="Seventh", number=7)
    client.force_login(lead_a)
    html = client.get(f"/admin/dashboards/city/{city_a.pk}/").content.decode()
    assert "7. Seventh" in html
    assert len(CitySnapshot.objects.get(city=city_a).figures["keys"]) == 7


def test_network_dashboard_reads_snapshots_and_coordinator_refreshes(
    client, small_site, city_a, coordinator
):
    client.force_login(coordinator)
    assert "Figures as of" in client.get("/admin/dashboards/network/").content.decode()
    before = CitySnapshot.objects.get(city=city_a).computed_at
    response = client.post("/admin/dashboards/refresh/")
    assert response.status_code == 302 and response["Location"] == "/admin/dashboards/network/"
    assert CitySnapshot.objects.get(city=city_a).computed_at > before


@pytest.mark.parametrize("city_id", ["abc", "²", "١٢", "1.0", " 1", "-1", "9" * 5000])
def test_refresh_is_post_only_and_rejects_bad_ids(client, small_site, city_a, lead_a, city_id):
    """An id that is not plain ASCII digits is a 400 with a message, never a 500."""
    client.force_login(lead_a)
    assert client.get("/admin/dashboards/refresh/").status_code == 405
    response = client.post("/admin/dashboards/refresh/", {"city": city_id})
    assert response.status_code == 400
    assert "The city must be given by its number." in response.content.decode()
    assert not CitySnapshot.objects.exists()
    assert client.post("/admin/dashboards/refresh/", {"city": "999999"}).status_code == 404


def test_beat_refreshes_every_city(small_site):
    assert settings.CELERY_BEAT_SCHEDULE["refresh-dashboard-snapshots"]["task"] == (
        "lms.dashboards.tasks.refresh_snapshots"
    )
    tasks.refresh_snapshots.delay()
    assert CitySnapshot.objects.count() == City.objects.count() == 2
