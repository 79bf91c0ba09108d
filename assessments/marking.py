"""How answers are scored: on the server, from the questions an attempt was started with.

Rules, per question type:

- **Single choice**: full points for the one correct choice, otherwise 0.
- **True/false**: full points for the right value, otherwise 0.
- **Multiple select**, partial credit "right minus wrong": each correct choice ticked earns a share
  of the points, each incorrect choice ticked takes one share away, and the result never drops
  below zero::

      credit = max(0, (correct ticked - incorrect ticked) / number of correct choices)
      points = question points x credit, rounded half up to two decimals

  Ticking every box therefore earns nothing when there are at least as many wrong choices as
  right ones, and an answer only counts as *fully correct* (for item statistics) when exactly the
  correct choices are ticked.
- **Essay**: waits for a trainer (points stay empty) unless the answer is blank, which scores 0
  straight away so that nobody has to mark an empty answer.

An attempt's percentage is its points over the points of the questions drawn for it; it passes
when that percentage reaches the pass mark, which is only decided once nothing is left to mark.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .blocks import ESSAY, MULTIPLE_SELECT, SINGLE_CHOICE, TRUE_FALSE

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Mark:
    points: Decimal | None  # None: waiting for a trainer
    is_correct: bool | None


@dataclass(frozen=True)
class Totals:
    score: Decimal
    max_score: int
    percent: Decimal
    pending: int
    passed: bool | None
    categories: list[dict]
    # Pass or fail already certain while answers wait for a trainer: the marked points reach the
    # pass mark, or cannot reach it even if every pending answer gets full marks. None otherwise.
    decided: bool | None = None


def correct_choice_ids(question: Mapping) -> set[str]:
    if question["type"] == TRUE_FALSE:
        return {"true" if question.get("correct") else "false"}
    return {choice["id"] for choice in question.get("choices", []) if choice.get("correct")}


def mark(question: Mapping, selected: Sequence[str], text: str = "") -> Mark:
    """The points one answer earns (see the module docstring for the rules)."""
    points = Decimal(int(question.get("points") or 0))
    kind = question["type"]
    if kind == ESSAY:
        if not text.strip():
            return Mark(Decimal("0.00"), False)
        return Mark(None, None)
    chosen = set(selected)
    correct = correct_choice_ids(question)
    if kind in (SINGLE_CHOICE, TRUE_FALSE):
        right = len(chosen) == 1 and chosen <= correct
        return Mark(points if right else Decimal("0.00"), right)
    if kind == MULTIPLE_SELECT:
        if not correct:
            return Mark(Decimal("0.00"), False)
        net = len(chosen & correct) - len(chosen - correct)
        credit = max(Decimal(0), Decimal(net) / Decimal(len(correct)))
        return Mark((points * credit).quantize(CENT, ROUND_HALF_UP), chosen == correct)
    raise ValueError(f"Unknown question type {kind!r}")


def totals(
    questions: Iterable[Mapping], points_by_question: Mapping[str, Decimal | None], pass_mark: int
) -> Totals:
    """Score, percentage, pass/fail and per-topic scores of an attempt's questions.

    `points_by_question` maps a question id to its points, None when still to be marked; a
    question missing from it scores 0 (never answered).
    """
    score = Decimal(0)
    max_score = 0
    pending = 0
    categories: dict[str, list] = {}
    for question in questions:
        question_points = int(question.get("points") or 0)
        awarded = points_by_question.get(question["id"], Decimal(0))
        max_score += question_points
        category = categories.setdefault(question.get("category") or "", [Decimal(0), 0, 0])
        category[1] += question_points
        if awarded is None:
            pending += 1
            category[2] += 1
            continue
        score += awarded
        category[0] += awarded
    percent = (score * 100 / max_score).quantize(CENT, ROUND_HALF_UP) if max_score else Decimal(0)
    passed = None if pending else score * 100 >= Decimal(pass_mark) * max_score
    pending_points = sum(
        int(q.get("points") or 0) for q in questions if points_by_question.get(q["id"], 0) is None
    )
    decided = passed
    if pending and score * 100 >= Decimal(pass_mark) * max_score:
        decided = True
    elif pending and (score + pending_points) * 100 < Decimal(pass_mark) * max_score:
        decided = False
    return Totals(
        score=score.quantize(CENT),
        max_score=max_score,
        percent=percent,
        pending=pending,
        passed=passed,
        decided=decided,
        categories=[
            {
                "category": name,
                "points": float(values[0]),
                "max_points": values[1],
                "percent": float((values[0] * 100 / values[1]).quantize(CENT)) if values[1] else 0,
                "pending": values[2],
            }
            for name, values in categories.items()
        ],
    )
