"""A Czech learner reads the English module by visible links only and stays in /cs/.

catalogue -> module -> lesson -> module -> quiz -> first attempt page: every address keeps /cs/,
the interface stays Czech (<html lang="cs">), the English content is said so and marked
lang="en", and axe-core (including its lang checks) reports no WCAG 2.1 AA violation.
"""

import pytest
from wagtail.models import Locale, Page

from tests import factories
from tests.e2e.conftest import assert_accessible
from tests.learning.factories import make_course

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct horse battery staple"


@pytest.fixture
def course(db):
    catalogue = factories.catalogue()
    course = make_course(catalogue, lessons=2, slug="awareness-raising")
    lesson = course.lessons[0]
    french = lesson.copy_for_translation(Locale.objects.get(language_code="fr"), copy_parents=True)
    french.slug = "premiere-lecon"
    french.save_revision().publish()
    for ancestor in Page.objects.get(pk=french.pk).get_ancestors().filter(depth__gte=2, live=False):
        ancestor.specific.save_revision().publish()
    return course


@pytest.fixture
def czech_learner(db):
    city = factories.CityFactory(name="Brno", slug="brno", country="CZ", languages=["cs"])
    return factories.LearnerFactory(profile__city=city, profile__preferred_language="cs")


def test_czech_learner_stays_in_czech(live_server, page, axe, course, czech_learner):
    def check(path_fragment: str) -> None:
        page.wait_for_load_state()
        path = page.url.removeprefix(live_server.url)
        assert path.startswith("/cs/") and path_fragment in path, (path_fragment, path)
        assert page.get_attribute("html", "lang") == "cs"
        assert_accessible(axe, page)

    def follow(link) -> None:
        with page.expect_navigation():
            link.click()

    page.goto(live_server.url + "/cs/accounts/login/")
    page.fill("input[name=login]", czech_learner.email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.goto(live_server.url + "/cs/")
    check("/cs/")
    assert page.locator(".card [lang=en]").count() >= 1

    follow(page.get_by_role("link", name="Module awareness-raising"))
    check("/awareness-raising/")
    assert page.locator("main p.content-language").count() == 1

    follow(page.locator("main .lesson-list a").first)
    check("/awareness-raising/lesson-1/")
    assert page.locator(".lesson-body[lang=en]").count() == 1
    assert page.locator("p.content-language span[lang=fr]").count() == 1

    follow(page.locator("nav.breadcrumb a").nth(1))
    check("/awareness-raising/")
    follow(page.get_by_role("link", name="Quiz of awareness-raising"))
    check("/awareness-raising/module-quiz/")
    assert page.locator("main p.content-language").count() == 1

    follow(page.locator("form[action*='/start/'] button"))
    check("/assessments/attempts/")
    assert page.locator(".question-text[lang=en]").count() >= 1
