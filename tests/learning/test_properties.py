"""The progress row always equals a recomputation from the raw records (property-based)."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.models import Attempt
from lms.learning import services
from lms.learning.models import Enrolment, LearningRecord, LessonProgress, ModuleProgress
from tests import factories
from tests.learning.factories import make_course, take_quiz

pytestmark = pytest.mark.django_db

LESSONS, OPTIONAL = 3, 1
event = st.one_of(
    st.tuples(st.just("enrol")),
    st.tuples(st.just("view"), st.integers(0, LESSONS + OPTIONAL - 1), st.integers(0, 10**6)),
    st.tuples(
        st.just("complete"),
        st.integers(0, LESSONS + OPTIONAL - 1),
        st.sampled_from(["en", "fr", "de"]),
        st.one_of(st.none(), st.integers(0, 10**6)),
    ),
    st.tuples(st.just("quiz"), st.booleans()),
    st.tuples(st.just("recompute")),
)


def expected_row(user, course) -> dict:
    """An independent reading of the raw tables: what the row must say."""
    required = {lesson.translation_key for lesson in course.lessons if lesson.required}
    lessons = list(LessonProgress.objects.filter(user=user))
    attempts = list(
        Attempt.objects.filter(user=user, quiz_key=course.quiz.translation_key, is_preview=False)
    )
    final = [a for a in attempts if a.status == Attempt.Status.COMPLETED]
    done = sum(1 for p in lessons if p.completed_at and p.lesson_key in required)
    passed = any(a.passed for a in final)
    started = bool(lessons) or bool(attempts)
    complete = done == len(required) and passed
    return {
        "lessons_done": done,
        "lessons_total": len(required),
        "quiz_passed": passed,
        "best_score": max((a.percent for a in final), default=None),
        "seconds_spent": sum(p.seconds_spent for p in lessons),
        "status": "completed" if complete else "in_progress" if started else "not_started",
    }


def actual_row(progress: ModuleProgress) -> dict:
    return {
        "lessons_done": progress.lessons_done,
        "lessons_total": progress.lessons_total,
        "quiz_passed": progress.quiz_passed,
        "best_score": progress.best_score,
        "seconds_spent": progress.seconds_spent,
        "status": progress.status,
    }


@pytest.fixture
def property_course(catalogue, completions):
    return make_course(catalogue, lessons=LESSONS, optional=OPTIONAL), completions


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(events=st.lists(event, min_size=1, max_size=12))
def test_progress_row_matches_raw_records(property_course, events):
    course, completions = property_course
    completions.clear()
    learner = factories.LearnerFactory()  # a fresh learner per example: rows of their own
    for kind, *args in events:
        if kind == "enrol":
            services.enrol(learner, course.module.translation_key)
        elif kind == "view":
            services.record_lesson_view(learner, course.lessons[args[0]], args[1])
        elif kind == "complete":
            index, language, seconds = args
            services.complete_lesson(
                learner, course.lessons[index], language=language, seconds_spent=seconds
            )
        elif kind == "quiz":
            take_quiz(learner, course.quiz, passing=args[0])
        else:
            services.recompute_module_progress(learner, course.module.translation_key)

    progress = ModuleProgress.objects.filter(user=learner).first()
    enrolled = Enrolment.objects.filter(user=learner).exists()
    assert enrolled == (progress is not None)
    if progress is None:  # only views happened, or lesson checks: nothing to summarise yet
        assert all(kind in ("view", "recompute") for kind, *_ in events)
        return
    assert actual_row(progress) == expected_row(learner, course)
    assert progress.city_id == learner.learner_profile.city_id
    # The incremental row equals a full rebuild, and rebuilding changes nothing.
    before = actual_row(progress)
    services.recompute_module_progress(learner, course.module.translation_key)
    progress.refresh_from_db()
    assert actual_row(progress) == before
    # One record per lesson completion, one module completion and one hook call at most.
    records = LearningRecord.objects.filter(user=learner)
    completed_lessons = LessonProgress.objects.filter(user=learner, completed_at__isnull=False)
    assert records.filter(object_type="lesson").count() == completed_lessons.count()
    assert records.filter(verb="enrolled").count() == 1
    is_complete = progress.status == ModuleProgress.Status.COMPLETED
    assert records.filter(object_type="module", verb="completed").count() == int(is_complete)
    assert len(completions) == int(is_complete)
    assert records.filter(object_type="quiz").count() == sum(1 for k, *_ in events if k == "quiz")
    if progress.best_score is not None:
        assert progress.best_score in (Decimal(0), Decimal(100))
