"""One quiz in every language: attempts, limits, resume and item statistics pooled by block id."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from assessments import queries, services
from assessments.models import Attempt, QuizPage
from assessments.services import build_question_stream
from tests.assessments import helpers
from tests.assessments.factories import (
    Q1,
    Q1_RIGHT,
    Q1_WRONG,
    Q2,
    Q2_A,
    Q2_B,
    Q2_C,
    Q3,
    Q4,
    QuizPageFactory,
    sample_questions,
)
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db


def _german(quiz: QuizPage, questions: list[dict] | None = None) -> QuizPage:
    """The quiz translated into German (as wagtail-localize would: same block ids)."""
    german = quiz.copy_for_translation(Locale.objects.get(language_code="de"), copy_parents=True)
    questions = questions or sample_questions()
    for question in questions:
        question["prompt"] = f"DE {question['prompt']}"
        for choice in question.get("choices", []):
            choice["text"] = f"DE {choice['text']}"
    german.questions = build_question_stream(questions)
    german.title = "Modulquiz"
    german.save_revision().publish()  # (copy_parents made the German module an alias, live)
    return QuizPage.objects.get(pk=german.pk)


@pytest.fixture
def german_quiz(quiz):
    return _german(quiz)


def test_translation_keeps_block_ids(quiz, german_quiz):
    assert german_quiz.translation_key == quiz.translation_key
    assert [b.id for b in german_quiz.questions] == [b.id for b in quiz.questions]


def test_an_attempt_in_german_counts_for_the_quiz_in_english(learner_client, quiz, german_quiz):
    quiz.max_attempts = german_quiz.max_attempts = 1
    quiz.save()
    german_quiz.save()
    attempt = helpers.start(learner_client, german_quiz, language="de")
    assert attempt.language == "de" and attempt.quiz_key == quiz.translation_key
    page = learner_client.get(helpers.page_url(attempt, 1, "de")).content.decode()
    assert "DE Which statement is right?" in page

    # Starting the English quiz resumes the German attempt.
    response = learner_client.post(f"/en/assessments/quiz/{quiz.pk}/start/")
    assert response["Location"] == f"/en/assessments/attempts/{attempt.pk}/"
    # Switching language mid-attempt shows the English texts, same questions, same choices.
    page = learner_client.get(helpers.page_url(attempt, 1, "en")).content.decode()
    assert "Which statement is right?" in page and "DE Which" not in page
    assert f'value="{Q1_RIGHT}"' in page

    helpers.answer_all(learner_client, attempt, {Q1: [Q1_RIGHT], Q2: [Q2_A, Q2_B], Q3: ["false"]})
    attempt.refresh_from_db()
    assert not attempt.is_open
    intro = learner_client.get(quiz.url).content.decode()
    assert "Attempt 1" in intro and "You have used your only attempt" in intro
    assert learner_client.post(f"/en/assessments/quiz/{quiz.pk}/start/").status_code == 409
    assert learner_client.post(f"/de/assessments/quiz/{german_quiz.pk}/start/").status_code == 409


def test_has_passed_pools_languages(learner, quiz, module_page):
    client = Client()
    client.force_login(learner)
    choice_quiz = QuizPageFactory(
        parent=module_page,
        purpose=QuizPage.Purpose.LESSON_CHECK,
        questions=build_question_stream(sample_questions()[:3]),
    )
    german = _german(choice_quiz, sample_questions()[:3])
    key = choice_quiz.translation_key
    assert services.has_passed(learner, key) is False
    first = helpers.start(client, choice_quiz)
    helpers.answer_all(client, first, {Q1: [Q1_WRONG]})
    assert not services.has_passed(learner, key)
    second = helpers.start(client, german, language="de")
    helpers.answer_all(client, second, {Q1: [Q1_RIGHT], Q2: [Q2_A, Q2_B], Q3: ["false"]})
    assert services.has_passed(learner, key)
    # Attempts awaiting marking do not count yet.
    essay = helpers.start(client, quiz)
    helpers.answer_all(client, essay, {Q1: [Q1_RIGHT], Q4: ["An essay."]})
    assert not services.has_passed(learner, quiz.translation_key)


def test_item_statistics_pool_every_language(trainer_client, quiz, german_quiz):
    english, german = Client(), Client()
    english.force_login(LearnerFactory())
    german.force_login(LearnerFactory())
    helpers.answer_all(english, helpers.start(english, quiz), {Q1: [Q1_RIGHT], Q2: [Q2_A]})
    helpers.answer_all(
        german,
        helpers.start(german, german_quiz, language="de"),
        {Q1: [Q1_WRONG], Q2: [Q2_A, Q2_C]},
    )
    helpers.start(english, quiz)  # an open attempt is left out
    stats = queries.item_statistics(quiz.translation_key)
    assert (stats.attempts, stats.completed) == (2, 2)  # blank essays score 0 unmarked
    q1, q2, q3, q4 = stats.questions
    assert q1.answers == 2 and q1.fully_correct == 1 and q1.facility == 50.0
    assert [(c.text, c.count) for c in q1.choices] == [
        ("The right one", 1),
        ("A wrong one", 1),
        ("Another wrong one", 0),
    ]
    assert [c.count for c in q2.choices] == [2, 0, 1, 0]
    assert q2.mean_percent == 25.0  # 1 of 2 points, then 0 of 2
    assert q3.answered == 0 and q3.facility == 0.0
    assert q4.type == "essay" and q4.marked == 2 and q4.answered == 0

    response = trainer_client.get(helpers.admin_url("statistics", quiz.translation_key))
    assert response.status_code == 200
    content = response.content.decode()
    assert "The right one" in content and "50.0%" in content
    index = trainer_client.get(helpers.admin_url("statistics_index")).content.decode()
    assert quiz.title in index and "Modulquiz" not in index


def test_statistics_leave_out_staff_previews(trainer_client, quiz):
    quiz.is_draft = True
    quiz.save()
    helpers.answer_all(trainer_client, helpers.start(trainer_client, quiz), {Q1: [Q1_RIGHT]})
    assert queries.item_statistics(quiz.translation_key).attempts == 0
    assert Attempt.objects.filter(is_preview=True).count() == 1


def test_admin_menu_shows_assessments_to_trainers_only(trainer_client, client):
    content = trainer_client.get("/admin/").content.decode()
    assert "Marking queue" in content and "Item statistics" in content
    from allauth.mfa.models import Authenticator

    from tests.factories import CityLeadFactory

    lead = CityLeadFactory()
    Authenticator.objects.create(user=lead, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(lead)
    content = client.get("/admin/").content.decode()
    assert "Marking queue" not in content
    assert client.get(helpers.admin_url("statistics_index")).status_code == 302


def test_statistics_views_take_a_constant_number_of_queries(trainer_client, module_page, quiz):
    def count(url):
        trainer_client.get(url)
        with CaptureQueriesContext(connection) as context:
            assert trainer_client.get(url).status_code == 200
        return len(context.captured_queries)

    index = helpers.admin_url("statistics_index")
    detail = helpers.admin_url("statistics", quiz.translation_key)
    before = (count(index), count(detail))
    for _ in range(3):
        QuizPageFactory(parent=module_page, purpose=QuizPage.Purpose.LESSON_CHECK)
        learner = Client()
        learner.force_login(LearnerFactory())
        helpers.answer_all(learner, helpers.start(learner, quiz), {Q1: [Q1_RIGHT]})
    assert (count(index), count(detail)) == before
