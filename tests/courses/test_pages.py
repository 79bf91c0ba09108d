"""Every page type is routable and renderable; parent/child rules hold."""

import pytest
from wagtail.test.utils import WagtailTestUtils  # noqa: F401  (keeps wagtail test helpers importable)

from assessments.models import QuizPage
from courses.models import CataloguePage, LessonPage, ModulePage
from tests import factories

pytestmark = pytest.mark.django_db


def test_catalogue_lists_modules_in_order(client, catalogue):
    factories.ModulePageFactory(parent=catalogue, title="Second", number=2)
    factories.ModulePageFactory(parent=catalogue, title="First", number=1)
    response = client.get("/en/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("First") < html.index("Second")


def test_module_page_renders_objectives_and_lessons(client, lesson_page):
    module = lesson_page.get_parent().specific
    response = client.get(module.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Explain the basics." in html
    assert lesson_page.title in html


def test_lesson_page_renders_every_block(client, module_page):
    lesson = factories.LessonPageFactory(
        parent=module_page,
        body=[
            ("heading", "Heading text"),
            ("paragraph", "<p>Paragraph text</p>"),
            ("key_points", {"title": "KP title", "points": ["Point A"]}),
            ("callout", {"tone": "warning", "title": "Careful", "text": "Callout text"}),
            (
                "case_scenario",
                {
                    "title": "Scenario title",
                    "setting": "Korvenburg, an invented city",
                    "scenario": "<p>Scenario text</p>",
                    "questions": ["Question one?"],
                    "discussion": "<p>Debrief text</p>",
                },
            ),
            ("reflection", {"prompt": "Reflect on this"}),
            ("checklist", {"title": "Monday", "items": ["Check item"]}),
        ],
    )
    response = client.get(lesson.url)
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "Heading text",
        "Paragraph text",
        "Point A",
        "Callout text",
        "Scenario text",
        "Question one?",
        "Debrief text",
        "Reflect on this",
        "Check item",
        "Never write down names or details",
    ]:
        assert text in html


def test_lesson_page_has_landmarks_and_skip_link(client, lesson_page):
    html = client.get(lesson_page.url).content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert "<header" in html and "<footer" in html and "<nav" in html
    assert html.count("<h1") == 1


def test_page_type_rules():
    assert CataloguePage.parent_page_types == ["wagtailcore.Page"]
    assert ModulePage.parent_page_types == ["courses.CataloguePage"]
    assert set(ModulePage.subpage_types) == {"courses.LessonPage", "assessments.QuizPage"}
    assert LessonPage.parent_page_types == ["courses.ModulePage"]
    assert LessonPage.subpage_types == []
    assert QuizPage.parent_page_types == ["courses.ModulePage"]


def test_lesson_cannot_be_created_under_catalogue(catalogue):
    assert not LessonPage.can_create_at(catalogue)
    assert ModulePage.can_create_at(catalogue)


def test_unpublished_lesson_is_not_served(client, lesson_page):
    lesson_page.unpublish()
    assert client.get(lesson_page.url).status_code == 404


def test_image_alt_text_is_required_on_module_image(module_page):
    from django.core.exceptions import ValidationError
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    module_page.image = Image.objects.create(title="x", file=get_test_image_file())
    module_page.image_alt_text = ""
    with pytest.raises(ValidationError):
        module_page.full_clean()


def test_the_explorer_lists_lessons_in_the_order_learners_take_them(client, catalogue):
    """Wagtail lists children by latest revision by default: a load of the content (which
    saves the last lesson last) showed them reversed."""
    from tests.dashboards.factories import with_totp
    from tests.learning.factories import make_course

    course = make_course(catalogue, lessons=3)
    for lesson in course.lessons:  # the last lesson revised last
        lesson.save_revision().publish()
    client.force_login(with_totp(factories.TrainerFactory(username="explorer-trainer")))
    html = client.get(f"/admin/pages/{course.module.pk}/").content.decode()
    positions = [html.index(f"Lesson {n} of awareness") for n in (1, 2, 3)]
    assert positions == sorted(positions)
    assert html.index("Lesson 3 of awareness") < html.index("Quiz of awareness")


def test_catalogue_cards_show_each_modules_emblem(client, catalogue):
    from django.contrib.staticfiles import finders

    for number in range(1, 7):
        factories.ModulePageFactory(
            parent=catalogue, title=f"Module {number}", slug=f"m{number}", number=number
        )
        assert finders.find(f"img/modules/module-{number}.svg")
    html = client.get("/en/").content.decode()
    for number in range(1, 7):
        assert f'src="/static/img/modules/module-{number}.svg" alt=""' in html
