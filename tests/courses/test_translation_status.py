"""Trainers see which translations are behind their English page, with the sync one click away."""

import pytest
from django.test import Client
from wagtail.models import Locale
from wagtail_localize.models import TranslationSource

from courses.translation_status import (
    OUT_OF_DATE,
    UNTRANSLATED,
    UP_TO_DATE,
    translation_status,
)
from tests.assessments.factories import AdminTrainerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def french_module(module_page):
    french = module_page.copy_for_translation(
        Locale.objects.get(language_code="fr"), copy_parents=True
    )
    french.save_revision().publish()
    TranslationSource.update_or_create_from_instance(module_page)
    return french


def _status(module_page, languages):
    return next(row for row in translation_status(languages) if row.page_id == module_page.pk)


def test_a_fresh_translation_is_up_to_date_and_a_missing_one_is_untranslated(
    module_page, french_module
):
    row = _status(module_page, ["fr", "cs"])
    assert row.statuses == {"fr": UP_TO_DATE, "cs": UNTRANSLATED}


def test_publishing_the_source_puts_its_translations_behind(module_page, french_module):
    module_page.title = "Awareness, revised"
    module_page.save_revision().publish()
    assert _status(module_page, ["fr"]).statuses == {"fr": OUT_OF_DATE}
    # Syncing (wagtail-localize reads the source again) brings it back up to date.
    TranslationSource.update_or_create_from_instance(module_page)
    assert _status(module_page, ["fr"]).statuses == {"fr": UP_TO_DATE}


def test_the_status_costs_the_same_queries_for_any_number_of_pages(
    module_page, french_module, django_assert_max_num_queries
):
    from tests import factories

    for number in range(2, 8):
        factories.ModulePageFactory(parent=module_page.get_parent(), number=number)
    with django_assert_max_num_queries(5):  # locale, catalogue, pages, copies, sources
        rows = translation_status()
    assert len(rows) >= 7


def test_trainers_get_the_list_with_the_sync_action(module_page, french_module):
    module_page.title = "Awareness, revised"
    module_page.save_revision().publish()
    source = TranslationSource.objects.get(object_id=module_page.translation_key)
    client = Client()
    client.force_login(AdminTrainerFactory())
    response = client.get("/admin/translations-behind/?language=fr")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Awareness, revised" in html
    assert f"/admin/localize/update/{source.pk}/" in html


def test_learners_cannot_see_it(learner_client):
    response = learner_client.get("/admin/translations-behind/")
    assert response.status_code in (302, 403)
