"""Access matrix: every role against every dashboard, report, export and download URL.

Decisions tested here (lms/dashboards/access.py): no permission -> 403; a city the user may not
see -> 404; individual learner data only for the city's assigned leads (coordinators and
superusers see aggregates of every city, never rows of learners unless they lead the city).
"""

import pytest
from django.core.files.base import ContentFile

from lms.dashboards.models import ExportJob

from .factories import progress

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "learner", "trainer", "lead_a", "lead_b", "coordinator", "superuser"]
OK, DENIED, MISSING, LOGIN = 200, 403, 404, "login"
# url name -> expected outcome per role; {a}/{b} are the cities' ids, {job} lead A's export.
MATRIX = {
    "/admin/dashboards/city/{a}/": [LOGIN, DENIED, DENIED, OK, MISSING, OK, OK],
    "/admin/dashboards/city/{b}/": [LOGIN, DENIED, DENIED, MISSING, OK, OK, OK],
    "/admin/dashboards/city/999999/": [LOGIN, DENIED, DENIED, MISSING, MISSING, MISSING, MISSING],
    "/admin/dashboards/city/{a}/learners/": [LOGIN, DENIED, DENIED, OK, MISSING, MISSING, MISSING],
    "/admin/dashboards/city/{b}/learners/": [LOGIN, DENIED, DENIED, MISSING, OK, MISSING, MISSING],
    "/admin/dashboards/city/{a}/learners/results/": [
        LOGIN, DENIED, DENIED, OK, MISSING, MISSING, MISSING
    ],
    "/admin/dashboards/city/{a}/learners/?export=csv": [
        LOGIN, DENIED, DENIED, OK, MISSING, MISSING, MISSING
    ],
    "/admin/dashboards/city/{a}/learners/?export=xlsx": [
        LOGIN, DENIED, DENIED, OK, MISSING, MISSING, MISSING
    ],
    "/admin/dashboards/city/{b}/learners/?export=csv": [
        LOGIN, DENIED, DENIED, MISSING, OK, MISSING, MISSING
    ],
    "/admin/dashboards/city/{a}/invitations/": [
        LOGIN, DENIED, DENIED, OK, MISSING, MISSING, MISSING
    ],
    "/admin/dashboards/city/{b}/invitations/": [
        LOGIN, DENIED, DENIED, MISSING, OK, MISSING, MISSING
    ],
    "/admin/dashboards/network/": [LOGIN, DENIED, DENIED, DENIED, DENIED, OK, OK],
    "/admin/dashboards/exports/": [LOGIN, DENIED, DENIED, OK, OK, OK, OK],
    "/admin/dashboards/exports/{job}/download/": [
        LOGIN, DENIED, DENIED, OK, MISSING, MISSING, MISSING
    ],
    "/admin/dashboards/exports/999999/download/": [
        LOGIN, DENIED, DENIED, MISSING, MISSING, MISSING, MISSING
    ],
}  # fmt: skip
CASES = [(url, role, row[i]) for url, row in MATRIX.items() for i, role in enumerate(ROLES)]


@pytest.fixture
def site(modules, city_a, city_b, lead_a, lead_b, learner_a, learner_b):
    progress(learner_a, modules[0], "completed", score=90, completed_days_ago=3)
    progress(learner_b, modules[0], "in_progress", score=40)
    job = ExportJob.objects.create(
        requested_by=lead_a, city=city_a, format="csv", status=ExportJob.Status.READY
    )
    job.file.save(job.filename, ContentFile(b"Name\r\nSECRET ROW\r\n"))
    return {"a": city_a.pk, "b": city_b.pk, "job": job.pk}


@pytest.fixture
def users(request, learner_a, trainer, lead_a, lead_b, coordinator, superuser):
    return {
        "anonymous": None,
        "learner": learner_a,
        "trainer": trainer,
        "lead_a": lead_a,
        "lead_b": lead_b,
        "coordinator": coordinator,
        "superuser": superuser,
    }


