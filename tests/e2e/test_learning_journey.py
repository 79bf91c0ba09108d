"""A new learner signs up, enrols, reads two lessons, passes the quiz and sees it in My learning.

By keyboard where a person would (Tab/Enter/Space on the main actions); axe-core reports no
WCAG 2.1 AA violation on any page visited.
"""

import re

import pytest
from django.core import mail

from assessments.forms import answer_field_name
from lms.learning.models import LearningRecord, ModuleProgress
from tests import factories
from tests.e2e.conftest import assert_accessible
from tests.learning.factories import answers, make_course

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "a-long-enough-passphrase"


@pytest.fixture
def course(db):
    catalogue = factories.catalogue()
    factories.CityFactory(name="Liège", slug="liege", country="BE", languages=["fr"])
    return make_course(catalogue, lessons=2, slug="awareness-raising")


def press_on(page, selector: str, key: str = "Enter") -> None:
    """Focus a control as Tab would and press a key on it, as a keyboard user does."""
    page.locator(selector).first.focus()
    assert page.evaluate("document.activeElement !== document.body")
    page.keyboard.press(key)


def go_by_keyboard(page, selector: str) -> None:
    """Press Enter on a link or button and wait for the page it leads to."""
    with page.expect_navigation():
        press_on(page, selector)


def test_new_learner_walks_through_a_module(live_server, page, axe, course):
    url = live_server.url
    visited = []

    def check(path_fragment: str) -> None:
        page.wait_for_load_state()
        assert path_fragment in page.url, (path_fragment, page.url)
        assert_accessible(axe, page)
        visited.append(page.url)

    # Sign up.
    page.goto(url + "/en/accounts/signup/")
    check("/accounts/signup/")
    page.fill("input[name=full_name]", "Ana Learner")
    page.fill("input[name=email]", "ana@example.org")
    page.select_option("select[name=city]", label="Liège")
    page.select_option("select[name=profession]", value="youth_worker")
    page.select_option("select[name=preferred_language]", value="en")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")  # in the last field, as a person submits the form
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    page.goto(url + "/" + link.group(0).split("/", 3)[3])
    check("/accounts/confirm-email/")
    go_by_keyboard(page, "main form button[type=submit]")
    if "/accounts/login/" in page.url:
        page.fill("input[name=login]", "ana@example.org")
        page.fill("input[name=password]", PASSWORD)
        with page.expect_navigation():
            page.keyboard.press("Enter")

    # Enrol from the module page.
    page.goto(url + course.module.url)
    check(course.module.url)
    go_by_keyboard(page, "form[action$='/enrol/'] button")
    check(course.module.url)
    assert "You are enrolled" in page.content()

    # Two lessons, each marked done at its end; "mark as done" goes on to the next step.
    go_by_keyboard(page, ".learning-panel a.button")  # "Start the first lesson"
    check(course.lessons[0].url)
    go_by_keyboard(page, "form.mark-done button")
    check(course.lessons[1].url)
    assert "1 of 3 steps done" in page.content()
    go_by_keyboard(page, "form.mark-done button")
    check(course.quiz.url)

    # The module quiz: start, answer with the keyboard, submit.
    go_by_keyboard(page, "form[action*='/start/'] button")
    check("/assessments/attempts/")
    # The question's legend sits inside its box, not across the box's top border.
    box = page.locator("fieldset.question").first.bounding_box()
    legend = page.locator("fieldset.question legend").first.bounding_box()
    assert legend["y"] > box["y"] + 4, (legend, box)
    for question_id, (choice_id,) in answers(passing=True).items():
        field = answer_field_name(question_id)
        press_on(page, f"input[name='{field}'][value='{choice_id}']", "Space")
    go_by_keyboard(page, "button[name=action][value=submit]")
    check("/result/")

    # Back to My learning through the site navigation.
    go_by_keyboard(page, "nav.site-nav a[href='/en/my-learning/']")
    check("/en/my-learning/")
    content = page.content()
    assert "1 of 1 module completed" in content
    assert "3 of 3 steps done" in content and "Completed on" in content

    progress = ModuleProgress.objects.get(user__email="ana@example.org")
    assert progress.status == ModuleProgress.Status.COMPLETED
    assert (progress.lessons_done, progress.lessons_total) == (2, 2)
    assert progress.seconds_spent >= 0 and progress.city.slug == "liege"
    verbs = list(
        LearningRecord.objects.filter(user=progress.user).values_list("verb", "object_type")
    )
    assert verbs == [
        ("enrolled", "module"),
        ("completed", "lesson"),
        ("completed", "lesson"),
        ("passed", "quiz"),
        ("completed", "module"),
        ("completed", "programme"),
    ]
    assert len(visited) >= 9
