"""A lesson visit recorded and read back in one statement (lms.learning.visits).

What the lesson page gets from `visit_and_progress` must be what the ORM reads after
`services.record_lesson_view`: the same rows, the same values, for a learner not enrolled, just
enrolled, or part-way through the module.
"""

import pytest
from django.db import connection
from django.forms.models import model_to_dict

from lms.learning import services
from lms.learning.models import LessonProgress, ModuleProgress
from lms.learning.visits import visit_and_progress
from tests import factories
from tests.learning.factories import make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(catalogue):
    return make_course(catalogue, lessons=3)


def _as_the_orm_reads_it(learner, module_key) -> tuple:
    progress = ModuleProgress.objects.filter(user=learner, module_key=module_key).first()
    rows = {
        row["lesson_key"]: row
        for row in LessonProgress.objects.filter(user=learner, module_key=module_key).values(
            "lesson_key", "completed_at", "last_viewed_at"
        )
    }
    return (model_to_dict(progress) if progress else None), rows


@pytest.mark.parametrize("state", ["not enrolled", "enrolled", "part-way"])
def test_the_visit_is_recorded_and_read_back_as_the_orm_reads_it(course, state):
    learner = factories.LearnerFactory()
    module_key = course.module.translation_key
    if state != "not enrolled":
        services.enrol(learner, module_key)
    if state == "part-way":
        services.complete_lesson(learner, course.lessons[0], language="en", seconds_spent=60)
        services.record_lesson_view(learner, course.lessons[2], module_key=module_key)

    for visit in (1, 2):  # a first visit inserts the lesson's row, a second one updates it
        progress, rows = visit_and_progress(learner, course.lessons[1], module_key)
        expected_progress, expected_rows = _as_the_orm_reads_it(learner, module_key)
        assert (model_to_dict(progress) if progress else None) == expected_progress, visit
        assert rows == expected_rows, visit
    assert course.lessons[1].translation_key in rows
    if state == "not enrolled":
        assert progress is None
    else:
        assert progress.status == ModuleProgress.Status.IN_PROGRESS
        assert (
            progress.last_activity_at == rows[course.lessons[1].translation_key]["last_viewed_at"]
        )
    if state == "part-way":
        assert rows[course.lessons[0].translation_key]["completed_at"] is not None


def test_one_statement_on_postgresql(course, django_assert_num_queries):
    if connection.vendor != "postgresql":
        pytest.skip("elsewhere the visit is recorded by the service")
    learner = factories.LearnerFactory()
    services.enrol(learner, course.module.translation_key)
    services.complete_lesson(learner, course.lessons[0], language="en", seconds_spent=60)
    with django_assert_num_queries(1):
        progress, rows = visit_and_progress(
            learner, course.lessons[1], course.module.translation_key
        )
    assert progress.lessons_done == 1 and len(rows) == 2
