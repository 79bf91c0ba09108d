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
MIN_QUESTIONS = 20
QUIZ_DRAW_COUNT = 12
# Quiz balance: past these shares a learner can pass by guessing from the options' shape.
MAX_LONGEST_CORRECT_SHARE = 0.40
MAX_POSITION_SHARE = 0.40
TRUE_SHARE_RANGE = (0.30, 0.70)
# Two prompts in different modules this similar ask the same thing twice.
NEAR_DUPLICATE_SIMILARITY = 0.3
QUESTION_TYPES = {"single_choice", "multiple_select", "true_false", "essay"}
BLOCK_TYPES = {
    "heading",
    "paragraph",
    "key_points",
    "callout",
    "case_scenario",
    "reflection",
    "checklist",
    "sources",
    "decision_aid",
    "in_your_city",
}
# Blocks that carry references or a shared aid, not the lesson's own teaching text.
UNCOUNTED_BLOCK_TYPES = {"sources", "decision_aid", "in_your_city"}
# The route card sections an `in_your_city` block can show (network.blocks.SECTIONS).
CITY_SECTIONS = {"emergency", "referral", "advice", "data_protection", "strategy", "training"}
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
    return sum(
        count_words(t)
        for block in lesson.get("body", [])
        if block.get("type") not in UNCOUNTED_BLOCK_TYPES
        for t in block_texts(block)
    )


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
    for needed in ("key_points", "reflection", "checklist", "sources"):
        if needed not in types:
            problems.append(f"{where}: needs a {needed} block")
    sections = [
        (block.get("value") or {}).get("section")
        for block in lesson.get("body", [])
        if block.get("type") == "in_your_city"
    ]
    if len(sections) != len(set(sections)):
        problems.append(f"{where}: each route card section appears once per lesson")
    for block in lesson.get("body", []):
        if block.get("type") == "sources":
            problems.extend(_validate_sources(block.get("value") or {}, where))
            continue
        if block.get("type") == "decision_aid":
            continue
        if block.get("type") == "in_your_city":
            section = (block.get("value") or {}).get("section")
            if section not in CITY_SECTIONS:
                problems.append(
                    f"{where}: in_your_city needs a section, one of {sorted(CITY_SECTIONS)}"
                )
            continue
        for text in block_texts(block):
            for tag in _TAG.findall(text):
                if tag.lower() not in ALLOWED_TAGS:
                    problems.append(f"{where}: tag <{tag}> is not allowed")
    words = lesson_word_count(lesson)
    if not LESSON_WORDS_MIN <= words <= LESSON_WORDS_MAX:
        problems.append(f"{where}: {words} words, needs {LESSON_WORDS_MIN} to {LESSON_WORDS_MAX}")
    return problems


def _validate_sources(value: dict[str, Any], where: str) -> list[str]:
    items = value.get("items") or []
    if not items:
        return [f"{where}: a sources block needs at least one item"]
    problems = []
    for item in items:
        missing = [k for k in ("title", "publisher", "year") if not item.get(k)]
        if missing:
            problems.append(f"{where}: source {item.get('title')!r} misses {', '.join(missing)}")
        elif not isinstance(item["year"], int) or not 1900 <= item["year"] <= 2100:
            problems.append(f"{where}: source {item['title']!r} needs a four-digit year")
        url = item.get("url") or ""
        if url and not url.startswith("https://"):
            problems.append(f"{where}: source {item['title']!r} needs an https:// address or none")
    return problems


