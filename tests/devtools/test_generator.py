"""The site generator writes learning records shaped like the ones lms/learning writes."""

import uuid

import pytest

from devtools.generator import generate_site
from lms.learning import services
from lms.learning.models import LearningRecord
from tests.learning.factories import make_course, take_quiz

pytestmark = pytest.mark.django_db


def shape(value):
    """A statement's structure: keys kept, leaves replaced by their type's name."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(item) for item in value]
    return type(value).__name__


def comparable(record: LearningRecord) -> dict:
    statement = dict(record.statement)
    # The title is keyed by the record's language, which differs between the two learners.
    statement["object"] = {
        **statement["object"],
        "definition": {**statement["object"]["definition"], "name": {"lang": "title"}},
    }
    return shape(statement)


def test_generated_statements_are_shaped_like_real_ones(catalogue, learner):
    course = make_course(catalogue, lessons=1)
    services.complete_lesson(learner, course.lessons[0], language="en", seconds_spent=60)
    take_quiz(learner, course.quiz, passing=True)
    real = {(r.verb, r.object_type): r for r in LearningRecord.objects.filter(user=learner)}
    assert set(real) == {
        ("enrolled", "module"),
        ("completed", "lesson"),
        ("passed", "quiz"),
        ("completed", "module"),
        ("completed", "programme"),
    }

    generate_site("xs", seed=3)
    generated = LearningRecord.objects.exclude(user=learner)
    for (verb, object_type), record in real.items():
        other = generated.filter(verb=verb, object_type=object_type).first()
        assert other is not None, (verb, object_type)
        assert comparable(other) == comparable(record), (verb, object_type)
        statement, real_statement = other.statement, record.statement
        assert statement["verb"] == real_statement["verb"]  # the same ADL verb
        assert statement["id"] == str(other.statement_id)
        assert statement["actor"] == {
            **real_statement["actor"],
            "account": {**real_statement["actor"]["account"], "name": str(other.user_id)},
        }
        object_id = real_statement["object"]["id"].replace(str(record.object_key), "KEY")
        assert statement["object"]["id"].replace(str(other.object_key), "KEY") == object_id

    # Statement ids follow the learning services' scheme, so a replay finds them.
    enrolled = generated.filter(verb="enrolled").first()
    key = f"enrolled:{enrolled.user_id}:{enrolled.object_key}"
    assert enrolled.statement_id == uuid.uuid5(services.STATEMENT_NAMESPACE, key)
