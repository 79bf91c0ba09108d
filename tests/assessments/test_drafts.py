"""Drafts of a quiz: what a failed publish followed by Wagtail's autosave leaves behind.

A trainer who adds a question block and publishes before filling it in sees the validation error;
the editor then autosaves (a background save that defers required fields). That draft must not
keep the empty question, or it comes back on every reload and in the next publish attempt.
"""

import pytest
from wagtail.models import Page

from tests.assessments.test_authoring import _quiz_form, _single

pytestmark = pytest.mark.django_db

EMPTY_ESSAY = (
    "essay",
    {
        "prompt": "",
        "image": "",
        "alt_text": "",
        "points": "1",
        "category": "",
        "explanation": "",
        "marking_guidance": "",
        "min_words": "",
        "max_words": "",
    },
)
# A new single-choice block comes with two empty choices, none ticked.
EMPTY_SINGLE = _single("", ("", False), ("", False))
EMPTY_SINGLE[1]["category"] = ""
HALF_WRITTEN_ESSAY = ("essay", {**EMPTY_ESSAY[1], "prompt": "Describe the referral route."})


def _form(quiz, questions):
    return _quiz_form(questions, title=quiz.title, slug=quiz.slug)


def _autosave(client, quiz, questions):
    """What the editor's autosave sends: a plain save that expects JSON back."""
    return client.post(
        f"/admin/pages/{quiz.pk}/edit/",
        _form(quiz, questions),
        HTTP_ACCEPT="application/json",
    )


def _latest_questions(quiz):
    page = Page.objects.get(pk=quiz.pk).specific
    return [
        (block.block_type, block.value["prompt"])
        for block in page.get_latest_revision_as_object().questions
    ]


@pytest.mark.parametrize("empty", [EMPTY_ESSAY, EMPTY_SINGLE], ids=["essay", "single_choice"])
def test_a_failed_publish_then_autosave_leaves_no_empty_question_in_the_draft(
    trainer_client, quiz, empty
):
    questions = [_single("Kept question?", ("Yes", True), ("No", False)), empty]
    url = f"/admin/pages/{quiz.pk}/edit/"
    essay_in_editor = "&quot;type&quot;: &quot;essay&quot;"
    assert essay_in_editor in trainer_client.get(url).content.decode()  # the factory's essay
    response = trainer_client.post(
        url, {**_form(quiz, questions), "action-publish": "action-publish"}
    )
    assert response.status_code == 200  # shown again with the error, nothing saved
    assert "This field is required" in response.content.decode()

    response = _autosave(trainer_client, quiz, questions)
    assert response.status_code == 200 and response.json()["success"], response.content[:500]

    assert _latest_questions(quiz) == [("single_choice", "Kept question?")]
    reloaded = trainer_client.get(url).content.decode()
    assert "Kept question?" in reloaded
    assert (
        reloaded.count('"type": "essay"') == 0
        and "&quot;type&quot;: &quot;essay&quot;" not in reloaded
    )


def test_a_half_written_question_is_kept_in_the_draft(trainer_client, quiz):
    questions = [_single("Kept question?", ("Yes", True), ("No", False)), HALF_WRITTEN_ESSAY]
    response = _autosave(trainer_client, quiz, questions)
    assert response.json()["success"], response.content[:500]
    assert _latest_questions(quiz) == [
        ("single_choice", "Kept question?"),
        ("essay", "Describe the referral route."),
    ]


def test_publishing_still_refuses_an_empty_question(trainer_client, quiz):
    questions = [_single("Kept question?", ("Yes", True), ("No", False)), EMPTY_ESSAY]
    url = f"/admin/pages/{quiz.pk}/edit/"
    trainer_client.post(url, {**_form(quiz, questions), "action-publish": "action-publish"})
    live = Page.objects.get(pk=quiz.pk).specific
    assert len(live.questions) == 4  # the factory's questions, untouched