def _validate_quiz(quiz: dict[str, Any]) -> list[str]:
    problems = [f"quiz: missing {k}" for k in ("slug", "title", "pass_mark") if k not in quiz]
    questions = quiz.get("questions") or []
    if len(questions) < MIN_QUESTIONS:
        problems.append(f"quiz: needs at least {MIN_QUESTIONS} questions, has {len(questions)}")
    if not any(q.get("type") == "essay" for q in questions):
        problems.append("quiz: needs at least one essay question")
    if quiz.get("draw_count") != QUIZ_DRAW_COUNT:
        problems.append(
            f"quiz: draw_count must be {QUIZ_DRAW_COUNT} (each attempt draws from the bank)"
        )
    for flag in ("random_question_order", "random_choice_order"):
        if quiz.get(flag) is not True:
            problems.append(f"quiz: {flag} must be true")
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
    elif kind == "essay":
        if not question.get("marking_guidance"):
            problems.append(f"{where}: essay needs marking_guidance")
        low, high = question.get("min_words"), question.get("max_words")
        if not (isinstance(low, int) and isinstance(high, int) and 0 < low < high):
            problems.append(f"{where}: essay needs min_words < max_words (whole numbers)")
    if "decision_aid" in question and not isinstance(question["decision_aid"], bool):
        problems.append(f"{where}: decision_aid is true or false")
    return problems


# The whole course ---------------------------------------------------------------------------


def place_texts(data: dict[str, Any]) -> dict[str, str]:
    """Every lesson (by slug) and quiz question (by id) with all its learner-visible text."""
    places = {}
    for lesson in data.get("lessons") or []:
        parts = [lesson.get("title", ""), lesson.get("summary", "")]
        for block in lesson.get("body", []):
            if block.get("type") not in UNCOUNTED_BLOCK_TYPES:
                parts.extend(block_texts(block))
        places[str(lesson.get("slug"))] = strip_tags(" ".join(parts))
    for question in (data.get("quiz") or {}).get("questions") or []:
        parts = [
            str(question.get(key, ""))
            for key in ("prompt", "explanation", "feedback_true", "feedback_false")
        ]
        for choice in question.get("choices") or []:
            parts += [str(choice.get("text", "")), str(choice.get("feedback", ""))]
        places[str(question.get("id"))] = strip_tags(" ".join(parts))
    return places


def _first_name(name: str) -> str:
    return name.split()[0] if name.split() else ""


def _mentions(text: str, first_name: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(first_name)}(?![\w-])", text) is not None


def validate_cast(modules: list[dict[str, Any]]) -> list[str]:
    """Each named person is one cast entry, named only where the cast says.

    A first name shared by two cast ids would be two people with one name (the recycled
    "Daniel" of earlier versions); the same id in two modules is a deliberate thread.
    """
    problems: list[str] = []
    ids_by_first_name: dict[str, set[str]] = {}
    name_by_id: dict[str, str] = {}
    for data in modules:
        where = f"module {data.get('number')}"
        for person in data.get("cast") or []:
            missing = [k for k in ("id", "name", "role", "appears_in") if not person.get(k)]
            if missing:
                problems.append(f"{where}: cast entry {person!r} misses {', '.join(missing)}")
                continue
            if name_by_id.setdefault(person["id"], person["name"]) != person["name"]:
                problems.append(
                    f"{where}: cast id {person['id']!r} is {person['name']!r} here and "
                    f"{name_by_id[person['id']]!r} elsewhere"
                )
            ids_by_first_name.setdefault(_first_name(person["name"]), set()).add(person["id"])
    for first_name, ids in sorted(ids_by_first_name.items()):
        if len(ids) > 1:
            problems.append(f"cast: the name {first_name!r} is used for {len(ids)} people: {ids}")
    for data in modules:
        where = f"module {data.get('number')}"
        places = place_texts(data)
        listed = {
            (_first_name(p["name"]), place)
            for p in data.get("cast") or []
            if p.get("name")
            for place in p.get("appears_in") or []
        }
        for first_name, place in sorted(listed):
            if place not in places:
                problems.append(f"{where}: cast {first_name!r} appears_in unknown {place!r}")
            elif not _mentions(places[place], first_name):
                problems.append(f"{where}: cast {first_name!r} is not named in {place!r}")
        for place, text in places.items():
            for first_name in ids_by_first_name:
                if _mentions(text, first_name) and (first_name, place) not in listed:
                    problems.append(
                        f"{where}: {first_name!r} is named in {place!r} but the module's "
                        "cast does not list it there"
                    )
    return problems


