"""The learner's journey through HTTP: enrol, lessons, quiz, completion, languages."""

import pytest
from django.utils import translation
from django.utils.translation import gettext, ngettext

from assessments.models import Attempt
from lms.learning.models import Enrolment, LearningRecord, LessonProgress, ModuleProgress
from tests.assessments import helpers
from tests.learning.factories import answers, take_quiz, translate

pytestmark = pytest.mark.django_db


def enrol_url(module) -> str:
    return f"/en/learning/modules/{module.translation_key}/enrol/"


def done_url(lesson, language="en") -> str:
    return f"/{language}/learning/lessons/{lesson.pk}/done/"


def progress_of(user, course) -> ModuleProgress:
    return ModuleProgress.objects.get(user=user, module_key=course.module.translation_key)


def test_enrol_is_a_post_and_twice_makes_one_enrolment(learner_client, learner, course):
    page = learner_client.get(course.module.url).content.decode()
    assert "Enrol in this module" in page and enrol_url(course.module) in page

    first = learner_client.post(enrol_url(course.module))
    second = learner_client.post(enrol_url(course.module))
    assert first.status_code == second.status_code == 302
    assert first["Location"] == course.module.url
    assert Enrolment.objects.filter(user=learner).count() == 1
    progress = progress_of(learner, course)
    assert progress.status == ModuleProgress.Status.NOT_STARTED
    assert (progress.lessons_done, progress.lessons_total) == (0, 3)
    assert progress.city == learner.learner_profile.city
    assert LearningRecord.objects.filter(user=learner, verb="enrolled").count() == 1
    page = learner_client.get(course.module.url).content.decode()
    assert "Enrol in this module" not in page and "Start the first lesson" in page


def test_enrol_refuses_get_unknown_modules_and_staff(learner_client, client, course):
    response = learner_client.get(enrol_url(course.module))
    assert response.status_code == 405
    assert "only accepts a form" in response.content.decode()
    response = learner_client.post(
        "/en/learning/modules/3f1e0c1a-9d6c-4e55-8a0e-1b2c3d4e5f60/enrol/"
    )
    assert response.status_code == 404
    assert "does not exist" in response.content.decode()
    assert learner_client.post("/en/learning/modules/not-a-uuid/enrol/").status_code == 404

    from tests.factories import TrainerFactory

    client.force_login(TrainerFactory())
    response = client.post(enrol_url(course.module))
    assert response.status_code == 403
    assert "staff accounts have no learner profile" in response.content.decode()
    assert not Enrolment.objects.exists()


def test_anonymous_visitors_are_invited_to_sign_in(client, course):
    for url in (course.module.url, course.lessons[0].url):
        response = client.get(url)
        assert response.status_code == 200
        assert "to track your progress" in response.content.decode()
    assert client.post(enrol_url(course.module)).status_code == 302  # to the sign-in page
    assert not Enrolment.objects.exists()


def test_viewing_then_marking_lessons_done(learner_client, learner, course, completions):
    first, second, third = course.lessons
    page = learner_client.get(first.url).content.decode()
    assert "Mark as done" in page and done_url(first) in page
    assert LessonProgress.objects.get(user=learner).completed_at is None
    assert not Enrolment.objects.exists()  # reading is not enrolling

    response = learner_client.post(done_url(first), {"seconds": "95"})
    assert response.status_code == 302 and response["Location"] == second.url
    lesson = LessonProgress.objects.get(user=learner, lesson_key=first.translation_key)
    assert lesson.completed_at and lesson.seconds_spent == 95 and lesson.completed_language == "en"
    progress = progress_of(learner, course)  # marking done enrolled the learner
    assert progress.status == ModuleProgress.Status.IN_PROGRESS
    assert (progress.lessons_done, progress.lessons_total, progress.seconds_spent) == (1, 3, 95)
    assert progress.started_at and progress.last_activity_at

    page = learner_client.get(first.url).content.decode()
    assert "You have marked this lesson as done." in page and "Mark as done" not in page
    page = learner_client.get(second.url).content.decode()
    assert f'href="{first.url}" rel="prev"' in page and f'href="{third.url}" rel="next"' in page
    assert "1 of 4 steps done" in page
    learner_client.post(done_url(second), {"seconds": ""})  # no script: server-side estimate
    learner_client.post(done_url(third))
    response = learner_client.get(third.url)
    assert f'href="{course.quiz.url}" rel="next"' in response.content.decode()
    assert progress_of(learner, course).lessons_done == 3
    assert progress_of(learner, course).status == ModuleProgress.Status.IN_PROGRESS
    assert completions == []  # the quiz is still to pass


