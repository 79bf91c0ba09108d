"""Learner-facing pages pass axe-core (WCAG 2.1 AA) and work by keyboard."""

import pytest

from tests import factories
from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def course(db):
    catalogue = factories.catalogue()
    module = factories.ModulePageFactory(parent=catalogue, title="Awareness-raising", number=1)
    lesson = factories.LessonPageFactory(
        parent=module,
        title="What we mean by radicalisation",
        body=[
            ("heading", "Why the words matter"),
            ("paragraph", "<p>Words can <b>label</b> people for years.</p>"),
            ("key_points", {"title": "Key points", "points": ["A process, not a label"]}),
            ("callout", {"tone": "warning", "title": "Careful", "text": "Check local terms."}),
            (
                "case_scenario",
                {
                    "title": "A heated debate",
                    "setting": "Korvenburg, an invented city",
                    "scenario": "<p>A pupil says something shocking.</p>",
                    "questions": ["What would you do first?"],
                    "discussion": "<p>Listen before you judge.</p>",
                },
            ),
            ("reflection", {"prompt": "When did a word change how you saw someone?"}),
            ("checklist", {"title": "On Monday morning", "items": ["Check your local route"]}),
        ],
    )
    factories.CityFactory(name="Liège", slug="liege")
    return module, lesson


@pytest.mark.parametrize("language", ["en", "fr", "el"])
def test_public_pages_have_no_wcag_violations(live_server, page, axe, course, language):
    module, lesson = course
    for path in [
        f"/{language}/",
        module.url.replace("/en/", f"/{language}/", 1),
        lesson.url.replace("/en/", f"/{language}/", 1),
        f"/{language}/accounts/signup/",
        f"/{language}/accounts/login/",
        f"/{language}/accounts/password/reset/",
    ]:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert_accessible(axe, page)


def test_public_pages_fit_a_phone_and_have_no_wcag_violations(live_server, page, axe, course):
    """At 390 px the header, the home page's full-width hero and the lesson stay within the
    screen (no sideways scrolling) and pass axe."""
    module, lesson = course
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ["/en/", module.url, lesson.url, "/en/accounts/signup/", "/en/accounts/login/"]:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert_accessible(axe, page)
        widths = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], (path, widths)


def test_signed_in_profile_page_is_accessible(live_server, page, axe, course):
    user = factories.LearnerFactory(email="ana@example.org", username="ana")
    page.goto(live_server.url + "/en/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", "correct horse battery staple")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/en/")
    page.goto(live_server.url + "/en/accounts/profile/")
    assert_accessible(axe, page)


def test_skip_link_is_first_and_moves_focus_to_main(live_server, page, course):
    page.goto(live_server.url + "/en/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_language_switcher_works_by_keyboard(live_server, page, course):
    _module, lesson = course
    page.goto(live_server.url + lesson.url)
    page.focus("#language-select")
    page.keyboard.press("End")  # the last language: Svenska
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + lesson.url.replace("/en/", "/sv/", 1))
    assert page.locator("html").get_attribute("lang") == "sv"
