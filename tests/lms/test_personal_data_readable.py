"""The personal-data download is complete and readable, and there is a page to read it on.

Issue 14, item 12: modules, quizzes, questions and answers came as ids only, and the invitation
record was missing.
"""

import json
import re

import pytest

from lms.dashboards.models import Invitation
from tests import factories
from tests.assessments.factories import QuizPageFactory
from tests.assessments.helpers import answer_all, start

pytestmark = pytest.mark.django_db

EXPORT_URL = "/en/accounts/my-data/"
SUMMARY_URL = "/en/accounts/my-data/summary/"
ESSAY = "I would listen first, then talk to my team leader."


@pytest.fixture
def taken(learner_client, learner, module_page, lesson_page, city):
    """A learner who came by invitation, opened a lesson and answered a quiz of every kind."""
    Invitation.objects.create(
        city=city,
        email=learner.email,
        full_name=learner.learner_profile.full_name,
        language="en",
        profession="",
        module_key=module_page.translation_key,
        user=learner,
    )
    quiz = QuizPageFactory(parent=module_page, slug="quiz", title="Check your understanding")
    enrolled = learner_client.post(f"/en/learning/modules/{module_page.translation_key}/enrol/")
    assert enrolled.status_code == 302
    assert learner_client.get(lesson_page.url).status_code == 200
    attempt = start(learner_client, quiz)
    by_type = {question["type"]: question for question in attempt.questions}
    single = by_type["single_choice"]
    right = next(c["id"] for c in single["choices"] if c["text"] == "The right one")
    answer_all(
        learner_client,
        attempt,
        {
            single["id"]: [right],
            by_type["true_false"]["id"]: ["false"],
            by_type["essay"]["id"]: [ESSAY],
        },
    )
    return attempt


def test_the_json_names_modules_lessons_quizzes_questions_and_chosen_answers(
    learner_client, learner, taken, city
):
    response = learner_client.get(EXPORT_URL)

    assert response.status_code == 200
    data = json.loads(response.content)
    assert [row["module"] for row in data["module_progress"]] == ["Awareness"]
    assert [row["module"] for row in data["enrolments"]] == ["Awareness"]
    assert [row["lesson"] for row in data["lesson_progress"]] == ["What is radicalisation"]
    [attempt] = data["quiz_attempts"]
    assert attempt["quiz"] == "Check your understanding"
    assert attempt["module"] == "Awareness"
    assert attempt["score"] is not None
    answers = {answer["question"]: answer for answer in attempt["answers"]}
    assert answers["Which statement is right?"]["chosen"] == ["The right one"]
    assert answers["Which statement is right?"]["points"] == "1.00"
    assert answers["There is a typical profile."]["chosen"] == ["False"]
    assert answers["Explain what you would do."]["text"] == ESSAY
    numbers = [answer["number"] for answer in attempt["answers"]]
    assert numbers == sorted(numbers)
    [invitation] = data["invitations"]
    assert invitation["email"] == learner.email
    assert invitation["city"] == city.name
    assert invitation["module"] == "Awareness"


def test_the_json_gives_certificates_with_their_verification_page(learner_client, learner):
    from tests.dashboards.factories import certificate

    issued = certificate(learner, kind="programme")
    data = json.loads(learner_client.get(EXPORT_URL).content)
    [row] = data["certificates"]
    assert row["code"] == issued.display_code
    assert row["verification_url"].endswith(f"/verify/{issued.display_code}/")


def test_the_summary_page_reads_as_the_download_does(learner_client, learner, taken, city):
    other = factories.LearnerFactory(profile__full_name="Someone Else", profile__city=city)

    response = learner_client.get(SUMMARY_URL)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode()
    for expected in (
        learner.learner_profile.full_name,
        learner.email,
        "Awareness",
        "What is radicalisation",
        "Check your understanding",
        "Which statement is right?",
        "The right one",
        "Explain what you would do.",
        ESSAY.replace("'", "&#x27;"),
        "Invitations from your city",
        city.name,
    ):
        assert expected in text, expected
    assert "Someone Else" not in text
    assert other.email not in text
    # Keys and choice ids are for machines (in the JSON file): the page shows titles and texts.
    for machine_key in ("module key", "quiz key", "question id", "selected"):
        assert f"<dt>{machine_key}</dt>" not in text
    assert "Single choice" in text
    before_records = text.split("Learning records")[0]
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:", before_records), "dates are formatted"


def test_the_profile_links_to_the_summary(learner_client):
    response = learner_client.get("/en/accounts/profile/")
    assert SUMMARY_URL in response.content.decode()


def test_the_summary_needs_sign_in(client):
    response = client.get(SUMMARY_URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_titles_come_in_the_learners_language_else_the_source(
    learner_client, learner, module_page, lesson_page
):
    from tests.learning.factories import translate

    translate(module_page, "fr", "FR")
    profile = learner.learner_profile
    profile.preferred_language = "fr"
    profile.save(update_fields=["preferred_language"])
    enrolled = learner_client.post(f"/en/learning/modules/{module_page.translation_key}/enrol/")
    assert enrolled.status_code == 302
    assert learner_client.get(lesson_page.url).status_code == 200

    data = json.loads(learner_client.get(EXPORT_URL).content)

    assert [row["module"] for row in data["module_progress"]] == ["FR Awareness"]
    # The lesson has no French copy: its English title.
    assert [row["lesson"] for row in data["lesson_progress"]] == ["What is radicalisation"]
