"""Reading and checking the LIAISE module files in `courses/content/`.

Kept free of Django imports so that authors can check a file with plain Python
(`python courses/content_schema.py courses/content/module-1.yaml`) before the loader runs.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path
from typing import Any

import yaml

CONTENT_DIR = Path(__file__).resolve().parent / "content"
LESSON_WORDS_MIN = 600
LESSON_WORDS_MAX = 1200
MIN_LESSONS = 4
MIN_QUESTIONS = 10
QUESTION_TYPES = {"single_choice", "multiple_select", "true_false", "essay"}
BLOCK_TYPES = {
    "heading",
    "paragraph",
    "key_points",
    "callout",
    "case_scenario",
    "reflection",
    "checklist",
}
ALLOWED_TAGS = {"p", "ul", "ol", "li", "b", "i"}
_TAG = re.compile(r"</?\s*([a-zA-Z0-9]+)[^>]*>")
_WORD = re.compile(r"[\w\u2019'-]+", re.UNICODE)


def strip_tags(text: str) -> str:
    return html.unescape(_TAG.sub(" ", text))


def count_words(text: str) -> int:
    return len(_WORD.findall(strip_tags(text)))


def block_texts(block: dict[str, Any]) -> list[str]:
    """Every piece of learner-visible text in one lesson block."""
    value = block.get("value")
    if isinstance(value, str):
        return [value]
    texts: list[str] = []
    for item in (value or {}).values():
        if isinstance(item, str):
            texts.append(item)
        elif isinstance(item, list):
            texts.extend(str(x) for x in item)
    return texts


def lesson_word_count(lesson: dict[str, Any]) -> int:
    return sum(count_words(t) for block in lesson.get("body", []) for t in block_texts(block))


def module_files(directory: Path = CONTENT_DIR) -> list[Path]:
    return sorted(directory.glob("module-*.yaml"))


def load_module(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def validate_module(data: dict[str, Any]) -> list[str]:
    """Return the problems found in one module's data; an empty list means it is fit to load."""
    problems: list[str] = []
    for key in ("number", "slug", "title", "summary", "audience", "estimated_minutes"):
        if not data.get(key):
            problems.append(f"module: missing {key}")
    if len(data.get("learning_objectives") or []) < 3:
        problems.append("module: needs at least 3 learning objectives")
    lessons = data.get("lessons") or []
    if len(lessons) < MIN_LESSONS:
        problems.append(f"module: needs at least {MIN_LESSONS} lessons, has {len(lessons)}")
    slugs = [lesson.get("slug") for lesson in lessons]
    if len(set(slugs)) != len(slugs):
        problems.append("module: lesson slugs are not unique")
    for lesson in lessons:
        problems.extend(_validate_lesson(lesson))
    problems.extend(_validate_quiz(data.get("quiz") or {}))
    return problems


def _validate_lesson(lesson: dict[str, Any]) -> list[str]:
    where = f"lesson {lesson.get('slug')}"
    problems = [f"{where}: missing {k}" for k in ("slug", "title", "summary") if not lesson.get(k)]
    types = [block.get("type") for block in lesson.get("body", [])]
    for block_type in types:
        if block_type not in BLOCK_TYPES:
            problems.append(f"{where}: unknown block type {block_type!r}")
    for needed in ("key_points", "reflection", "checklist"):
        if needed not in types:
            problems.append(f"{where}: needs a {needed} block")
    for block in lesson.get("body", []):
        for text in block_texts(block):
            for tag in _TAG.findall(text):
                if tag.lower() not in ALLOWED_TAGS:
                    problems.append(f"{where}: tag <{tag}> is not allowed")
    words = lesson_word_count(lesson)
    if not LESSON_WORDS_MIN <= words <= LESSON_WORDS_MAX:
        problems.append(f"{where}: {words} words, needs {LESSON_WORDS_MIN} to {LESSON_WORDS_MAX}")
    return problems


def _validate_quiz(quiz: dict[str, Any]) -> list[str]:
    problems = [f"quiz: missing {k}" for k in ("slug", "title", "pass_mark") if k not in quiz]
    questions = quiz.get("questions") or []
    if len(questions) < MIN_QUESTIONS:
        problems.append(f"quiz: needs at least {MIN_QUESTIONS} questions, has {len(questions)}")
    if not any(q.get("type") == "essay" for q in questions):
        problems.append("quiz: needs at least one essay question")
    for question in questions:
        problems.extend(_validate_question(question))
    return problems


def _validate_question(question: dict[str, Any]) -> list[str]:
    where = f"question {question.get('id')}"
    kind = question.get("type")
    problems = [
        f"{where}: missing {k}"
        for k in ("id", "prompt", "points", "category", "explanation")
        if not question.get(k)
    ]
    if kind not in QUESTION_TYPES:
        return [*problems, f"{where}: unknown type {kind!r}"]
    if kind in ("single_choice", "multiple_select"):
        choices = question.get("choices") or []
        correct = [c for c in choices if c.get("correct")]
        if len(choices) < 3:
            problems.append(f"{where}: needs at least 3 choices")
        if kind == "single_choice" and len(correct) != 1:
            problems.append(f"{where}: single choice needs exactly one correct choice")
        if kind == "multiple_select" and len(correct) < 2:
            problems.append(f"{where}: multiple select needs two or more correct choices")
        for choice in choices:
            if not choice.get("text") or not choice.get("feedback"):
                problems.append(f"{where}: every choice needs text and feedback")
    elif kind == "true_false":
        if not isinstance(question.get("correct"), bool):
            problems.append(f"{where}: true/false needs correct: true or false")
        if not question.get("feedback_true") or not question.get("feedback_false"):
            problems.append(f"{where}: true/false needs feedback_true and feedback_false")
    elif kind == "essay" and not question.get("marking_guidance"):
        problems.append(f"{where}: essay needs marking_guidance")
    return problems


def main(argv: list[str]) -> int:
    paths = [Path(p) for p in argv] or module_files()
    failed = False
    for path in paths:
        data = load_module(path)
        problems = validate_module(data)
        for lesson in data.get("lessons") or []:
            print(f"{path.name}: {lesson.get('slug')}: {lesson_word_count(lesson)} words")
        print(f"{path.name}: {len((data.get('quiz') or {}).get('questions') or [])} questions")
        for problem in problems:
            print(f"{path.name}: PROBLEM: {problem}")
        failed = failed or bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
