"""The language switcher never dead-ends: every page type, from every language to every other.

Walks the full 10 x 10 matrix through HTTP, with and without the language cookie already set to
the page's language (the cookie decides the active language in the switch view, not the page's
prefix: the 404 of issue 13 appeared only then). A French translation of the module and its first
lesson, with French slugs, exercises "its translation when one is live"; the rest is the source
page under the new prefix, served even though a French catalogue exists.
"""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import resolve
from django.utils import translation
from wagtail.models import Locale, Page

from certificates import signing
from tests.assessments import helpers
from tests.certificates.factories import issue
from tests.learning.factories import answers, make_course

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def publish_translation(page: Page, language: str, slug: str) -> Page:
    """`page` translated with its own slug, its parents copied and published (wagtail-localize)."""
    copy = page.copy_for_translation(Locale.objects.get(language_code=language), copy_parents=True)
    copy.slug = slug
    copy.title = f"[{language}] {page.title}"
    copy.save_revision().publish()
    for ancestor in copy.get_ancestors().filter(depth__gte=2, live=False):
        ancestor.specific.save_revision().publish()
    return Page.objects.get(pk=copy.pk)


@pytest.fixture
def site(catalogue, learner, settings):
    settings.CERTIFICATE_SIGNING_KEY = signing.generate_pem()
    course = make_course(catalogue)
    module_fr = publish_translation(course.module, "fr", "sensibilisation")
    publish_translation(course.lessons[0], "fr", "premiere-lecon")
    learner_client = Client()
    learner_client.force_login(learner)
    for lesson in course.lessons:
        learner_client.post(f"/en/learning/lessons/{lesson.pk}/done/")
    submitted = helpers.start(learner_client, course.quiz)
    helpers.answer_all(learner_client, submitted, answers(passing=True))
    open_attempt = helpers.start(learner_client, course.quiz)
    certificate = issue(learner, course.module)
    assert module_fr.url == "/fr/sensibilisation/"
    return course, learner_client, submitted, open_attempt, certificate


def _pages(course) -> dict[str, tuple[str, str]]:
    """Content pages: (path in French, path in any other language, after the prefix)."""
    return {
        "catalogue": ("", ""),
        "module (translated)": ("sensibilisation/", "awareness/"),
        "lesson (translated)": ("sensibilisation/premiere-lecon/", "awareness/lesson-1/"),
        "lesson (untranslated)": ("awareness/lesson-2/", "awareness/lesson-2/"),
        "quiz (untranslated)": ("awareness/module-quiz/", "awareness/module-quiz/"),
    }


def _views(submitted, open_attempt, certificate) -> dict[str, tuple[str, bool]]:
    """Other pages: (path after the prefix, needs the signed-in learner)."""
    return {
        "attempt page": (f"assessments/attempts/{open_attempt.pk}/page/1/", True),
        "attempt review": (f"assessments/attempts/{open_attempt.pk}/review/", True),
        "attempt result": (f"assessments/attempts/{submitted.pk}/result/", True),
        "my learning": ("my-learning/", True),
        "certificates": ("certificates/", True),
        "profile": ("accounts/profile/", True),
        "verification form": ("verify/", False),
        "verification result": (f"verify/{certificate.code}/", False),
        "login": ("accounts/login/", False),
        "sign-up": ("accounts/signup/", False),
    }


def _switch(client: Client, path: str, language: str, cookie: str | None) -> str:
    if cookie:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie
    else:
        client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
    response = client.post("/i18n/switch/", {"language": language, "next": path})
    assert response.status_code == 302, (path, language)
    return response["Location"]


def _same_page(response, expected) -> bool:
    page = response.context.get("page") if response.context else None
    if isinstance(expected, Page):
        return page is not None and page.translation_key == expected.translation_key
    match = response.resolver_match
    return (match.view_name, match.kwargs) == expected


def _walk(client: Client, expected_paths: dict[str, str], same, label: str) -> None:
    """Switch from the page in every language to every other, cookie set or not, then open
    each place the switcher sent to: one per target language, whatever the start."""
    landed: dict[str, set[str]] = defaultdict(set)
    for source in LANGUAGES:
        for target in LANGUAGES:
            for cookie in (source, None):
                landed[target].add(_switch(client, expected_paths[source], target, cookie))
    for target, locations in landed.items():
        assert locations == {expected_paths[target]}, (label, target, locations)
        location = locations.pop()
        assert urlsplit(location).path.startswith(f"/{target}/")
        response = client.get(location)
        assert response.status_code == 200, (label, location)
        assert _same_page(response, same), (label, location)


@pytest.mark.parametrize(
    "name",
    [
        "catalogue",
        "module (translated)",
        "lesson (translated)",
        "lesson (untranslated)",
        "quiz (untranslated)",
    ],
)
def test_content_pages_switch_to_the_same_page_in_every_language(site, name):
    course, *_ = site
    french, other = _pages(course)[name]
    paths = {lang: f"/{lang}/{french if lang == 'fr' else other}" for lang in LANGUAGES}
    page = Page.objects.get(url_path=f"/home/{other}")
    _walk(Client(), paths, page, name)


def test_other_pages_switch_to_the_same_page_in_every_language(site):
    _course, learner_client, submitted, open_attempt, certificate = site
    for name, (rest, signed_in) in _views(submitted, open_attempt, certificate).items():
        paths = {lang: f"/{lang}/{rest}" for lang in LANGUAGES}
        with translation.override("en"):
            match = resolve(paths["en"])
        client = learner_client if signed_in else Client()
        _walk(client, paths, (match.view_name, match.kwargs), name)


def test_french_slug_is_not_carried_to_greek_when_the_cookie_matches(site):
    """Issue 13: /fr/<French slugs>/ -> Ελληνικά gave /el/<French slugs>/, a 404."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = client.post(
        "/i18n/switch/", {"language": "el", "next": "/fr/sensibilisation/premiere-lecon/"}
    )
    assert response["Location"] == "/el/awareness/lesson-1/"
    assert client.get(response["Location"]).status_code == 200


def test_switching_back_from_the_source_prefix_keeps_the_module(site):
    """Issue 13: from /en/<module>/ with the Czech cookie, Čeština landed on the /cs/ home."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cs"
    response = client.post("/i18n/switch/", {"language": "cs", "next": "/en/awareness/"})
    assert response["Location"] == "/cs/awareness/"


def test_untranslated_page_serves_under_a_language_with_a_catalogue(site):
    """A French catalogue exists; the source lesson is still served under /fr/."""
    response = Client().get("/fr/awareness/lesson-2/")
    assert response.status_code == 200
    assert response.context["page"].slug == "lesson-2"
    assert Client().get("/fr/awareness/no-such-lesson/").status_code == 404


def test_address_without_prefix_keeps_its_path(site):
    *_, certificate = site
    client = Client()
    response = client.post(
        "/i18n/switch/", {"language": "sv", "next": f"/verify/{certificate.code}/"}
    )
    assert response["Location"] == f"/verify/{certificate.code}/"
    assert client.get(response["Location"]).status_code == 200
    response = client.post("/i18n/switch/", {"language": "sv", "next": "/no/such/"})
    assert response["Location"] == "/sv/"


def test_query_string_is_kept(site):
    response = Client().post(
        "/i18n/switch/", {"language": "de", "next": "/fr/accounts/login/?next=/fr/my-learning/"}
    )
    assert response["Location"] == "/de/accounts/login/?next=/fr/my-learning/"
