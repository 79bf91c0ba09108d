"""The optional, anonymous before/after confidence self-assessment, through HTTP."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.db import models

from lms.learning.confidence import SCORE_FIELDS
from lms.learning.models import ConfidenceAnswer, ConfidenceMarker
from tests import factories
from tests.assessments import helpers
from tests.learning.factories import answers

pytestmark = pytest.mark.django_db

GOOD = {name: str(n) for n, name in enumerate(SCORE_FIELDS, start=1)}  # 1, 2, 3, 4, 5


def form_url(course, phase: str) -> str:
    return f"/en/learning/modules/{course.module.translation_key}/confidence/{phase}/"


def skip_url(course, phase: str) -> str:
    return form_url(course, phase) + "skip/"


def enrol(client, course) -> None:
    response = client.post(f"/en/learning/modules/{course.module.translation_key}/enrol/")
    assert response.status_code == 302


def complete_module(client, learner, course) -> None:
    for lesson in course.lessons:
        client.post(f"/en/learning/lessons/{lesson.pk}/done/")
    attempt = helpers.start(client, course.quiz)
    helpers.answer_all(client, attempt, answers(passing=True))


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_before_is_offered_once_enrolled_and_until_a_lesson_is_done(learner_client, course):
    assert form_url(course, "before") not in page(learner_client, course.module.url)
    enrol(learner_client, course)
    html = page(learner_client, course.module.url)
    assert form_url(course, "before") in html and skip_url(course, "before") in html
    assert "Rate my confidence" in html

    learner_client.post(f"/en/learning/lessons/{course.lessons[0].pk}/done/")
    assert form_url(course, "before") not in page(learner_client, course.module.url)
    # ...and its form is closed too: answers after a lesson are not "before" any more.
    response = learner_client.post(form_url(course, "before"), GOOD)
    assert response.status_code == 403
    assert "already completed part of it" in response.content.decode()
    assert not ConfidenceAnswer.objects.exists()


def test_after_is_offered_on_completion_on_the_module_page_and_my_learning(
    learner_client, learner, course
):
    enrol(learner_client, course)
    assert learner_client.post(form_url(course, "after"), GOOD).status_code == 403
    assert form_url(course, "after") not in page(learner_client, "/en/my-learning/")

    complete_module(learner_client, learner, course)
    assert form_url(course, "after") in page(learner_client, course.module.url)
    my_learning = page(learner_client, "/en/my-learning/")
    assert form_url(course, "after") in my_learning
    assert form_url(course, "before") not in page(learner_client, course.module.url)

    response = learner_client.post(form_url(course, "after"), {**GOOD, "next": "/en/my-learning/"})
    assert response.status_code == 302 and response["Location"] == "/en/my-learning/"
    assert form_url(course, "after") not in page(learner_client, "/en/my-learning/")
    assert form_url(course, "after") not in page(learner_client, course.module.url)


def test_the_form_is_fieldsets_with_legends_and_five_radios(learner_client, course):
    enrol(learner_client, course)
    html = page(learner_client, form_url(course, "before"))
    assert html.count("<fieldset") == 5 and html.count("<legend") == 5
    assert "I know whom to consult in my city, and when." in html
    assert html.count('type="radio"') == 25
    assert 'for="id_score_1_0"' in html and 'id="id_score_1_0"' in html
    assert "anonymous" in html
    assert learner_client.get(form_url(course, "before"))["Cache-Control"].count("no-store")


def test_an_answer_is_stored_without_the_learner(learner_client, learner, course):
    enrol(learner_client, course)
    response = learner_client.post(form_url(course, "before"), GOOD)
    assert response.status_code == 302 and response["Location"] == course.module.url
    answer = ConfidenceAnswer.objects.get()
    assert [getattr(answer, name) for name in SCORE_FIELDS] == [1, 2, 3, 4, 5]
    assert (answer.phase, answer.module_key) == ("before", course.module.translation_key)
    assert answer.city == learner.learner_profile.city and answer.month.day == 1
    marker = ConfidenceMarker.objects.get()
    assert (marker.user, marker.phase, marker.answered) == (learner, "before", True)
    # Nothing on the answer points at a user, and nothing on the marker says when.
    user_model = get_user_model()
    for field in ConfidenceAnswer._meta.get_fields():
        assert getattr(field, "related_model", None) is not user_model, field.name
        assert not isinstance(field, models.DateTimeField), field.name
    assert not isinstance(ConfidenceAnswer._meta.pk, models.AutoField)
    for field in ConfidenceMarker._meta.get_fields():
        assert not isinstance(field, models.DateField | models.DateTimeField), field.name
    assert form_url(course, "before") not in page(learner_client, course.module.url)


def test_a_double_submit_is_one_answer(learner_client, course):
    enrol(learner_client, course)
    first = learner_client.post(form_url(course, "before"), GOOD)
    second = learner_client.post(form_url(course, "before"), {**GOOD, "score_1": "5"})
    assert first.status_code == second.status_code == 302
    assert ConfidenceAnswer.objects.count() == 1 and ConfidenceAnswer.objects.get().score_1 == 1
    assert ConfidenceMarker.objects.count() == 1
    html = page(learner_client, course.module.url)
    assert "already answered" in html


@pytest.mark.parametrize(
    "data, message",
    [
        ({**GOOD, "score_3": "7"}, "Answers go from 1 (not at all) to 5 (fully)"),
        ({**GOOD, "score_2": "0"}, "Answers go from 1 (not at all) to 5 (fully)"),
        ({**GOOD, "score_2": "x"}, "Answers go from 1 (not at all) to 5 (fully)"),
        ({k: v for k, v in GOOD.items() if k != "score_4"}, "Choose an answer from 1 to 5"),
        ({}, "Please answer all five statements"),
    ],
)
def test_bad_answers_are_a_400_with_a_clear_message(learner_client, course, data, message):
    enrol(learner_client, course)
    response = learner_client.post(form_url(course, "before"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and 'role="alert"' in html
    assert not ConfidenceAnswer.objects.exists() and not ConfidenceMarker.objects.exists()


def test_skip_hides_the_invitation_for_that_phase_only(learner_client, learner, course):
    enrol(learner_client, course)
    assert learner_client.get(skip_url(course, "before")).status_code == 405
    response = learner_client.post(skip_url(course, "before"))
    assert response.status_code == 302 and response["Location"] == course.module.url
    learner_client.post(skip_url(course, "before"))
    assert ConfidenceMarker.objects.filter(answered=False).count() == 1
    assert not ConfidenceAnswer.objects.exists()
    assert form_url(course, "before") not in page(learner_client, course.module.url)

    complete_module(learner_client, learner, course)
    assert form_url(course, "after") in page(learner_client, course.module.url)


def test_off_site_next_is_ignored(learner_client, course):
    enrol(learner_client, course)
    response = learner_client.post(skip_url(course, "before"), {"next": "https://evil.example/"})
    assert response["Location"] == course.module.url


def test_refusals(client, learner_client, course):
    assert learner_client.get(form_url(course, "during")).status_code == 404
    unknown = "/en/learning/modules/3f1e0c1a-9d6c-4e55-8a0e-1b2c3d4e5f60/confidence/before/"
    assert learner_client.get(unknown).status_code == 404
    response = learner_client.get(form_url(course, "before"))  # not enrolled
    assert response.status_code == 403 and "Enrol in this module first" in response.content.decode()

    client.force_login(factories.TrainerFactory())
    assert client.post(form_url(course, "before"), GOOD).status_code == 403
    assert client.post(skip_url(course, "before")).status_code == 403
    client.logout()
    assert client.get(form_url(course, "before")).status_code == 302  # to sign in
    assert not ConfidenceAnswer.objects.exists()


def test_export_lists_only_markers_and_erasure_removes_them(client, city, course):
    user = factories.LearnerFactory(profile__city=city)
    client.force_login(user)
    enrol(client, course)
    client.post(form_url(course, "before"), GOOD)
    data = json.loads(client.get("/en/accounts/my-data/").content)
    assert data["confidence_self_assessments"] == [
        {"module_key": str(course.module.translation_key), "phase": "before", "answered": True}
    ]
    assert "score" not in json.dumps(data["confidence_self_assessments"])

    response = client.post("/en/accounts/delete/", {"password": "correct horse battery staple"})
    assert response.status_code == 302
    assert not ConfidenceMarker.objects.exists()
    assert ConfidenceAnswer.objects.count() == 1  # anonymous: it stays for the figures


def test_module_page_and_my_learning_queries_do_not_grow(
    learner_client, learner, course, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    enrol(learner_client, course)
    with CaptureQueriesContext(connection) as invited:
        page(learner_client, course.module.url)
    invited_count = len(invited)  # read now: the next request clears the connection's log
    learner_client.post(skip_url(course, "before"))
    with django_assert_max_num_queries(invited_count):
        page(learner_client, course.module.url)
    complete_module(learner_client, learner, course)
    with CaptureQueriesContext(connection) as my_learning:
        page(learner_client, "/en/my-learning/")
    my_learning_count = len(my_learning)
    learner_client.post(form_url(course, "after"), GOOD)
    with django_assert_max_num_queries(my_learning_count):
        page(learner_client, "/en/my-learning/")
