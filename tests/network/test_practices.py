"""The practice exchange: authoring with moderation, access per city, browse, filter, search."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Locale, WorkflowState

from network.models import PracticePage
from tests import factories

from .helpers import practice, practice_form_data, translated

pytestmark = pytest.mark.django_db


def denied(response) -> bool:
    return response.status_code == 403 or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    )


def add_url(index):
    return reverse("wagtailadmin_pages:add", args=["network", "practicepage", index.pk])


def test_a_leads_practice_is_public_only_after_a_coordinator_approves(
    client, index, lead_a, coordinator, city_a
):
    client.force_login(lead_a)
    response = client.post(add_url(index), {**practice_form_data(city_a), "action-submit": "1"})
    assert response.status_code == 302, response.context["form"].errors
    page = PracticePage.objects.get(slug="youth-mentoring")
    assert not page.live
    assert client.get(f"/en/practices/{page.slug}/").status_code == 404
    client.logout()
    assert client.get(f"/en/practices/{page.slug}/").status_code == 404

    state = WorkflowState.objects.get(object_id=str(page.pk), status="in_progress")
    client.force_login(coordinator)
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[page.pk, "approve", state.current_task_state.pk],
    )
    assert client.post(url, {"comment": ""}).status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    client.logout()
    assert client.get(f"/en/practices/{page.slug}/").status_code == 200


def test_lead_and_trainer_cannot_publish_directly(client, index, lead_a, trainer, city_a):
    for user, title in ((lead_a, "Lead practice"), (trainer, "Trainer practice")):
        client.force_login(user)
        client.post(add_url(index), {**practice_form_data(city_a, title), "action-publish": "1"})
    assert not PracticePage.objects.live().exists()


def test_lead_cannot_create_a_practice_for_another_city(client, index, lead_a, city_b):
    client.force_login(lead_a)
    response = client.post(add_url(index), {**practice_form_data(city_b), "action-submit": "1"})
    assert response.status_code == 200
    assert "city" in response.context["form"].errors
    assert not PracticePage.objects.exists()


def test_lead_of_city_a_cannot_edit_city_b_practice(client, index, lead_a, lead_b, city_b):
    page = practice(index, title="Brno practice", city=city_b)
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    client.force_login(lead_a)
    assert denied(client.get(edit))
    response = client.post(edit, {**practice_form_data(city_b, "Changed"), "action-submit": "1"})
    assert denied(response)
    assert denied(client.get(reverse("wagtailadmin_pages:delete", args=[page.pk])))
    page.refresh_from_db()
    assert page.title == "Brno practice"
    client.force_login(lead_b)
    assert client.get(edit).status_code == 200


def test_coordinator_and_trainer_edit_any_practice(client, index, coordinator, trainer, city_b):
    page = practice(index, title="Brno practice", city=city_b)
    for user in (coordinator, trainer):
        client.force_login(user)
        assert client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 200


def test_index_filters(client, index, city_a, city_b):
    practice(index, title="Schools in Liège", city=city_a, themes=[6], target_group="schools")
    practice(index, title="Families in Brno", city=city_b, themes=[5], target_group="families")
    practice(index, title="Evaluated mentoring", city=city_a, themes=[3, 5], evaluation="evaluated")
    practice(index, title="Draft practice", city=city_a, themes=[5], live=False)

    def titles(query=""):
        response = client.get(index.url + query)
        assert response.status_code == 200
        return [p.title for p in response.context["practices"]]

    assert titles() == ["Evaluated mentoring", "Families in Brno", "Schools in Liège"]
    assert titles("?theme=5") == ["Evaluated mentoring", "Families in Brno"]
    assert titles("?country=CZ") == ["Families in Brno"]
    assert titles("?target_group=schools") == ["Schools in Liège"]
    assert titles("?evaluation=evaluated") == ["Evaluated mentoring"]
    assert titles("?theme=5&country=BE") == ["Evaluated mentoring"]
    assert titles("?theme=nonsense") == titles()


def test_index_query_count_is_constant(client, index, city_a, city_b):
    def count(query):
        client.get(index.url + query)  # warm caches
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(index.url + query).status_code == 200
        return len(ctx)

    practice(index, title="One", city=city_a, themes=[1, 2])
    query = "?theme=1&country=BE&target_group=young_people&evaluation=described"
    few, few_search = count(query), count(query + "&q=approach")
    for n in range(8):
        practice(index, title=f"More {n}", city=city_a if n % 2 else city_b, themes=[1, 3])
    assert count(query) == few
    assert count(query + "&q=approach") == few_search


def test_search_returns_practices_in_the_readers_language(client, index, city_a):
    english = practice(
        index, title="Youth mentoring", city=city_a, summary="Mentors for young people"
    )
    french_index = translated(index, "fr")
    french = english.copy_for_translation(Locale.objects.get(language_code="fr"))
    french.title = "Parrainage de jeunes"
    french.summary = "Des parrains pour les jeunes"
    french.save_revision().publish()
    practice(index, title="Families support", city=city_a, summary="Support to parents")

    response = client.get(french_index.url + "?q=parrains")
    assert [p.title for p in response.context["practices"]] == ["Parrainage de jeunes"]
    # The untranslated practice is shown in its source language to French readers.
    response = client.get(french_index.url + "?q=parents")
    assert [p.title for p in response.context["practices"]] == ["Families support"]
    response = client.get(index.url + "?q=mentors")
    assert [p.title for p in response.context["practices"]] == ["Youth mentoring"]
    assert client.get(index.url + "?q=zzzunknown").context["practices"].paginator.count == 0


def test_module_page_shows_practices_on_its_topic(client, catalogue, index, city_a):
    module = factories.ModulePageFactory(parent=catalogue, title="Families", number=5)
    practice(index, title="Parents' circle", city=city_a, themes=[5])
    practice(index, title="School project", city=city_a, themes=[6])
    practice(index, title="Unpublished family project", city=city_a, themes=[5], live=False)
    page = client.get(module.url).content.decode()
    assert "Practices on this topic" in page
    assert "Parents&#x27; circle" in page or "Parents' circle" in page
    assert "School project" not in page and "Unpublished" not in page


def test_lessons_show_practices_on_their_modules_topic_in_the_readers_language(
    client, catalogue, index, city_a
):
    module = factories.ModulePageFactory(parent=catalogue, title="Families", number=5)
    lesson = factories.LessonPageFactory(parent=module, title="Parents", slug="parents")
    practice(index, title="Parents' circle", city=city_a, themes=[5])
    practice(index, title="School project", city=city_a, themes=[6])
    page = client.get(lesson.url).content.decode()
    section = page.split('class="practices-on-topic"')[1].split("</section>")[0]
    assert "Parents&#x27; circle" in section and "School project" not in section
    # Read under /cs/ (no Czech copy): the link stays in Czech, the title is marked English.
    czech = client.get("/cs" + lesson.url.removeprefix("/en")).content.decode()
    section = czech.split('class="practices-on-topic"')[1].split("</section>")[0]
    assert 'href="/cs/' in section and 'lang="en"' in section


def test_practice_page_renders(client, index, city_a):
    page = practice(
        index,
        title="Parents' circle",
        city=city_a,
        themes=[5],
        written_by_platform=True,
        source_title="Efus 2016",
    )
    response = client.get(page.url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Described by LIAISE Academy" in body and "Efus 2016" in body


def test_private_practices_are_not_listed(client, catalogue, index, city_a):
    from wagtail.models import PageViewRestriction

    module = factories.ModulePageFactory(parent=catalogue, number=4)
    secret = practice(index, title="Members only", city=city_a, themes=[4])
    PageViewRestriction.objects.create(page=secret, restriction_type="login")
    practice(index, title="Open practice", city=city_a, themes=[4])
    assert [p.title for p in client.get(index.url).context["practices"]] == ["Open practice"]
    assert "Members only" not in client.get(module.url).content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
def test_postgres_search_stems_each_language(client, settings, index, city_a):
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "network.search"}}
    english = practice(
        index, title="Youth mentoring", city=city_a, summary="Volunteers mentor young people"
    )
    french_index = translated(index, "fr")
    french = english.copy_for_translation(Locale.objects.get(language_code="fr"))
    french.title = "Parrainage de jeunes"
    french.summary = "Des bénévoles accompagnent des jeunes chercheuses"
    french.save_revision().publish()

    def titles(url):
        return [p.title for p in client.get(url).context["practices"]]

    # French stemming: "chercheuse" finds "chercheuses"; English: "mentoring" finds "mentor".
    assert titles(french_index.url + "?q=chercheuse") == ["Parrainage de jeunes"]
    assert titles(index.url + "?q=mentoring") == ["Youth mentoring"]
    assert titles(index.url + "?q=chercheuse") == []
