"""A module with lessons and an end-of-module quiz, and helpers to take the quiz."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import QueryDict
from wagtail.models import Locale

from assessments import services as quiz_services
from assessments.forms import answer_field_name
from assessments.models import Attempt, QuizPage
from assessments.services import build_question_stream, choice_block_id, question_block_id
from courses.models import CataloguePage, LessonPage, ModulePage
from tests.assessments.factories import QuizPageFactory, choice_questions
from tests.factories import LessonPageFactory, ModulePageFactory

QUESTIONS = 2


@dataclass
class Course:
    module: ModulePage
    lessons: list[LessonPage]
    quiz: QuizPage


def make_course(
    catalogue: CataloguePage,
    *,
    lessons: int = 3,
    optional: int = 0,
    number: int = 1,
    slug: str = "awareness",
) -> Course:
    """A live module: `lessons` required lessons, `optional` optional ones, a module quiz."""
    module = ModulePageFactory(parent=catalogue, title=f"Module {slug}", slug=slug, number=number)
    pages = [
        LessonPageFactory(parent=module, title=f"Lesson {i} of {slug}", slug=f"lesson-{i}")
        for i in range(1, lessons + 1)
    ]
    pages += [
        LessonPageFactory(
            parent=module, title=f"Optional {i} of {slug}", slug=f"optional-{i}", required=False
        )
        for i in range(1, optional + 1)
    ]
    quiz = QuizPageFactory(
        parent=module,
        title=f"Quiz of {slug}",
        slug="module-quiz",
        questions=build_question_stream(choice_questions(QUESTIONS)),
        layout=QuizPage.Layout.ONE_PAGE,
        pass_mark=50,
        purpose=QuizPage.Purpose.MODULE_QUIZ,
    )
    return Course(module=module, lessons=pages, quiz=quiz)


def answers(passing: bool) -> dict[str, list[str]]:
    """Every question right (choice 0) or every one wrong (choice 1)."""
    choice = 0 if passing else 1
    return {
        question_block_id(f"n-q{i}"): [choice_block_id(f"n-q{i}", choice)]
        for i in range(1, QUESTIONS + 1)
    }


def take_quiz(user, quiz: QuizPage, *, passing: bool) -> Attempt:
    """Start and submit an attempt through the quiz services (the views call the same)."""
    attempt = quiz_services.start_attempt(user, quiz)
    data = QueryDict(mutable=True)
    data["action"] = "submit"
    for question_id, values in answers(passing).items():
        data.setlist(answer_field_name(question_id), values)
    quiz_services.save_page(user, attempt.pk, 1, data)
    attempt.refresh_from_db()
    return attempt


def translate(page, language: str = "fr", title_prefix: str = "FR"):
    """A published translation of `page` (parents copied as wagtail-localize would)."""
    copy = page.copy_for_translation(Locale.objects.get(language_code=language), copy_parents=True)
    copy.title = f"{title_prefix} {page.title}"
    copy.save_revision().publish()
    return type(page).objects.get(pk=copy.pk)
