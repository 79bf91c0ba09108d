"""City and network dashboards: the numbers, the charts' tables, and constant query counts."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from devtools.generator import generate_site
from lms.dashboards.models import ProgrammeTarget
from lms.dashboards.modules import programme_modules
from lms.dashboards.queries import figures_by_city, monthly_completions
from lms.models import City, CityLeadAssignment

from .factories import progress

pytestmark = pytest.mark.django_db


def test_figures_of_a_city(small_site, city_a):
    figures = figures_by_city([city_a.pk], programme_modules())[city_a.pk]
    assert figures.registered == 2
    assert figures.active == 1  # the other learner's last activity is 40 days ago
    first, second = figures.modules[0], figures.modules[1]
    assert (first.enrolled, first.completed, first.in_progress) == (2, 2, 0)
    assert (second.enrolled, second.completed, second.in_progress, second.not_started) == (
        2, 1, 1, 0
    )  # fmt: skip
    assert second.pass_rate == 50 and int(second.average_best) == 65
    assert figures.funnel == [2, 1, 1, 1, 1, 1]
    assert figures.trained == 1
    assert (figures.module_certificates, figures.programme_certificates) == (1, 1)
    months = dict(monthly_completions([city_a.pk], 12))
    assert sum(months.values()) == 7


def test_city_dashboard_page_shows_tables_beside_svg_charts(client, small_site, city_a, lead_a):
    client.force_login(lead_a)
    response = client.get(f"/admin/dashboards/city/{city_a.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('role="img"') == 3
    for chart in ("chart-modules", "chart-funnel", "chart-months"):
        assert f'aria-labelledby="{chart}-title {chart}-desc"' in html
    assert "Module title 1" in html and "Learner report" in html
    assert re.search(r"Learners registered</dt><dd>2</dd>", html)
    # No learner's name on the aggregate dashboard.
    assert "Learner Number" not in html


def test_module_titles_follow_the_admin_language(client, small_site, city_a, lead_a):
    from wagtail.models import Locale

    module = small_site[0]
    french = module.copy_for_translation(Locale.objects.get(language_code="fr"), copy_parents=True)
    french.title = "Module en français"
    french.save_revision().publish()
    from django.utils import translation

    with translation.override("fr"):
        titles = [m.title for m in programme_modules()]
    assert titles[0] == "Module en français"
    assert programme_modules("de")[0].title == "Module title 1"


def test_module_list_is_cached_until_a_module_changes(small_site, django_assert_num_queries):
    titles = [m.title for m in programme_modules("en")]
    with django_assert_num_queries(0):
        assert [m.title for m in programme_modules("en")] == titles
    module = small_site[0]
    module.title = "Renamed module"
    module.save_revision().publish()
    assert programme_modules("en")[0].title == "Renamed module"
    module.unpublish()
    assert [m.number for m in programme_modules("en")] == [2, 3, 4, 5, 6]


def test_network_dashboard_compares_cities_against_targets(client, small_site, coordinator):
    from django.utils import timezone

    city_a = City.objects.get(slug="antwerp")
    ProgrammeTarget.objects.create(city=city_a, year=timezone.localdate().year, trained_target=4)
    client.force_login(coordinator)
    response = client.get("/admin/dashboards/network/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Antwerp" in html and "Bologna" in html and "Belgium" in html and "Italy" in html
    assert ">25%<" in html  # 1 trained of a target of 4
    assert "Learner Number" not in html  # aggregates only


def test_coordinator_edits_targets_and_leads_cannot(client, small_site, coordinator, lead_a):
    city_a = City.objects.get(slug="antwerp")
    client.force_login(coordinator)
    url = "/admin/snippets/dashboards/programmetarget/add/"
    response = client.post(url, {"city": city_a.pk, "year": 2030, "trained_target": 120})
    assert response.status_code == 302
    assert ProgrammeTarget.objects.get(city=city_a, year=2030).trained_target == 120
    response = client.post(url, {"city": city_a.pk, "year": 2030, "trained_target": 5})
    assert response.status_code == 200  # the unique (city, year) rule, as a form error
    assert ProgrammeTarget.objects.filter(city=city_a).count() == 1
    client.force_login(lead_a)
    response = client.post(url, {"city": city_a.pk, "year": 2031, "trained_target": 5})
    assert response.status_code in (302, 403)
    assert not ProgrammeTarget.objects.filter(year=2031).exists()


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200, url
        if response.streaming:
            b"".join(response.streaming_content)
    return len(captured)


def _pages(city, modules):
    report = f"/admin/dashboards/city/{city.pk}/learners/"
    return {
        "city": f"/admin/dashboards/city/{city.pk}/",
        "report": report,
        "filtered": f"{report}?profession=teacher&module={modules[1].key}&status=completed"
        f"&active_from=2000-01-01&ordering=-last_activity",
        "export": f"{report}?export=csv",
        "network": "/admin/dashboards/network/",
        "invitations": f"/admin/dashboards/city/{city.pk}/invitations/",
        "exports": "/admin/dashboards/exports/",
    }


def test_query_counts_do_not_grow_with_the_site(client, modules, city_a, learner_a, coordinator):
    """Same number of queries per page on a two-learner site and on a generated `s` site."""
    # One row matches the filtered page, as rows do on the generated site.
    learner_a.learner_profile.profession = "teacher"
    learner_a.learner_profile.save()
    progress(learner_a, modules[0], "completed", score=90, completed_days_ago=3)
    progress(learner_a, modules[1], "completed", score=75, completed_days_ago=2)
    CityLeadAssignment.objects.create(user=coordinator, city=city_a)
    client.force_login(coordinator)
    pages = _pages(city_a, programme_modules())
    for url in pages.values():
        client.get(url)  # warm caches (content types, site root)
    small = {name: _count(client, url) for name, url in pages.items()}

    generate_site("s", seed=7)  # computes the dashboards' snapshots of every city
    generated = City.objects.filter(slug__startswith="gen-").first()
    CityLeadAssignment.objects.create(user=coordinator, city=generated)
    assert generated.learners.count() == 200
    pages = _pages(generated, programme_modules())
    large = {name: _count(client, url) for name, url in pages.items()}
    assert large == small
    # The whole request, admin chrome included (session, user, two permission queries,
    # Wagtail's profile, locales, page and collection permissions: eight), with fresh snapshots
    # and the module list cached; a stale snapshot or a cold cache costs more, once.
    for page in ("city", "network", "report", "filtered"):
        assert small[page] <= 10, (page, small[page])
