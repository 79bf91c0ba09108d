"""Trainers publishing, unpublishing and deleting required lessons; the admin's reopen choice."""

import pytest
from django.test import RequestFactory

from lms.learning import services
from lms.learning.models import ModuleProgress
from lms.learning.wagtail_hooks import reopen_completed_modules
from tests import factories
from tests.assessments.factories import AdminTrainerFactory
from tests.learning.factories import take_quiz

pytestmark = pytest.mark.django_db


def finish(user, course):
    for lesson in course.lessons:
        services.complete_lesson(user, lesson, language="en", seconds_spent=1)
    take_quiz(user, course.quiz, passing=True)


@pytest.fixture
def two_learners(course, learner, other_learner):
    finish(learner, course)  # completed
    services.complete_lesson(other_learner, course.lessons[0], language="en", seconds_spent=1)
    return learner, other_learner


def rows(course):
    return {
        p.user_id: (p.status, p.lessons_done, p.lessons_total)
        for p in ModuleProgress.objects.filter(module_key=course.module.translation_key)
    }


def new_lesson(course):
    return factories.LessonPageFactory(parent=course.module, slug="new-lesson", live=False)


def published(lesson):
    """Publish as the admin does; the hook then gets the page as reloaded from the database."""
    lesson.save_revision().publish()
    return type(lesson).objects.get(pk=lesson.pk)


def test_a_new_required_lesson_updates_totals_and_completions_stand(
    course, two_learners, django_capture_on_commit_callbacks
):
    learner, other = two_learners
    lesson = new_lesson(course)
    with django_capture_on_commit_callbacks(execute=True):
        lesson.save_revision().publish()
    assert rows(course) == {
        learner.pk: ("completed", 3, 4),
        other.pk: ("in_progress", 1, 4),
    }


def test_the_trainer_may_reopen_completed_modules(course, two_learners):
    learner, other = two_learners
    lesson = published(new_lesson(course))
    request = RequestFactory().post("/admin/", {"reopen_completed": "on"})
    reopen_completed_modules(request, lesson)
    assert rows(course) == {
        learner.pk: ("in_progress", 3, 4),
        other.pk: ("in_progress", 1, 4),
    }
    progress = ModuleProgress.objects.get(user=learner)
    assert progress.completed_at is None
    # Doing the new lesson completes the module again (the quiz was passed already).
    services.complete_lesson(learner, lesson, language="en", seconds_spent=1)
    assert ModuleProgress.objects.get(user=learner).status == "completed"


def test_without_the_tick_nothing_is_reopened(course, two_learners):
    learner, _other = two_learners
    lesson = published(new_lesson(course))
    reopen_completed_modules(RequestFactory().post("/admin/", {}), lesson)
    assert ModuleProgress.objects.get(user=learner).status == "completed"


def test_unpublishing_or_deleting_a_required_lesson_changes_totals(
    course, two_learners, django_capture_on_commit_callbacks
):
    learner, other = two_learners
    with django_capture_on_commit_callbacks(execute=True):
        course.lessons[0].unpublish()
    assert rows(course) == {learner.pk: ("completed", 2, 2), other.pk: ("in_progress", 0, 2)}
    with django_capture_on_commit_callbacks(execute=True):
        course.lessons[1].delete()
    assert rows(course) == {learner.pk: ("completed", 1, 1), other.pk: ("in_progress", 0, 1)}


def test_removing_the_last_missing_lesson_completes_learners_who_passed(
    course, learner, completions, django_capture_on_commit_callbacks
):
    services.complete_lesson(learner, course.lessons[0], language="en", seconds_spent=1)
    services.complete_lesson(learner, course.lessons[1], language="en", seconds_spent=1)
    take_quiz(learner, course.quiz, passing=True)
    assert ModuleProgress.objects.get(user=learner).status == "in_progress"
    with django_capture_on_commit_callbacks(execute=True):
        course.lessons[2].unpublish()
    assert ModuleProgress.objects.get(user=learner).status == "completed"
    assert len(completions) == 1


def test_the_lesson_edit_form_offers_the_reopen_choice(course):
    from django.test import Client

    client = Client()
    client.force_login(AdminTrainerFactory())
    response = client.get(f"/admin/pages/{course.lessons[0].pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="reopen_completed"' in html
    assert "Reopen completed modules for learners" in html


@pytest.mark.parametrize("ticked", [True, False])
def test_publishing_in_the_admin_with_or_without_the_tick(
    course, two_learners, ticked, django_capture_on_commit_callbacks
):
    """The path a trainer takes: the page editor's Publish button, box ticked or not."""
    from django.test import Client
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    learner, _other = two_learners
    lesson = new_lesson(course)
    client = Client()
    client.force_login(AdminTrainerFactory(is_superuser=True))
    data = nested_form_data(
        {
            "title": "A new required lesson",
            "slug": "new-lesson",
            "summary": "Something the module now needs.",
            "estimated_minutes": 20,
            "required": "on",
            "body": streamfield([("heading", "New")]),
            "comments": inline_formset([]),
            "action-publish": "action-publish",
        }
    )
    if ticked:
        data["reopen_completed"] = "on"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/pages/{lesson.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    lesson.refresh_from_db()
    assert lesson.live
    progress = ModuleProgress.objects.get(user=learner)
    assert progress.lessons_total == 4
    assert progress.status == ("in_progress" if ticked else "completed")