def test_double_mark_done_makes_one_completion(learner_client, learner, course):
    lesson = course.lessons[0]
    for _ in range(3):
        assert learner_client.post(done_url(lesson), {"seconds": "60"}).status_code == 302
    assert LessonProgress.objects.filter(user=learner).count() == 1
    assert LessonProgress.objects.get(user=learner).seconds_spent == 60
    assert Enrolment.objects.filter(user=learner).count() == 1
    assert LearningRecord.objects.filter(user=learner, object_type="lesson").count() == 1
    assert progress_of(learner, course).lessons_done == 1


def test_bad_mark_done_requests_get_a_clear_4xx(learner_client, learner, course):
    lesson = course.lessons[0]
    response = learner_client.post(done_url(lesson), {"seconds": "ten"})
    assert response.status_code == 400 and "whole number" in response.content.decode()
    assert learner_client.post(done_url(lesson), {"seconds": "-5"}).status_code == 400
    assert learner_client.get(done_url(lesson)).status_code == 405
    assert learner_client.post("/en/learning/lessons/999999/done/").status_code == 404
    assert learner_client.post(f"/en/learning/lessons/{course.quiz.pk}/done/").status_code == 404
    lesson.unpublish()
    assert learner_client.post(done_url(lesson)).status_code == 404
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()


def test_huge_times_are_clamped(learner_client, learner, course):
    learner_client.post(done_url(course.lessons[0]), {"seconds": str(10**9)})
    assert LessonProgress.objects.get(user=learner).seconds_spent == 4 * 60 * 60


def test_progress_is_kept_across_languages(learner_client, learner, course):
    french = [translate(lesson) for lesson in course.lessons]
    translate(course.quiz)
    assert french[0].url.startswith("/fr/")
    learner_client.post(done_url(course.lessons[0]))
    learner_client.post(done_url(course.lessons[1]))

    page = learner_client.get(french[0].url).content.decode()
    with translation.override("fr"):  # the page speaks French: compare with the catalogue
        done_message = gettext("You have marked this lesson as done.")
        steps = ngettext(
            "%(done)s of %(total)s step done", "%(done)s of %(total)s steps done", 4
        ) % {"done": 2, "total": 4}
        mark_as_done = gettext("Mark as done")
    assert done_message != "You have marked this lesson as done."
    assert "FR Lesson 1" in page
    assert done_message in page  # done in English, done in French
    assert steps in page
    page = learner_client.get(french[2].url).content.decode()
    assert mark_as_done in page

    response = learner_client.post(done_url(french[2], "fr"))
    assert response.status_code == 302
    progress = progress_of(learner, course)
    assert (progress.lessons_done, progress.lessons_total) == (3, 3)
    record = LearningRecord.objects.get(user=learner, object_key=course.lessons[2].translation_key)
    assert record.language == "fr"
    assert record.statement["object"]["definition"]["name"] == {"fr": "FR Lesson 3 of awareness"}
    assert LessonProgress.objects.filter(user=learner).count() == 3


