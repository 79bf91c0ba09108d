"""Content in another language than the interface is said so, and marked up so (WCAG 3.1.2).

A Czech reader of the English module sees, in Czech, which language the content is in and which
languages it exists in; the elements holding the content carry lang="en" while <html lang> stays
"cs". A reader whose language the content is in sees no notice.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Page

from tests.assessments import helpers
from tests.learning.factories import make_course

pytestmark = pytest.mark.django_db

NOTICE = re.compile(r'<p class="content-language" role="note">(.*?)</p>', re.S)


def publish_translation(page: Page, language: str, slug: str) -> Page:
    copy = page.copy_for_translation(Locale.objects.get(language_code=language), copy_parents=True)
    copy.slug = slug
    copy.title = f"[{language}] {page.title}"
    copy.save_revision().publish()
    for ancestor in copy.get_ancestors().filter(depth__gte=2, live=False):
        ancestor.specific.save_revision().publish()
    return Page.objects.get(pk=copy.pk)


@pytest.fixture
def course(catalogue):
    course = make_course(catalogue)
    publish_translation(course.lessons[0], "fr", "premiere-lecon")
    publish_translation(course.lessons[0], "de", "erste-lektion")
    return course


def _notices(html: str) -> list[str]:
    return NOTICE.findall(html)


def test_lesson_in_english_under_czech_says_so(client, course):
    html = client.get("/cs/awareness/lesson-1/").content.decode()
    assert '<html lang="cs"' in html
    (notice,) = _notices(html)
    assert "Tato lekce je v jazyce: angličtina." in notice
    # The other languages, each named in its own language and marked as such, in settings order.
    assert (
        "K dispozici také v jazycích: "
        '<span lang="fr">Français</span>, <span lang="de">Deutsch</span>.' in notice
    )
    assert '<div class="lesson-body" lang="en">' in html
    assert re.search(r'<h1 lang="en">Lesson 1 of awareness</h1>', html)
    # The blocks' own labels are interface words, in the interface language.
    assert '<h3 lang="cs">' in html  # "Reflection"


def test_lesson_in_the_readers_language_has_no_notice(client, course):
    for url in ("/en/awareness/lesson-1/", "/fr/awareness/premiere-lecon/"):
        html = client.get(url).content.decode()
        assert _notices(html) == [], url
        assert '<div class="lesson-body">' in html, url


def test_untranslated_lesson_lists_no_other_language(client, course):
    (notice,) = _notices(client.get("/cs/awareness/lesson-2/").content.decode())
    assert "Tato lekce je v jazyce: angličtina." in notice
    assert "also available" not in notice


def test_module_page_and_catalogue_cards(client, course):
    html = client.get("/cs/awareness/").content.decode()
    (notice,) = _notices(html)
    assert "Tento modul je v jazyce: angličtina." in notice
    assert '<h1 lang="en">' in html
    catalogue = client.get("/cs/").content.decode()
    assert '<a href="/cs/awareness/" lang="en">Module awareness</a>' in catalogue
    assert any("Tento modul je v jazyce: angličtina." in n for n in _notices(catalogue))


def test_quiz_intro_and_questions(learner_client, course):
    html = learner_client.get("/cs/awareness/module-quiz/").content.decode()
    (notice,) = _notices(html)
    assert "Tento test je v jazyce: angličtina." in notice
    attempt = helpers.start(learner_client, course.quiz, language="cs")
    page = learner_client.get(helpers.page_url(attempt, 1, "cs")).content.decode()
    assert "Tento test je v jazyce: angličtina." in page
    assert '<span class="question-text" lang="en">Question number 1?</span>' in page
    assert '<span lang="en">Yes</span>' in page


def test_notice_costs_at_most_one_query(
    learner_client, course, monkeypatch, django_assert_max_num_queries
):
    url = "/cs/awareness/lesson-1/"
    # Pages built whole each time: a learner's repeat visit would come from the stored page.
    monkeypatch.setattr("courses.page_cache.generation", lambda known=None: None)
    learner_client.get(url)  # the first visit records the lesson view
    with monkeypatch.context() as patched:
        patched.setattr(
            "courses.templatetags.courses_tags._content_language", lambda *args, **kwargs: None
        )
        with CaptureQueriesContext(connection) as without_notice:
            page = learner_client.get(url).content
            assert "Tato lekce je v jazyce: angličtina.".encode() not in page
    with django_assert_max_num_queries(len(without_notice) + 1):
        assert "Tato lekce je v jazyce: angličtina.".encode() in learner_client.get(url).content


def test_titles_in_another_language_are_marked_in_links_and_lists(learner_client, learner, course):
    """Breadcrumb, lesson outline, previous/next and My learning: an English title in a Czech
    page is in a <span lang="en">; a title in the reader's language is not wrapped."""
    from lms.learning import services as learning

    learning.enrol(learner, course.module.translation_key)
    lesson = learner_client.get("/cs/awareness/lesson-2/").content.decode()
    breadcrumb = lesson.split('class="breadcrumb"')[1].split("</nav>")[0]
    assert '<span lang="en">Module awareness</span>' in breadcrumb
    assert '<li aria-current="page"><span lang="en">Lesson 2 of awareness</span></li>' in breadcrumb
    outline = lesson.split('<ol class="outline">')[1].split("</ol>")[0]
    assert outline.count('<span lang="en">') == 4  # three lessons and the quiz
    assert '<span lang="en">Lesson 1 of awareness</span>' in lesson.split('rel="prev"')[1]
    learning_page = learner_client.get("/cs/my-learning/").content.decode()
    assert '<span lang="en">Module awareness</span>' in learning_page
    english = learner_client.get("/en/awareness/lesson-2/").content.decode()
    assert '<span lang="en">' not in english
