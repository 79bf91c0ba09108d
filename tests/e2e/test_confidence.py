"""The confidence self-assessment by keyboard, with no WCAG 2.1 AA violation on its pages."""

import pytest

from lms.learning.models import ConfidenceAnswer, ModuleProgress
from tests import factories
from tests.e2e.conftest import assert_accessible
from tests.learning.factories import make_course

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def enrolled(db, client):
    catalogue = factories.catalogue()
    city = factories.CityFactory(name="Liège", slug="liege", country="BE", languages=["fr"])
    course = make_course(catalogue, lessons=2, slug="awareness-raising")
    learner = factories.LearnerFactory(profile__city=city)
    ModuleProgress.objects.create(user=learner, module_key=course.module.translation_key, city=city)
    client.force_login(learner)
    return course, client.cookies["sessionid"].value


def test_learner_rates_confidence_by_keyboard(live_server, page, axe, enrolled):
    course, session = enrolled
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
    page.goto(live_server.url + course.module.url)
    assert_accessible(axe, page)
    page.locator(".confidence-invitation a.button").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/confidence/before/" in page.url
    assert_accessible(axe, page)
    for n in range(1, 6):
        page.locator(f"#id_score_{n}_{n - 1}").focus()
        page.keyboard.press("Space")
    page.locator("main form button[type=submit]").first.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(course.module.url)
    assert "recorded anonymously" in page.content()
    assert 'class="confidence-invitation"' not in page.content()
    answer = ConfidenceAnswer.objects.get()
    assert [answer.score_1, answer.score_5] == [1, 5]
