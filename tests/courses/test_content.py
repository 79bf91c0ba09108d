"""The six LIAISE modules as shipped in courses/content/, and their loader."""

import copy
import shutil

import pytest

from courses import content_schema
from courses.loader import ContentError, load_content
from courses.models import LessonPage, ModulePage

MODULES = [content_schema.load_module(p) for p in content_schema.module_files()]


def test_there_are_six_numbered_modules():
    assert sorted(m["number"] for m in MODULES) == [1, 2, 3, 4, 5, 6]
    assert len({m["slug"] for m in MODULES}) == 6


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m["slug"])
def test_module_file_is_valid(module):
    assert content_schema.validate_module(module) == []


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m["slug"])
def test_every_lesson_is_within_the_word_range(module):
    for lesson in module["lessons"]:
        words = content_schema.lesson_word_count(lesson)
        assert 600 <= words <= 1200, (lesson["slug"], words)


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m["slug"])
def test_every_module_has_a_case_scenario_in_an_invented_city(module):
    scenarios = [
        block
        for lesson in module["lessons"]
        for block in lesson["body"]
        if block["type"] == "case_scenario"
    ]
    assert scenarios
    assert all("invented" in s["value"]["setting"].lower() for s in scenarios)


def test_question_ids_are_unique_across_modules():
    ids = [q["id"] for m in MODULES for q in m["quiz"]["questions"]]
    assert len(ids) == len(set(ids))


def test_validator_catches_problems():
    broken = copy.deepcopy(MODULES[0])
    broken["lessons"] = broken["lessons"][:2]
    broken["quiz"]["questions"][0]["choices"] = [
        {**c, "correct": False} for c in broken["quiz"]["questions"][0]["choices"]
    ]
    problems = " | ".join(content_schema.validate_module(broken))
    assert "at least 4 lessons" in problems
    assert "exactly one correct choice" in problems


@pytest.mark.django_db
def test_loading_twice_changes_nothing():
    first = load_content()
    assert len(first.created) >= 6 + 24
    second = load_content()
    assert second.created == [] and second.updated == []
    assert ModulePage.objects.count() == 6


@pytest.mark.django_db
def test_editing_a_file_publishes_a_new_revision_of_the_same_page(tmp_path):
    directory = tmp_path / "content"
    shutil.copytree(content_schema.CONTENT_DIR, directory)
    load_content(directory)
    lesson = LessonPage.objects.get(slug=MODULES[0]["lessons"][0]["slug"])
    key, revisions = lesson.translation_key, lesson.revisions.count()

    path = directory / "module-1.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            MODULES[0]["lessons"][0]["title"], "A clearer title", 1
        ),
        encoding="utf-8",
    )
    report = load_content(directory)
    assert len(report.updated) == 1
    lesson = LessonPage.objects.get(pk=lesson.pk)
    assert lesson.title == "A clearer title"
    assert lesson.translation_key == key
    assert lesson.revisions.count() == revisions + 1


@pytest.mark.django_db
def test_an_invalid_file_changes_nothing(tmp_path):
    directory = tmp_path / "content"
    shutil.copytree(content_schema.CONTENT_DIR, directory)
    (directory / "module-9.yaml").write_text("number: 9\nslug: broken\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"module-9\.yaml"):
        load_content(directory)
    assert ModulePage.objects.count() == 0


@pytest.mark.django_db
def test_loaded_pages_render(client):
    load_content()
    for page in [*ModulePage.objects.all(), *LessonPage.objects.all()[:6]]:
        assert client.get(page.url).status_code == 200
