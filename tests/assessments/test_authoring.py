"""Authoring quizzes: question blocks, settings and their validation in the Wagtail admin."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.blocks import StreamValue
from wagtail.images.tests.utils import get_test_image_file
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield
from wagtail_factories import ImageFactory

from assessments.blocks import MultipleSelectBlock, QuestionStreamBlock, SingleChoiceBlock
from assessments.models import QuizPage
from assessments.services import build_question_stream, question_block_id
from tests.assessments.factories import QuizPageFactory, sample_questions

pytestmark = pytest.mark.django_db


def _choices(*specs):
    """ListBlock form data: (text, correct) pairs."""
    data = {
        str(index): {
            "value": {"text": text, "correct": "on" if correct else "", "feedback": ""},
            "id": "",
            "deleted": "",
            "order": str(index),
        }
        for index, (text, correct) in enumerate(specs)
    }
    data["count"] = str(len(specs))
    return data


def _quiz_form(questions, **overrides):
    data = {
        "title": "New quiz",
        "slug": "new-quiz",
        "intro": rich_text("<p>Intro</p>"),
        "questions": streamfield(questions),
        "purpose": "module_quiz",
        "layout": "per_question",
        "feedback_timing": "at_end",
        "cooldown_minutes": "0",
        "pass_mark": "70",
        "success_text": rich_text(""),
        "fail_text": rich_text(""),
        "comments": {
            "TOTAL_FORMS": "0",
            "INITIAL_FORMS": "0",
            "MIN_NUM_FORMS": "0",
            "MAX_NUM_FORMS": "1000",
        },
    }
    data.update(overrides)
    return nested_form_data(data)


def _single(prompt, *choices):
    return (
        "single_choice",
        {
            "prompt": prompt,
            "alt_text": "",
            "points": "1",
            "category": "Topic",
            "explanation": "",
            "choices": _choices(*choices),
        },
    )


def test_trainer_creates_a_quiz_in_the_admin(trainer_client, module_page):
    url = f"/admin/pages/add/assessments/quizpage/{module_page.pk}/"
    assert trainer_client.get(url).status_code == 200
    response = trainer_client.post(url, _quiz_form([_single("Q?", ("Yes", True), ("No", False))]))
    assert response.status_code == 302, response.content.decode()[:2000]
    quiz = QuizPage.objects.get(slug="new-quiz")
    assert quiz.questions[0].block_type == "single_choice"
    assert quiz.questions[0].id  # every question gets a block id


def test_admin_refuses_a_choice_question_without_a_correct_choice(trainer_client, module_page):
    url = f"/admin/pages/add/assessments/quizpage/{module_page.pk}/"
    response = trainer_client.post(url, _quiz_form([_single("Q?", ("Yes", False), ("No", False))]))
    assert response.status_code == 200  # the editor is shown again with the error
    assert not QuizPage.objects.filter(slug="new-quiz").exists()
    assert "exactly one correct choice" in response.content.decode()


def test_admin_refuses_a_pass_mark_above_100(trainer_client, module_page):
    url = f"/admin/pages/add/assessments/quizpage/{module_page.pk}/"
    form = _quiz_form([_single("Q?", ("Yes", True), ("No", False))], pass_mark="101")
    trainer_client.post(url, form)
    assert not QuizPage.objects.filter(slug="new-quiz").exists()


def test_admin_allows_one_end_of_module_quiz_per_module(trainer_client, module_page, quiz):
    url = f"/admin/pages/add/assessments/quizpage/{module_page.pk}/"
    form = _quiz_form([_single("Q?", ("Yes", True), ("No", False))])
    response = trainer_client.post(url, form)
    assert "already has an end-of-module quiz" in response.content.decode()
    form = _quiz_form([_single("Q?", ("Yes", True), ("No", False))], purpose="lesson_check")
    assert trainer_client.post(url, form).status_code == 302


def _clean(block, value):
    return block.clean(block.to_python(value))


def test_single_choice_needs_exactly_one_correct_choice():
    block = SingleChoiceBlock()
    value = build_question_stream(sample_questions()[:1])[0]["value"]
    _clean(block, value)
    for item in value["choices"]:
        item["value"]["correct"] = False
    with pytest.raises(ValidationError):
        _clean(block, value)
    for item in value["choices"]:
        item["value"]["correct"] = True
    with pytest.raises(ValidationError):
        _clean(block, value)


def test_multiple_select_needs_at_least_one_correct_choice():
    block = MultipleSelectBlock()
    value = build_question_stream(sample_questions()[1:2])[0]["value"]
    _clean(block, value)
    for item in value["choices"]:
        item["value"]["correct"] = False
    with pytest.raises(ValidationError):
        _clean(block, value)


def test_an_image_needs_alternative_text():
    image = ImageFactory(file=get_test_image_file())
    block = SingleChoiceBlock()
    value = build_question_stream(sample_questions()[:1])[0]["value"]
    value["image"] = image.pk
    with pytest.raises(ValidationError) as error:
        _clean(block, value)
    assert "alt_text" in error.value.block_errors
    value["alt_text"] = "A chart of referrals by month"
    _clean(block, value)


def test_quiz_settings_are_validated(quiz):
    quiz.pass_mark = 101
    with pytest.raises(ValidationError) as error:
        quiz.full_clean()
    assert "pass_mark" in error.value.message_dict
    quiz.pass_mark = 70
    quiz.draw_count = 5  # only four questions
    with pytest.raises(ValidationError) as error:
        quiz.full_clean()
    assert "draw_count" in error.value.message_dict
    quiz.draw_count = 2
    quiz.layout = QuizPage.Layout.ONE_PAGE
    quiz.feedback_timing = QuizPage.FeedbackTiming.AFTER_EACH
    with pytest.raises(ValidationError) as error:
        quiz.full_clean()
    assert "feedback_timing" in error.value.message_dict
    quiz.layout = QuizPage.Layout.ONE_QUESTION_PER_PAGE
    quiz.full_clean()


def test_build_question_stream_maps_the_content_format_with_stable_ids():
    questions = sample_questions()
    stream = build_question_stream(questions)
    assert stream == build_question_stream(questions)  # the same ids on every load
    assert [block["type"] for block in stream] == [q["type"] for q in questions]
    assert stream[0]["id"] == question_block_id("t-q1")
    assert len({block["id"] for block in stream}) == 4
    single = stream[0]["value"]
    assert single["choices"][0]["value"] == {
        "text": "The right one",
        "correct": True,
        "feedback": "FEEDBACK-Q1-RIGHT",
    }
    true_false = stream[2]["value"]
    assert true_false["correct"] is False
    assert true_false["feedback_true"] == "FEEDBACK-Q3-TRUE"
    assert stream[3]["value"]["marking_guidance"] == "GUIDANCE-Q4"
    # The stream validates as the admin would validate it.
    block = QuestionStreamBlock()
    block.clean(block.to_python(stream))
    with pytest.raises(ValueError):
        build_question_stream([{"id": "x", "type": "matching", "prompt": "?"}])


def test_block_ids_survive_saving_the_page(module_page):
    quiz = QuizPageFactory(parent=module_page)
    quiz.save_revision().publish()
    quiz = QuizPage.objects.get(pk=quiz.pk)
    assert isinstance(quiz.questions, StreamValue)
    assert [child.id for child in quiz.questions] == [
        question_block_id(f"t-q{n}") for n in range(1, 5)
    ]
    choices = quiz.questions[0].value["choices"]
    assert [item.id for item in choices.bound_blocks] == [
        c["id"] for c in build_question_stream(sample_questions())[0]["value"]["choices"]
    ]


def test_the_content_files_quizzes_pass_the_editor_validation():
    from courses.content_schema import load_module, module_files

    block = QuestionStreamBlock()
    for path in module_files():
        questions = load_module(path)["quiz"]["questions"]
        stream = build_question_stream(questions)
        block.clean(block.to_python(stream))
        assert len({item["id"] for item in stream}) == len(questions), path.name


def test_trainer_opens_a_quiz_in_the_editor(trainer_client, quiz):
    response = trainer_client.get(f"/admin/pages/{quiz.pk}/edit/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Quiz settings" in content and "Which statement is right?" in content


def test_wagtail_localize_translates_questions_and_keeps_their_ids(quiz, trainer):
    from wagtail.models import Locale
    from wagtail_localize.models import StringSegment, TranslationSource
    from wagtail_localize.operations import TranslationCreator

    french = Locale.objects.get(language_code="fr")
    TranslationCreator(trainer, [french]).create_translations(quiz.get_parent())
    TranslationCreator(trainer, [french]).create_translations(quiz)
    translated = QuizPage.objects.get(translation_key=quiz.translation_key, locale=french)
    assert [b.id for b in translated.questions] == [b.id for b in quiz.questions]
    source = TranslationSource.objects.get_for_instance(quiz)
    strings = set(
        StringSegment.objects.filter(source=source).values_list("string__data", flat=True)
    )
    # Prompts, choices, feedback and explanations are offered to translators...
    assert {"Which statement is right?", "The right one", "FEEDBACK-Q1-RIGHT"} <= strings
    # ...while the settings are synchronised from the source, never translated.
    assert "50" not in strings
