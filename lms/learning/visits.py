"""A learner opening a lesson, recorded in one SQL statement.

Every signed-in lesson view notes it (for "continue where I left off" and the dashboards' "last
active"): `services.record_lesson_view` does it in an upsert and an update inside a transaction
(four statements with the savepoint); on PostgreSQL the same two writes go in one statement, the
upsert as a data-modifying CTE ahead of the module's update. Same rows, same values.

The lesson page then shows the learner's progress in the module: `visit_and_progress` records
the visit and reads the progress back in that same statement (the module's row is what its update
returns, beside the learner's lesson rows) instead of three built by the ORM, which cost a lesson
page more than everything else it does.
"""

from __future__ import annotations

import functools
import uuid

from django.db import connection
from django.utils import timezone

from courses.models import LessonPage

from . import services
from .models import LessonProgress, ModuleProgress


def visit_and_progress(
    user, lesson: LessonPage, module_key: uuid.UUID
) -> tuple[ModuleProgress | None, dict[uuid.UUID, dict]] | None:
    """Record a learner's visit to `lesson` and return their progress in its module: the module's
    row (None when not enrolled) and their lesson rows by lesson key, as the page shows them.

    Elsewhere than on PostgreSQL the visit is recorded by the service and None is returned: the
    caller reads the progress as for a page that records no visit.
    """
    if connection.vendor != "postgresql":
        services.record_lesson_view(user, lesson, module_key=module_key)
        return None
    fields = ModuleProgress._meta.concrete_fields
    with connection.cursor() as cursor:
        cursor.execute(*_visit_sql(user, lesson, module_key, [f.column for f in fields]))
        found = cursor.fetchall()
    progress = None
    if found and found[0][0] is not None:
        values = found[0][: len(fields)]
        progress = ModuleProgress.from_db(connection.alias, [f.attname for f in fields], values)
    rows = {}
    for key, done, viewed in (row[len(fields) :] for row in found):
        if key is not None:
            rows[key] = {"lesson_key": key, "completed_at": done, "last_viewed_at": viewed}
    return progress, rows


def _visit_sql(
    user, lesson: LessonPage, module_key: uuid.UUID, columns: list[str]
) -> tuple[str, dict]:
    """The visit's upsert and the module's update as data-modifying CTEs, and one row per lesson
    row of the learner in the module, each beside the module's updated row (NULLs when the
    learner is not enrolled). The visited lesson's row is the one the upsert returns: the other
    rows are read from the snapshot the statement started with, which does not hold it yet."""
    return _visit_text(tuple(columns)), {
        "user": user.pk,
        "lesson": lesson.translation_key,
        "module": module_key,
        "now": timezone.now(),
        "not_started": ModuleProgress.Status.NOT_STARTED,
        "in_progress": ModuleProgress.Status.IN_PROGRESS,
    }


@functools.cache
def _visit_text(columns: tuple[str, ...]) -> str:
    lessons = LessonProgress._meta.db_table
    modules = ModuleProgress._meta.db_table
    module_columns = ", ".join(f"m.{connection.ops.quote_name(c)}" for c in columns)
    returning = ", ".join(connection.ops.quote_name(c) for c in columns)
    return f"""
        WITH visit AS (
            INSERT INTO {lessons} AS lp (user_id, lesson_key, module_key, first_viewed_at,
                last_viewed_at, seconds_spent, completed_at, completed_language)
            VALUES (%(user)s, %(lesson)s, %(module)s, %(now)s, %(now)s, 0, NULL, '')
            ON CONFLICT (user_id, lesson_key) DO UPDATE SET last_viewed_at = EXCLUDED.last_viewed_at
            RETURNING lesson_key, completed_at, last_viewed_at
        ), progress AS (
            UPDATE {modules} SET
                status = CASE WHEN status = %(not_started)s THEN %(in_progress)s ELSE status END,
                started_at = COALESCE(started_at, %(now)s),
                last_activity_at = %(now)s
            WHERE user_id = %(user)s AND module_key = %(module)s
            RETURNING {returning}
        ), rows AS (
            SELECT lesson_key, completed_at, last_viewed_at FROM {lessons}
            WHERE user_id = %(user)s AND module_key = %(module)s AND lesson_key <> %(lesson)s
            UNION ALL
            SELECT lesson_key, completed_at, last_viewed_at FROM visit
        )
        SELECT {module_columns}, r.lesson_key, r.completed_at, r.last_viewed_at
        FROM (SELECT 1) one
        LEFT JOIN progress m ON TRUE
        LEFT JOIN rows r ON TRUE
    """
