"""The statements a quiz submission runs, written out once instead of built by the ORM each time.

A group that finishes a course together hands in within the same second, and each submission's
CPU then queues behind the others' (the bench's burst: 100 learners within 0.1 s on two cores).
Django spent more CPU composing these few statements than the database spent running them, so
the ones on that path are written here, for PostgreSQL and SQLite alike. Each reads or writes
the same rows as the ORM call it replaces; nothing else in the app needs to know.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from django.db import connection
from django.db.models import Field, Model
from django.utils import timezone

from ..models import Answer, Attempt

if TYPE_CHECKING:
    from datetime import datetime

# What an answer's upsert writes besides its keys (attempt, question) and the trainer's feedback.
ANSWER_FIELDS = [
    "question_type",
    "max_points",
    "selected",
    "text",
    "points",
    "is_correct",
    "checked_at",
    "updated_at",
]
# What submitting and marking change on the attempt.
SCORED_FIELDS = [
    "submitted_at",
    "timed_out",
    "score",
    "max_score",
    "percent",
    "category_scores",
    "status",
    "passed",
    "completed_at",
    "result_version",
]


class SavedAnswer(NamedTuple):
    """What scoring and the answer locks need of a saved answer (not a whole Answer row)."""

    selected: list[str]
    text: str
    checked_at: datetime | None


def lock_open_attempt(user_id: int, attempt_id: int) -> Attempt | None:
    """The user's attempt if it is still open, its row locked until the transaction ends."""
    params = [attempt_id, user_id, Attempt.Status.IN_PROGRESS]
    found = list(Attempt.objects.raw(_lock_sql(), params))
    return found[0] if found else None


def attempt_exists(user_id: int, attempt_id: int) -> bool:
    """Whether the attempt is the user's, open or not (neither locked nor read)."""
    with connection.cursor() as cursor:
        cursor.execute(_exists_sql(), [attempt_id, user_id])
        return cursor.fetchone() is not None


def saved_answers(attempt: Attempt) -> dict[str, SavedAnswer]:
    """The attempt's saved answers by question id."""
    rows = Answer.objects.filter(attempt_id=attempt.pk).values_list(
        "question_id", "selected", "text", "checked_at"
    )
    return {question_id: SavedAnswer(*saved) for question_id, *saved in rows}


def upsert_answers(rows: list[Answer]) -> None:
    """Insert or overwrite the rows' answers in one INSERT ... ON CONFLICT statement.

    `bulk_create(update_conflicts=True)` spent a quarter of the statement's CPU compiling it
    (1.8 -> 1.3 ms for 11 answers); every drawn question is written at submit.
    """
    if not rows:
        return
    now = timezone.now()
    fields = _answer_fields()
    values: list[Any] = []
    for row in rows:
        row.updated_at = now
        values.append(row.attempt_id)
        values.append(row.question_id)
        values.extend(
            field.get_db_prep_save(getattr(row, field.attname), connection) for field in fields
        )
        values.append("")  # feedback: the trainer's, written when marking
    with connection.cursor() as cursor:
        cursor.execute(_upsert_sql(len(rows)), values)


def save_scored(attempt: Attempt) -> None:
    """Write what submitting or marking changed on the attempt (SCORED_FIELDS), nothing else:
    the snapshot of its questions stays as it was."""
    fields = _scored_fields()
    values = [
        field.get_db_prep_save(getattr(attempt, field.attname), connection) for field in fields
    ]
    with connection.cursor() as cursor:
        cursor.execute(_save_scored_sql(), [*values, attempt.pk])


# The statements, composed once per process ------------------------------------------------------


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _column(model: type[Model], name: str) -> str:
    return _quote(cast(str, cast(Field, model._meta.get_field(name)).column))


@cache
def _lock_sql() -> str:
    table = _quote(Attempt._meta.db_table)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    return (
        f"SELECT * FROM {table} WHERE {_column(Attempt, 'id')} = %s"
        f" AND {_column(Attempt, 'user')} = %s AND {_column(Attempt, 'status')} = %s{lock}"
    )


@cache
def _exists_sql() -> str:
    table = _quote(Attempt._meta.db_table)
    return (
        f"SELECT 1 FROM {table} WHERE {_column(Attempt, 'id')} = %s"
        f" AND {_column(Attempt, 'user')} = %s"
    )


@cache
def _answer_fields() -> list[Field]:
    return [cast(Field, Answer._meta.get_field(name)) for name in ANSWER_FIELDS]


@cache
def _upsert_sql(count: int) -> str:
    updated = [_quote(cast(str, field.column)) for field in _answer_fields()]
    keys = [_column(Answer, "attempt"), _column(Answer, "question_id")]
    columns = [*keys, *updated, _column(Answer, "feedback")]
    row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    return (
        f"INSERT INTO {_quote(Answer._meta.db_table)} ({', '.join(columns)}) "
        f"VALUES {', '.join([row] * count)} "
        f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET "
        + ", ".join(f"{column} = EXCLUDED.{column}" for column in updated)
    )


@cache
def _scored_fields() -> list[Field]:
    return [cast(Field, Attempt._meta.get_field(name)) for name in SCORED_FIELDS]


@cache
def _save_scored_sql() -> str:
    assignments = ", ".join(f"{_quote(cast(str, f.column))} = %s" for f in _scored_fields())
    table = _quote(Attempt._meta.db_table)
    return f"UPDATE {table} SET {assignments} WHERE {_column(Attempt, 'id')} = %s"