def test_failed_quiz_leaves_the_module_in_progress(learner, learner_client, course, completions):
    for lesson in course.lessons:
        learner_client.post(done_url(lesson))
    attempt = helpers.start(learner_client, course.quiz)
    helpers.answer_all(learner_client, attempt, answers(passing=False))
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.COMPLETED and attempt.passed is False
    progress = progress_of(learner, course)
    assert progress.status == ModuleProgress.Status.IN_PROGRESS
    assert progress.best_score == 0 and not progress.quiz_passed and progress.completed_at is None
    assert (
        LearningRecord.objects.filter(user=learner, verb="failed", object_type="quiz").count() == 1
    )
    assert not LearningRecord.objects.filter(object_type="module", verb="completed").exists()
    assert completions == []


def test_passed_quiz_with_all_lessons_completes_the_module(
    learner, learner_client, course, completions
):
    for lesson in course.lessons:
        learner_client.post(done_url(lesson))
    attempt = helpers.start(learner_client, course.quiz)
    helpers.answer_all(learner_client, attempt, answers(passing=True))
    progress = progress_of(learner, course)
    assert progress.status == ModuleProgress.Status.COMPLETED
    assert progress.best_score == 100 and progress.quiz_passed and progress.completed_at
    assert [p.pk for p in completions] == [progress.pk]
    module_record = LearningRecord.objects.get(user=learner, object_type="module", verb="completed")
    assert module_record.verb == "completed" and module_record.city == learner.learner_profile.city
    # The only module of the catalogue: the programme is complete too, recorded once.
    assert LearningRecord.objects.filter(user=learner, object_type="programme").count() == 1
    page = learner_client.get(course.module.url).content.decode()
    assert "You have completed this module." in page
    page = learner_client.get("/en/").content.decode()
    assert "Your status:" in page and "Completed" in page


def test_passing_first_then_finishing_the_lessons_completes(learner, course, completions):
    from lms.learning import services

    take_quiz(learner, course.quiz, passing=True)
    progress = progress_of(learner, course)  # the module quiz enrols the learner
    assert progress.status == ModuleProgress.Status.IN_PROGRESS and progress.quiz_passed
    for lesson in course.lessons:
        services.complete_lesson(learner, lesson, language="en", seconds_spent=10)
    assert progress_of(learner, course).status == ModuleProgress.Status.COMPLETED
    assert len(completions) == 1
    # Replaying events changes nothing: no second completion, no second call.
    services.complete_lesson(learner, course.lessons[0], language="en", seconds_spent=10)
    services.recompute_module_progress(learner, course.module.translation_key)
    attempt = Attempt.objects.get(user=learner)
    services.record_quiz_result(attempt)
    assert len(completions) == 1
    assert LearningRecord.objects.filter(object_type="module", verb="completed").count() == 1
    assert LearningRecord.objects.filter(object_type="quiz").count() == 1


def test_a_later_failed_attempt_does_not_undo_a_pass(learner, course):
    from lms.learning import services

    for lesson in course.lessons:
        services.complete_lesson(learner, lesson, language="en", seconds_spent=0)
    take_quiz(learner, course.quiz, passing=True)
    take_quiz(learner, course.quiz, passing=False)
    progress = progress_of(learner, course)
    assert progress.status == ModuleProgress.Status.COMPLETED and progress.best_score == 100


def test_preview_attempts_are_ignored(learner, course):
    from lms.learning import services

    attempt = take_quiz(learner, course.quiz, passing=True)
    Attempt.objects.filter(pk=attempt.pk).update(is_preview=True)
    LearningRecord.objects.all().delete()
    ModuleProgress.objects.all().delete()
    attempt.refresh_from_db()
    assert services.record_quiz_result(attempt) is None
    assert not LearningRecord.objects.exists() and not ModuleProgress.objects.exists()


def test_quiz_hook_runs_inside_the_submit_transaction(learner, course, monkeypatch):
    """If the progress update fails, the submission rolls back with it: one transaction."""

    def broken(attempt):
        raise RuntimeError("progress update failed")

    monkeypatch.setattr("lms.learning.services.record_quiz_result", broken)
    with pytest.raises(RuntimeError):
        take_quiz(learner, course.quiz, passing=True)
    assert Attempt.objects.get(user=learner).status == Attempt.Status.IN_PROGRESS
