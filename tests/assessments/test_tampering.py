"""Tampered or malformed posts get a 4xx with a clear message and change nothing."""

import html

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.forms import answer_field_name
from assessments.models import Answer, Attempt
from assessments.services import question_block_id
from tests.assessments import helpers
from tests.assessments.factories import Q1, Q1_RIGHT, Q2, Q2_A, Q2_C, Q3, Q4, QuizPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def attempt(learner_client, quiz):
    attempt = helpers.start(learner_client, quiz)
    helpers.post_page(learner_client, attempt, 1, "save", **{Q1: [Q1_RIGHT]})
    return attempt


def _snapshot(attempt):
    attempt.refresh_from_db()
    answers = sorted(
        Answer.objects.filter(attempt=attempt).values_list("question_id", "selected", "text")
    )
    return attempt.status, attempt.score, answers


@pytest.mark.parametrize(
    ("page", "data", "message"),
    [
        (1, {answer_field_name("not-a-question"): "x"}, "not part of your quiz"),
        (1, {answer_field_name(question_block_id("other-quiz-q1")): "x"}, "not part of your quiz"),
        (1, {answer_field_name(Q2): Q2_A}, "not on this page"),
        (1, {answer_field_name(Q1): Q2_A}, "not one of the question's choices"),  # foreign choice
        (1, {answer_field_name(Q1): "true"}, "not one of the question's choices"),
        (1, {answer_field_name(Q1): [Q1_RIGHT, Q1_RIGHT]}, "exactly one answer"),
        (2, {answer_field_name(Q2): [Q2_A, Q2_A]}, "more than once"),
        (2, {answer_field_name(Q2): [Q2_A, "forged"]}, "not one of the question's choices"),
        (3, {answer_field_name(Q3): "maybe"}, "not one of the question's choices"),
        (3, {answer_field_name(Q3): ["true", "false"]}, "exactly one answer"),
        (4, {answer_field_name(Q4): ["one", "two"]}, "one text answer"),
        (4, {answer_field_name(Q4): "x" * 10_001}, "too long"),
        (4, {answer_field_name(Q4): "nul \x00 byte"}, "not allowed"),
        (1, {"unexpected": "1"}, "a field this quiz does not have"),
        (1, {"action": "delete-everything"}, "cannot do"),
        (1, {"action": ["next", "submit"]}, "more than one thing"),
        (1, {"action": "page-99"}, "cannot do"),
        (99, {"action": "next"}, "not part of your attempt"),
    ],
)
def test_tampered_posts_are_refused_and_change_nothing(
    learner_client, attempt, page, data, message
):
    before = _snapshot(attempt)
    response = learner_client.post(helpers.page_url(attempt, page), data)
    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    assert _snapshot(attempt) == before


def test_answers_for_a_question_that_was_not_drawn(learner_client, module_page):
    quiz = QuizPageFactory(parent=module_page, draw_count=2)
    attempt = helpers.start(learner_client, quiz)
    drawn = {question["id"] for question in attempt.questions}
    undrawn = next(qid for qid in (Q1, Q2, Q3, Q4) if qid not in drawn)
    response = learner_client.post(helpers.page_url(attempt, 1), {answer_field_name(undrawn): "x"})
    assert response.status_code == 400
    assert "not part of your quiz" in response.content.decode()
    assert not Answer.objects.exists()


def test_a_refused_page_is_shown_again_with_the_message(learner_client, attempt):
    response = helpers.post_page(learner_client, attempt, 2, "next", **{Q2: [Q2_A, "forged"]})
    content = response.content.decode()
    assert 'role="alert"' in content and "Nothing from this page was saved." in content
    assert "<fieldset" in content  # the learner can carry on from the same page


def test_huge_payloads_are_refused(learner_client, attempt):
    before = _snapshot(attempt)
    response = learner_client.post(
        helpers.page_url(attempt, 4), {answer_field_name(Q4): "x" * 1_100_000}
    )
    assert response.status_code == 400
    assert "too large" in response.content.decode()
    # Beyond Django's own limit (DATA_UPLOAD_MAX_MEMORY_SIZE) the request is refused before us.
    response = learner_client.post(
        helpers.page_url(attempt, 4), {answer_field_name(Q4): "x" * 3_000_000}
    )
    assert response.status_code == 400
    assert _snapshot(attempt) == before


def test_too_many_fields_are_refused(learner_client, attempt):
    before = _snapshot(attempt)
    data = {f"field{n}": "x" for n in range(2_500)}
    assert learner_client.post(helpers.page_url(attempt, 1), data).status_code == 400
    assert _snapshot(attempt) == before


def test_missing_csrf_token_is_refused(learner, attempt):
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    before = _snapshot(attempt)
    response = client.post(
        helpers.page_url(attempt, 1), {answer_field_name(Q1): Q1_RIGHT, "action": "submit"}
    )
    assert response.status_code == 403
    assert "CSRF" in response.content.decode()
    assert client.post(helpers.submit_url(attempt)).status_code == 403
    assert _snapshot(attempt) == before


def test_wrong_methods(learner_client, attempt, quiz):
    assert learner_client.get(helpers.submit_url(attempt)).status_code == 405
    assert learner_client.get(f"/en/assessments/quiz/{quiz.pk}/start/").status_code == 405
    assert learner_client.put(helpers.page_url(attempt, 1)).status_code == 405
    assert learner_client.post(helpers.result_url(attempt)).status_code == 405


# Property-based: random forms at the submit view -------------------------------------------------


def _field_names(attempt):
    return [answer_field_name(q["id"]) for q in attempt.questions] + [
        "action",
        "csrfmiddlewaretoken",
        answer_field_name("unknown"),
    ]


def _values(attempt):
    values = ["true", "false", "", "submit", "next", "save", "check", "page-1", "page-0", Q2_C]
    for question in attempt.questions:
        values.extend(choice["id"] for choice in question.get("choices", []))
    return values


def test_random_posts_never_cause_a_server_error(learner, quiz):
    client = Client(raise_request_exception=False)
    client.force_login(learner)
    attempt = helpers.start(client, quiz)
    names = st.one_of(st.sampled_from(_field_names(attempt)), st.text(max_size=40))
    values = st.one_of(st.sampled_from(_values(attempt)), st.text(max_size=200))
    forms = st.dictionaries(names, st.lists(values, min_size=1, max_size=4), max_size=6)
    urls = st.sampled_from(
        [helpers.page_url(attempt, n) for n in (0, 1, 2, 3, 4, 5)] + [helpers.submit_url(attempt)]
    )

    @settings(
        max_examples=200,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(url=urls, data=forms)
    def post_random_form(url, data):
        response = client.post(url, data)
        assert response.status_code < 500, (url, data, response.content[:300])
        current = Attempt.objects.get(pk=attempt.pk)
        if not current.is_open:  # a valid submit happened: start again to keep exploring
            Attempt.objects.filter(pk=attempt.pk).update(status=Attempt.Status.IN_PROGRESS)

    post_random_form()
