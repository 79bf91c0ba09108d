"""Quizzes for tests: a small quiz with every question type, and bigger ones on demand."""

from __future__ import annotations

import factory
import wagtail_factories
from allauth.mfa.models import Authenticator

from assessments.models import QuizPage
from assessments.services import build_question_stream, choice_block_id, question_block_id
from tests.factories import TrainerFactory

# Marker strings that must never reach a learner before submission.
SECRETS = (
    "EXPLAIN-Q1",
    "FEEDBACK-Q1-RIGHT",
    "FEEDBACK-Q1-WRONG",
    "EXPLAIN-Q2",
    "FEEDBACK-Q2-A",
    "FEEDBACK-Q2-C",
    "EXPLAIN-Q3",
    "FEEDBACK-Q3-TRUE",
    "FEEDBACK-Q3-FALSE",
    "EXPLAIN-Q4",
    "GUIDANCE-Q4",
)


def sample_questions() -> list[dict]:
    """Four questions in the content files' format: one of each type, 9 points in all."""
    return [
        {
            "id": "t-q1",
            "type": "single_choice",
            "prompt": "Which statement is right?",
            "points": 1,
            "category": "Concepts",
            "explanation": "EXPLAIN-Q1",
            "choices": [
                {"text": "The right one", "correct": True, "feedback": "FEEDBACK-Q1-RIGHT"},
                {"text": "A wrong one", "correct": False, "feedback": "FEEDBACK-Q1-WRONG"},
                {"text": "Another wrong one", "correct": False, "feedback": ""},
            ],
        },
        {
            "id": "t-q2",
            "type": "multiple_select",
            "prompt": "Which of these apply?",
            "points": 2,
            "category": "Practice",
            "explanation": "EXPLAIN-Q2",
            "choices": [
                {"text": "Apply A", "correct": True, "feedback": "FEEDBACK-Q2-A"},
                {"text": "Apply B", "correct": True, "feedback": ""},
                {"text": "Wrong C", "correct": False, "feedback": "FEEDBACK-Q2-C"},
                {"text": "Wrong D", "correct": False, "feedback": ""},
            ],
        },
        {
            "id": "t-q3",
            "type": "true_false",
            "prompt": "There is a typical profile.",
            "correct": False,
            "points": 1,
            "category": "Concepts",
            "explanation": "EXPLAIN-Q3",
            "feedback_true": "FEEDBACK-Q3-TRUE",
            "feedback_false": "FEEDBACK-Q3-FALSE",
        },
        {
            "id": "t-q4",
            "type": "essay",
            "prompt": "Explain what you would do.",
            "points": 5,
            "category": "Practice",
            "explanation": "EXPLAIN-Q4",
            "marking_guidance": "GUIDANCE-Q4",
        },
    ]


def choice_questions(count: int, prefix: str = "n") -> list[dict]:
    """`count` single-choice questions, the first choice right: for size-independent checks."""
    return [
        {
            "id": f"{prefix}-q{index}",
            "type": "single_choice",
            "prompt": f"Question number {index}?",
            "points": 1,
            "category": "Topic A" if index % 2 else "Topic B",
            "explanation": f"EXPLAIN-{prefix}-{index}",
            "choices": [
                {"text": "Yes", "correct": True, "feedback": f"FEEDBACK-{prefix}-{index}"},
                {"text": "No", "correct": False, "feedback": ""},
            ],
        }
        for index in range(1, count + 1)
    ]


# Block ids of sample_questions(), as the loader derives them.
Q1, Q2, Q3, Q4 = (question_block_id(f"t-q{n}") for n in range(1, 5))
Q1_RIGHT, Q1_WRONG, Q1_OTHER = (choice_block_id("t-q1", i) for i in range(3))
Q2_A, Q2_B, Q2_C, Q2_D = (choice_block_id("t-q2", i) for i in range(4))


class QuizPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = QuizPage

    title = factory.Sequence(lambda n: f"Quiz {n}")
    slug = factory.Sequence(lambda n: f"quiz-{n}")
    intro = "<p>Answer the questions.</p>"
    questions = factory.LazyFunction(lambda: build_question_stream(sample_questions()))
    pass_mark = 50
    success_text = "<p>SUCCESS-TEXT</p>"
    fail_text = "<p>FAIL-TEXT</p>"
    feedback_timing = QuizPage.FeedbackTiming.AT_END
    layout = QuizPage.Layout.ONE_QUESTION_PER_PAGE


class AdminTrainerFactory(TrainerFactory):
    """A trainer who has set up two-factor authentication, so the admin lets them in."""

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        if create:
            Authenticator.objects.create(
                user=self, type=Authenticator.Type.TOTP, data={"secret": "x"}
            )


def module_quiz_that_completes(module_page, learner, questions: list[dict], layout: str):
    """The module's quiz, whose pass completes the module: the learner has done its only lesson,
    and a second module keeps the programme unfinished (no programme certificate)."""
    from lms.learning.services import complete_lesson
    from tests.factories import LessonPageFactory, ModulePageFactory

    quiz = QuizPageFactory(
        parent=module_page,
        slug="module-quiz",
        purpose=QuizPage.Purpose.MODULE_QUIZ,
        questions=build_question_stream(questions),
        layout=layout,
        pass_mark=50,
    )
    lesson = LessonPageFactory(parent=module_page, title="The lesson", slug="the-lesson")
    complete_lesson(learner, lesson, language="en")
    ModulePageFactory(parent=module_page.get_parent(), title="Second", number=2, slug="second")
    return quiz
