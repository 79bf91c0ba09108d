"""xAPI statements, the JSON lines export and the export command."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from lms.learning import services
from lms.learning.models import LearningRecord
from lms.learning.queries import records_as_jsonl
from tests import factories
from tests.learning.factories import take_quiz

pytestmark = pytest.mark.django_db


def test_statements_are_xapi_shaped_with_an_account_not_an_email(learner, course, settings):
    for lesson in course.lessons:
        services.complete_lesson(learner, lesson, language="en", seconds_spent=60)
    take_quiz(learner, course.quiz, passing=True)
    lines = list(records_as_jsonl(LearningRecord.objects.filter(user=learner)))
    statements = [json.loads(line) for line in lines]
    assert all(line.endswith("\n") and line.count("\n") == 1 for line in lines)
    verbs = [
        (
            s["verb"]["display"]["en-US"],
            s["object"]["id"].split("/xapi/activities/")[1].split("/")[0],
        )
        for s in statements
    ]
    assert verbs == [
        ("enrolled", "module"),
        ("completed", "lesson"),
        ("completed", "lesson"),
        ("completed", "lesson"),
        ("passed", "quiz"),
        ("completed", "module"),
        ("completed", "programme"),
    ]
    module = statements[5]
    home = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    assert module["actor"] == {
        "objectType": "Agent",
        "account": {"homePage": home, "name": str(learner.pk)},
    }
    assert learner.email not in json.dumps(statements)
    assert module["verb"]["id"] == "http://adlnet.gov/expapi/verbs/completed"
    assert (
        module["object"]["id"] == f"{home}/xapi/activities/module/{course.module.translation_key}"
    )
    assert module["object"]["definition"]["name"] == {"en": course.module.title}
    assert module["result"]["completion"] is True and module["result"]["score"]["scaled"] == 1.0
    assert module["context"]["language"] == "en"
    assert module["context"]["extensions"] == {
        f"{home}/xapi/extensions/city": f"{home}/xapi/cities/liege"
    }
    assert statements[4]["result"]["score"] == {"scaled": 1.0, "raw": 2.0, "min": 0, "max": 2}
    assert len({s["id"] for s in statements}) == len(statements)


def test_export_command_filters_by_city_and_date(learner, course):
    elsewhere = factories.LearnerFactory(profile__city=factories.CityFactory(slug="gent"))
    services.complete_lesson(learner, course.lessons[0], language="en", seconds_spent=1)
    services.complete_lesson(elsewhere, course.lessons[0], language="fr", seconds_spent=1)
    LearningRecord.objects.filter(user=elsewhere).update(timestamp="2020-01-01T00:00:00Z")

    def export(**options):
        out = StringIO()
        call_command("export_learning_records", stdout=out, **options)
        return [json.loads(line) for line in out.getvalue().splitlines()]

    assert len(export()) == 4
    liege = export(city="liege")
    assert {s["actor"]["account"]["name"] for s in liege} == {str(learner.pk)}
    assert {s["actor"]["account"]["name"] for s in export(since="2021-06-01")} == {str(learner.pk)}
    with pytest.raises(CommandError, match="not a date"):
        export(since="yesterday")
    with pytest.raises(CommandError, match="no city"):
        export(city="atlantis")


def test_learning_records_are_append_only_per_event(learner, course):
    lesson = course.lessons[0]
    services.complete_lesson(learner, lesson, language="en", seconds_spent=1)
    first = list(LearningRecord.objects.values_list("statement_id", flat=True))
    services.complete_lesson(learner, lesson, language="fr", seconds_spent=1)
    services.enrol(learner, course.module.translation_key)
    assert list(LearningRecord.objects.values_list("statement_id", flat=True)) == first


def test_city_lead_enrolment_is_recorded_with_who_enrolled(learner, course):
    lead = factories.CityLeadFactory(cities=[learner.learner_profile.city])
    enrolment = services.enrol(learner, course.module.translation_key, enrolled_by=lead)
    assert enrolment.enrolled_by == lead
    assert services.enrol(learner, course.module.translation_key) == enrolment
