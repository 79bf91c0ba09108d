"""A Czech learner reads the English module by visible links only and stays in /cs/.

catalogue -> module -> lesson -> module -> quiz -> first attempt page: every address keeps /cs/,
the interface stays Czech (<html lang="cs">), the English content is said so and marked
lang="en", and axe-core (including its lang checks) reports no WCAG 2.1 AA violation.
"""

import pytest
from wagtail.models import Locale, Page

from assessments.forms import answer_field_name
from certificates.models import Certificate
from tests import factories
from tests.e2e.conftest import assert_accessible
from tests.learning.factories import answers, make_course, translate

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


@pytest.mark.parametrize(
    ("language", "city"),
    [("cs", ("Brno", "CZ")), ("el", ("Alexandroupoli", "GR")), ("sv", ("Malmö", "SE"))],
)
def test_learner_walks_the_whole_module_in_their_language(live_server, page, axe, language, city):
    """Catalogue -> module -> every lesson -> quiz -> result -> My learning -> certificate, by
    visible links only: every address keeps /<language>/, the page is in that language, the
    certificate carries the module's title in that language."""
    catalogue = factories.catalogue()
    course = make_course(catalogue, lessons=2, slug="awareness-raising")
    prefix = language.upper()
    for source in [course.module, *course.lessons, course.quiz]:
        translate(source, language, prefix)
    name, country = city
    home = factories.CityFactory(
        name=name, slug=name.lower(), country=country, languages=[language]
    )
    learner = factories.LearnerFactory(profile__city=home, profile__preferred_language=language)
    url = live_server.url

    def check(path_fragment: str) -> None:
        page.wait_for_load_state()
        path = page.url.removeprefix(url)
        assert path.startswith(f"/{language}/") and path_fragment in path, (path_fragment, path)
        assert page.get_attribute("html", "lang") == language
        assert_accessible(axe, page)

    def follow(locator) -> None:
        with page.expect_navigation():
            locator.click()

    page.goto(f"{url}/{language}/accounts/login/")
    page.fill("input[name=login]", learner.email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.goto(f"{url}/{language}/")
    check(f"/{language}/")

    follow(page.get_by_role("link", name=f"{prefix} Module awareness-raising"))
    check("/awareness-raising/")
    assert page.locator("main p.content-language").count() == 0  # the module is translated
    follow(page.locator("form[action$='/enrol/'] button"))
    check("/awareness-raising/")
    follow(page.locator(".learning-panel a.button[href$='/lesson-1/']"))
    for number in (1, 2):
        check(f"/awareness-raising/lesson-{number}/")
        assert f"{prefix} Lesson {number} of awareness-raising" in page.content()
        follow(page.locator("form.mark-done button"))
    check("/awareness-raising/module-quiz/")
    follow(page.locator("form[action*='/start/'] button"))
    check("/assessments/attempts/")
    for question_id, (choice_id,) in answers(passing=True).items():
        page.locator(f"input[name='{answer_field_name(question_id)}'][value='{choice_id}']").check()
    follow(page.locator("button[name=action][value=submit]"))
    check("/result/")
    follow(page.locator(f"nav.site-nav a[href='/{language}/my-learning/']"))
    check("/my-learning/")
    certificate = Certificate.objects.get(user=learner, kind="module")
    assert certificate.title == f"{prefix} Module awareness-raising"
    assert certificate.language == language
    # The verification address is shared with employers, so it names no language; it is still
    # shown in the reader's language, with the module's title in it.
    follow(page.locator("a[href*='/verify/']").first)
    page.wait_for_load_state()
    assert page.url.removeprefix(url).startswith("/verify/")
    assert page.get_attribute("html", "lang") == language
    assert_accessible(axe, page)
    assert f"{prefix} Module awareness-raising" in page.content()
