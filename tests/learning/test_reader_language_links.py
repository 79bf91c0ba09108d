"""A Czech reader of English-only content: every link keeps the /cs/ prefix (Czech interface).

Wagtail serves the English page under /cs/ with the interface in Czech; a link to /en/... would
switch the whole interface to English at the first click.
"""

import re

import pytest

from tests.assessments import helpers
from tests.learning.factories import answers

pytestmark = pytest.mark.django_db

NOT_PAGES = ("/static/", "/media/", "/documents/", "/i18n/", "/admin/")


def _links(html: str) -> list[str]:
    hrefs = re.findall(r'href="([^"#]*)"', html)
    return [h for h in hrefs if h.startswith("/") and not h.startswith(NOT_PAGES)]


def _czech_page(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    links = _links(response.content.decode())
    assert links, url
    assert [link for link in links if not link.startswith("/cs/")] == [], url
    return links


def test_links_stay_in_the_readers_language(learner_client, course):
    module, (first, second, third), quiz = course.module, course.lessons, course.quiz
    assert module.url == "/en/awareness/"

    assert "/cs/awareness/" in _czech_page(learner_client, "/cs/")  # catalogue cards

    enrol = learner_client.post(f"/cs/learning/modules/{module.translation_key}/enrol/")
    assert enrol["Location"] == "/cs/awareness/"
    links = _czech_page(learner_client, "/cs/awareness/")  # breadcrumb, lesson list, start
    assert {"/cs/", "/cs/awareness/lesson-1/", "/cs/awareness/module-quiz/"} <= set(links)

    links = _czech_page(learner_client, "/cs/awareness/lesson-1/")  # breadcrumb, outline, next
    assert {"/cs/awareness/", "/cs/awareness/lesson-2/"} <= set(links)

    done = learner_client.post(f"/cs/learning/lessons/{first.pk}/done/")
    assert done["Location"] == "/cs/awareness/lesson-2/"  # the redirect after "Mark as done"
    assert learner_client.get("/cs/my-learning/continue/")["Location"] == "/cs/awareness/lesson-2/"
    links = _czech_page(learner_client, "/cs/awareness/")  # "Continue where I left off"
    assert "/cs/awareness/lesson-2/" in links
    assert "/cs/awareness/lesson-2/" in _czech_page(learner_client, "/cs/my-learning/")

    for lesson in (second, third):
        learner_client.post(f"/cs/learning/lessons/{lesson.pk}/done/")
    attempt = helpers.start(learner_client, quiz, language="cs")
    helpers.answer_all(learner_client, attempt, answers(passing=True))
    result = _czech_page(learner_client, helpers.result_url(attempt, "cs"))
    assert "/cs/awareness/module-quiz/" in result  # "Back to the quiz"
