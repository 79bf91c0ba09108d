"""Question streams from the content files, and the snapshot of questions an attempt starts with."""

from __future__ import annotations

import random
from collections.abc import Iterable
from typing import Any

from courses.block_ids import choice_block_id, question_block_id

from ..blocks import CHOICE_TYPES, QUESTION_TYPES, TRUE_FALSE

# Question and choice block ids come from courses.block_ids, the one owner of block ids.

# Building question streams from the content files -----------------------------------------


def build_question_stream(questions: list[dict]) -> list:
    """Raw StreamField data for `QuizPage.questions` from the `quiz.questions` of a module file.

    Block ids derive from the questions' `id` (and a choice's optional `id`, else its position),
    so loading a file again keeps every answer and statistic attached to the same question.
    Authors must therefore never reorder choices of a question that has been answered; add new
    ones at the end, or give choices an explicit `id`.
    """
    stream = []
    for question in questions:
        kind = question["type"]
        if kind not in QUESTION_TYPES:
            raise ValueError(f"{question.get('id')}: unknown question type {kind!r}")
        value: dict[str, Any] = {
            "prompt": question["prompt"],
            "image": None,
            "alt_text": question.get("alt_text", ""),
            "points": int(question.get("points", 1)),
            "category": question.get("category", ""),
            "explanation": question.get("explanation", ""),
            "show_decision_aid": bool(question.get("decision_aid")),
        }
        if kind in CHOICE_TYPES:
            value["choices"] = [
                {
                    "type": "item",
                    "id": choice_block_id(question["id"], choice.get("id", index)),
                    "value": {
                        "text": choice["text"],
                        "correct": bool(choice.get("correct")),
                        "feedback": choice.get("feedback", ""),
                    },
                }
                for index, choice in enumerate(question["choices"])
            ]
        elif kind == TRUE_FALSE:
            value["correct"] = bool(question.get("correct"))
            value["feedback_true"] = question.get("feedback_true", "")
            value["feedback_false"] = question.get("feedback_false", "")
        else:
            value["marking_guidance"] = question.get("marking_guidance", "")
            value["min_words"] = question.get("min_words")
            value["max_words"] = question.get("max_words")
        stream.append({"type": kind, "id": question_block_id(question["id"]), "value": value})
    return stream


# Snapshots: the questions an attempt is started with -------------------------------------------


def snapshot_questions(raw_stream: Iterable[dict]) -> list[dict]:
    """Self-contained copies of a page's questions, answer keys included (server side only)."""
    questions = []
    for block in raw_stream:
        kind = block.get("type")
        if kind not in QUESTION_TYPES or not block.get("id"):
            continue
        value = block.get("value") or {}
        question = {
            "id": str(block["id"]),
            "type": kind,
            "prompt": value.get("prompt", ""),
            "image": value.get("image"),
            "alt_text": value.get("alt_text", ""),
            "points": int(value.get("points") or 1),
            "category": value.get("category", ""),
            "explanation": value.get("explanation", ""),
            "show_decision_aid": bool(value.get("show_decision_aid")),
        }
        if kind in CHOICE_TYPES:
            question["choices"] = [
                {
                    "id": choice_id,
                    "text": item.get("text", ""),
                    "correct": bool(item.get("correct")),
                    "feedback": item.get("feedback", ""),
                }
                for choice_id, item in _list_items(block["id"], value.get("choices") or [])
            ]
        elif kind == TRUE_FALSE:
            question["correct"] = bool(value.get("correct"))
            question["feedback_true"] = value.get("feedback_true", "")
            question["feedback_false"] = value.get("feedback_false", "")
        else:
            question["marking_guidance"] = value.get("marking_guidance", "")
            question["min_words"] = value.get("min_words")
            question["max_words"] = value.get("max_words")
        questions.append(question)
    return questions


def _list_items(block_id: str, items: list) -> list[tuple[str, dict]]:
    """ListBlock items as (id, value); items stored in the pre-2.16 format get a stable id."""
    result = []
    for index, item in enumerate(items):
        if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
            result.append((str(item.get("id") or choice_block_id(block_id, index)), item["value"]))
        elif isinstance(item, dict):
            result.append((choice_block_id(block_id, index), item))
    return result


def draw_questions(
    questions: list[dict],
    *,
    draw_count: int | None = None,
    shuffle_questions: bool = False,
    shuffle_choices: bool = False,
    rng: random.Random | None = None,
) -> list[dict]:
    """The questions of one attempt: drawn at random and shuffled as the quiz's settings say."""
    rng = rng or random.SystemRandom()
    indexed = list(enumerate(questions))
    if draw_count and draw_count < len(indexed):
        indexed = rng.sample(indexed, draw_count)
        if not shuffle_questions:
            indexed.sort(key=lambda pair: pair[0])
    elif shuffle_questions:
        rng.shuffle(indexed)
    drawn = []
    for _index, question in indexed:
        question = dict(question)
        if shuffle_choices and question.get("choices"):
            question["choices"] = rng.sample(question["choices"], len(question["choices"]))
        drawn.append(question)
    return drawn