def quiz_balance(questions: list[dict[str, Any]]) -> dict[str, Any]:
    """How guessable a bank is from the shape of its options, before any shuffling."""
    single = [q for q in questions if q.get("type") == "single_choice"]
    longest, positions = 0, {}
    for question in single:
        choices = question.get("choices") or []
        right = next(i for i, c in enumerate(choices) if c.get("correct"))
        lengths = [len(strip_tags(str(c.get("text", ""))).strip()) for c in choices]
        longest += lengths[right] == max(lengths)
        positions[right + 1] = positions.get(right + 1, 0) + 1
    true_false = [q for q in questions if q.get("type") == "true_false"]
    return {
        "single_choice": len(single),
        "longest_correct_share": longest / len(single) if single else 0.0,
        "positions": dict(sorted(positions.items())),
        "max_position_share": max(positions.values()) / len(single) if single else 0.0,
        "true_false": len(true_false),
        "true_share": (
            sum(1 for q in true_false if q.get("correct")) / len(true_false) if true_false else 0.5
        ),
        "by_type": {
            kind: sum(1 for q in questions if q.get("type") == kind)
            for kind in sorted(QUESTION_TYPES)
        },
    }


def balance_problems(label: str, balance: dict[str, Any]) -> list[str]:
    problems = []
    if balance["longest_correct_share"] > MAX_LONGEST_CORRECT_SHARE:
        problems.append(
            f"{label}: the correct answer is the longest option in "
            f"{balance['longest_correct_share']:.0%} of single-choice items"
        )
    if balance["max_position_share"] > MAX_POSITION_SHARE:
        problems.append(f"{label}: correct positions are skewed {balance['positions']}")
    low, high = TRUE_SHARE_RANGE
    if not low <= balance["true_share"] <= high:
        problems.append(f"{label}: {balance['true_share']:.0%} of true/false items are true")
    return problems


_STOPWORDS_TEXT = (
    "a an and are as at be but by can do does for from has have her his how in is it its of on "
    "or she that the their them they this to what when which who why with you your about "
    "after best most should would could into than then there these those will"
)
_STOPWORDS = frozenset(_STOPWORDS_TEXT.split())


def _question_words(question: dict[str, Any]) -> set[str]:
    """Word stems of a question's prompt and its correct answers: what the item asks about."""
    correct = " ".join(
        str(c.get("text", "")) for c in question.get("choices") or [] if c.get("correct")
    )
    text = strip_tags(f"{question.get('prompt', '')} {correct}").lower()
    return {w[:6] for w in _WORD.findall(text) if len(w) > 2 and w not in _STOPWORDS}


def near_duplicate_prompts(modules: list[dict[str, Any]]) -> list[tuple[str, str, float]]:
    """Pairs of questions from different modules that ask about much the same words."""
    items = [
        (data.get("number"), q["id"], _question_words(q))
        for data in modules
        for q in (data.get("quiz") or {}).get("questions") or []
    ]
    pairs = []
    for i, (module_a, id_a, words_a) in enumerate(items):
        for module_b, id_b, words_b in items[i + 1 :]:
            if module_a == module_b or not words_a or not words_b:
                continue
            similarity = len(words_a & words_b) / len(words_a | words_b)
            if similarity >= NEAR_DUPLICATE_SIMILARITY:
                pairs.append((id_a, id_b, round(similarity, 2)))
    return pairs


def validate_course(modules: list[dict[str, Any]]) -> list[str]:
    """Checks that need every module at once: the cast across modules."""
    return validate_cast(modules)


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
        balance = quiz_balance((data.get("quiz") or {}).get("questions") or [])
        print(f"{path.name}: quiz balance {balance}")
    modules = [load_module(p) for p in module_files()]
    course_problems = validate_course(modules)
    everything = [q for m in modules for q in (m.get("quiz") or {}).get("questions") or []]
    course_problems += balance_problems("course", quiz_balance(everything))
    course_problems += [
        f"near-duplicate prompts {a} ~ {b} ({s})" for a, b, s in near_duplicate_prompts(modules)
    ]
    for problem in course_problems:
        print(f"course: PROBLEM: {problem}")
    return 1 if failed or course_problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