@pytest.mark.parametrize(("url", "role", "expected"), CASES)
def test_access_matrix(client, site, users, url, role, expected):
    if users[role] is not None:
        client.force_login(users[role])
    response = client.get(url.format(**site))
    if expected == LOGIN:
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    else:
        # A 404 under /admin/ is answered at once, never redirected to /en/admin/... first.
        assert response.status_code == expected, (url, role)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if expected != OK or role in {"coordinator", "superuser"}:
        # Nobody but city A's leads ever receives city A's learners or exported rows.
        assert learner_a_name(site) not in body.decode(errors="ignore")
        assert b"SECRET ROW" not in body


def assert_not_found(client, url: str) -> None:
    assert client.get(url).status_code == MISSING
    assert client.post(url).status_code in (MISSING, 405)


def learner_a_name(site) -> str:
    from lms.models import LearnerProfile

    return LearnerProfile.objects.get(city_id=site["a"]).full_name


def test_index_redirects_a_lead_with_one_city_and_lists_several(client, site, lead_a, city_b):
    client.force_login(lead_a)
    response = client.get("/admin/dashboards/")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/dashboards/city/{site['a']}/"
    from lms.models import CityLeadAssignment

    CityLeadAssignment.objects.create(user=lead_a, city=city_b)
    response = client.get("/admin/dashboards/")
    assert response.status_code == 200
    assert f"/admin/dashboards/city/{site['b']}/" in response.content.decode()


def test_coordinator_who_also_leads_a_city_sees_its_learners(client, site, coordinator, city_a):
    from lms.models import CityLeadAssignment

    CityLeadAssignment.objects.create(user=coordinator, city=city_a)
    client.force_login(coordinator)
    response = client.get(f"/admin/dashboards/city/{site['a']}/learners/")
    assert response.status_code == 200
    assert learner_a_name(site) in response.content.decode()
    assert_not_found(client, f"/admin/dashboards/city/{site['b']}/learners/")


def test_lead_who_lost_the_city_can_no_longer_download(client, site, lead_a):
    lead_a.city_lead_assignments.all().delete()
    client.force_login(lead_a)
    assert_not_found(client, f"/admin/dashboards/exports/{site['job']}/download/")


def test_menu_shows_dashboards_by_role(client, site, lead_a, coordinator, trainer):
    client.force_login(lead_a)
    html = client.get("/admin/").content.decode()
    assert "/admin/dashboards/" in html and "/admin/dashboards/network/" not in html
    client.force_login(coordinator)
    assert "/admin/dashboards/network/" in client.get("/admin/").content.decode()
    client.force_login(trainer)
    assert "/admin/dashboards/" not in client.get("/admin/").content.decode()


# POSTs: url, form data -> expected outcome per role (OK: redirected back to a dashboard).
POST_MATRIX = {
    ("/admin/dashboards/refresh/", "{a}"): [LOGIN, DENIED, DENIED, OK, MISSING, OK, OK],
    ("/admin/dashboards/refresh/", "{b}"): [LOGIN, DENIED, DENIED, MISSING, OK, OK, OK],
    ("/admin/dashboards/refresh/", "999999"): [
        LOGIN, DENIED, DENIED, MISSING, MISSING, MISSING, MISSING
    ],
    ("/admin/dashboards/refresh/", ""): [LOGIN, DENIED, DENIED, DENIED, DENIED, OK, OK],
}  # fmt: skip
POST_CASES = [
    (url, city, role, row[i])
    for (url, city), row in POST_MATRIX.items()
    for i, role in enumerate(ROLES)
]


@pytest.mark.parametrize(("url", "city", "role", "expected"), POST_CASES)
def test_post_access_matrix(client, site, users, url, city, role, expected):
    from lms.dashboards.models import CitySnapshot

    if users[role] is not None:
        client.force_login(users[role])
    response = client.post(url, {"city": city.format(**site)} if city else {})
    if expected == LOGIN:
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    elif expected == OK:
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/dashboards/")
        assert CitySnapshot.objects.exists()
    else:
        if expected == MISSING and response.status_code == 302:  # LocaleMiddleware, see above
            response = client.get(response["Location"])
        assert response.status_code == expected, (url, city, role)
        assert not CitySnapshot.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_unknown_admin_paths_answer_404_directly(client, users, method):
    client.force_login(users["superuser"])
    response = getattr(client, method)("/admin/no-such-screen/")
    assert response.status_code == MISSING
    assert "Location" not in response
