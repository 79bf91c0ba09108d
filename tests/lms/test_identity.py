"""Small things a first visitor notices: the page title, the favicon, no third-party avatars."""

import pytest

from tests.assessments.factories import AdminTrainerFactory


@pytest.mark.django_db
def test_the_home_page_title_names_the_site_once(client, catalogue):
    html = client.get("/en/").content.decode()
    title = html.split("<title>")[1].split("</title>")[0]
    assert title.count("LIAISE Academy") == 1


@pytest.mark.django_db
def test_other_pages_say_the_page_then_the_site(client, lesson_page):
    html = client.get(lesson_page.url).content.decode()
    title = html.split("<title>")[1].split("</title>")[0]
    assert title == f"{lesson_page.title} · LIAISE Academy"


@pytest.mark.django_db
def test_favicon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")


@pytest.mark.django_db
def test_admin_avatars_are_never_fetched_from_gravatar(client):
    client.force_login(AdminTrainerFactory())
    html = client.get("/admin/").content.decode()
    assert "gravatar" not in html.lower()
