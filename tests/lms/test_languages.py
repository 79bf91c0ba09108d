"""Language prefixes, the switcher and the remembered preference."""

import pytest
from wagtail.models import Locale

from tests import factories

pytestmark = pytest.mark.django_db


def test_root_redirects_to_a_language(client, catalogue):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/en/"


@pytest.mark.parametrize("language", ["en", "fr", "de", "es", "it", "nl", "pt", "el", "cs", "sv"])
def test_catalogue_serves_in_every_language(client, catalogue, language):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    assert f'lang="{language}"' in response.content.decode()


def test_unknown_language_code_is_a_404_with_message(client, catalogue):
    response = client.get("/xx/", follow=True)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_switching_language_keeps_the_page(client, lesson_page):
    path = lesson_page.url
    response = client.post("/i18n/switch/", {"language": "fr", "next": path})
    assert response.status_code == 302
    assert response["Location"] == path.replace("/en/", "/fr/", 1)
    assert client.cookies["django_language"].value == "fr"
    assert client.get(response["Location"]).status_code == 200


def test_switching_language_goes_to_the_translated_page(client, lesson_page):
    fr = Locale.objects.get(language_code="fr")
    lesson_fr = lesson_page.copy_for_translation(fr, copy_parents=True)
    lesson_fr.slug = "quest-ce-que-la-radicalisation"
    lesson_fr.save_revision().publish()
    for ancestor in lesson_fr.get_ancestors().filter(depth__gte=2, live=False):
        ancestor.specific.save_revision().publish()
    response = client.post(
        "/i18n/switch/",
        {
            "language": "fr",
            "next": lesson_page.url,
            "translation_key": str(lesson_page.translation_key),
        },
    )
    lesson_fr.refresh_from_db()
    assert response["Location"] == lesson_fr.url
    assert "quest-ce-que-la-radicalisation" in response["Location"]


def test_switching_to_an_unknown_language_is_400(client, catalogue):
    response = client.post("/i18n/switch/", {"language": "xx", "next": "/en/"})
    assert response.status_code == 400
    assert b"not available" in response.content


def test_switching_with_a_garbled_translation_key_still_works(client, catalogue):
    response = client.post(
        "/i18n/switch/", {"language": "de", "next": "/en/", "translation_key": "not-a-uuid"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/de/"


def test_switching_refuses_open_redirects(client, catalogue):
    response = client.post(
        "/i18n/switch/", {"language": "de", "next": "https://evil.example/phish"}
    )
    assert response["Location"] == "/de/"


def test_switch_requires_post(client, catalogue):
    assert client.get("/i18n/switch/?language=fr").status_code == 405


def test_learner_preference_is_saved_and_restored_at_login(client, catalogue, learner):
    client.force_login(learner)
    client.post("/i18n/switch/", {"language": "cs", "next": "/en/"})
    learner.learner_profile.refresh_from_db()
    assert learner.learner_profile.preferred_language == "cs"
    # A new browser: signing in lands the learner in Czech and sets the cookie.
    other = client.__class__()
    response = other.post(
        "/en/accounts/login/",
        {"login": learner.email, "password": "correct horse battery staple"},
    )
    assert response["Location"] == "/cs/"
    assert other.cookies["django_language"].value == "cs"


def test_profile_page_edits_own_profile(client, learner):
    client.force_login(learner)
    other_city = factories.CityFactory(name="Brno", slug="brno", country="CZ", languages=["cs"])
    response = client.post(
        "/en/accounts/profile/",
        {
            "full_name": "Ana Nová",
            "city": other_city.pk,
            "profession": "teacher",
            "preferred_language": "cs",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/cs/accounts/profile/"
    learner.learner_profile.refresh_from_db()
    assert learner.learner_profile.full_name == "Ana Nová"


def test_profile_rejects_bad_input(client, learner):
    client.force_login(learner)
    response = client.post(
        "/en/accounts/profile/",
        {"full_name": "", "city": "0", "profession": "x", "preferred_language": "zz"},
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {
        "full_name",
        "city",
        "profession",
        "preferred_language",
    }
