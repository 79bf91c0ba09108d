"""Issue 16: the admin home shows each staff role its own work: a lead their cities' figures, a
coordinator the network, a trainer the marking queue and the translations behind."""

import pytest

from .factories import progress

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(small_site, city_a, lead_a):
    return small_site


# Measured with every app's admin menu and panels installed (sessions and network add their own
# permission checks); constant in the number of learners. Leads and coordinators may upload
# documents (the network's collection), so Wagtail's summary panel counts them: one more query.
LEAD_HOME_QUERIES = 17


def home(client, user, django_assert_max_num_queries, queries: int) -> str:
    """The home page, counting its queries once the dashboards' snapshots are computed."""
    client.force_login(user)
    client.get("/admin/")
    with django_assert_max_num_queries(queries):
        response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def test_lead_home_shows_their_cities_figures_and_no_page_search(
    client, site, lead_a, city_a, django_assert_max_num_queries
):
    html = home(client, lead_a, django_assert_max_num_queries, LEAD_HOME_QUERIES)
    assert 'id="city-dashboards' in html
    assert f'href="/admin/dashboards/city/{city_a.pk}/"' in html
    assert "Dashboard: Antwerp" in html and "Bologna" not in html
    assert "Search all pages" not in html
    assert 'id="network-dashboard' not in html and 'id="marking-queue' not in html


def test_lead_home_queries_do_not_grow_with_learners(
    client, site, lead_a, city_a, django_assert_max_num_queries
):
    from tests import factories

    for n in range(5):
        learner = factories.LearnerFactory(username=f"more-{n}", profile__city=city_a)
        progress(learner, site[0], "completed", score=90, completed_days_ago=3)
    html = home(client, lead_a, django_assert_max_num_queries, LEAD_HOME_QUERIES)
    assert "<td>7</td>" in html  # 2 + 5 learners registered


def test_coordinator_home_shows_the_network(
    client, site, coordinator, django_assert_max_num_queries
):
    html = home(client, coordinator, django_assert_max_num_queries, 22)
    assert 'id="network-dashboard' in html and 'href="/admin/dashboards/network/"' in html
    assert 'id="city-dashboards' not in html
    assert "Search all pages" not in html


def test_trainer_home_shows_marking_queue_and_translations(
    client, site, trainer, django_assert_max_num_queries
):
    html = home(client, trainer, django_assert_max_num_queries, 27)
    assert 'id="marking-queue' in html and "/admin/assessments/marking/" in html
    assert "0 essay answers are waiting for a mark." in html
    assert 'id="translations-behind' in html and "/admin/translations-behind/" in html
    assert "Search all pages" in html  # trainers edit pages
    assert 'id="city-dashboards' not in html and 'id="network-dashboard' not in html


def test_city_dashboard_module_table_scrolls_in_a_labelled_focusable_region(
    client, site, lead_a, city_a
):
    client.force_login(lead_a)
    html = client.get(f"/admin/dashboards/city/{city_a.pk}/").content.decode()
    assert (
        'class="dash-scroll" role="region" aria-labelledby="modules-table-caption" tabindex="0"'
        in html
    )
    assert '<caption id="modules-table-caption">' in html


def test_chart_labels_are_whole_and_on_their_own_line():
    from lms.dashboards import charts

    title = "6. Working with families and communities of concern"
    chart = charts.stacked_bars([(title, [("completed", 3), ("in-progress", 1)])])
    row = chart["rows"][0]
    assert len(title) <= charts.LABEL_CHARS
    assert row.segments[0].x == 0 and row.label_y < row.y  # label above its bar
