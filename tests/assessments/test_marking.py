"""The marking rules of each question type, including multiple-select partial credit."""

from decimal import Decimal

import pytest

from assessments import marking
from assessments.services import build_question_stream, snapshot_questions
from tests.assessments.factories import (
    Q1_OTHER,
    Q1_RIGHT,
    Q1_WRONG,
    Q2_A,
    Q2_B,
    Q2_C,
    Q2_D,
    sample_questions,
)

SINGLE, MULTIPLE, TRUE_FALSE, ESSAY = snapshot_questions(build_question_stream(sample_questions()))


@pytest.mark.parametrize(
    ("selected", "points", "correct"),
    [
        ([Q1_RIGHT], Decimal(1), True),
        ([Q1_WRONG], Decimal(0), False),
        ([Q1_OTHER], Decimal(0), False),
        ([], Decimal(0), False),
        ([Q1_RIGHT, Q1_WRONG], Decimal(0), False),  # never produced by the form; still no credit
    ],
)
def test_single_choice(selected, points, correct):
    assert marking.mark(SINGLE, selected) == marking.Mark(points, correct)


@pytest.mark.parametrize(
    ("selected", "points", "correct"),
    [
        (["false"], Decimal(1), True),
        (["true"], Decimal(0), False),
        ([], Decimal(0), False),
    ],
)
def test_true_false(selected, points, correct):
    assert marking.mark(TRUE_FALSE, selected) == marking.Mark(points, correct)


@pytest.mark.parametrize(
    ("selected", "points", "correct"),
    [
        # 2 points, two correct choices (A, B) of four: each right tick is worth 1, each wrong -1.
        ([Q2_A, Q2_B], "2.00", True),
        ([Q2_A], "1.00", False),
        ([Q2_A, Q2_C], "0.00", False),
        ([Q2_A, Q2_B, Q2_C], "1.00", False),
        ([Q2_A, Q2_B, Q2_C, Q2_D], "0.00", False),  # ticking everything earns nothing
        ([Q2_C, Q2_D], "0.00", False),  # never below zero
        ([], "0.00", False),
    ],
)
def test_multiple_select_right_minus_wrong(selected, points, correct):
    assert marking.mark(MULTIPLE, selected) == marking.Mark(Decimal(points), correct)


def test_multiple_select_rounds_to_cents():
    question = {
        "id": "x",
        "type": "multiple_select",
        "points": 1,
        "choices": [{"id": str(n), "correct": n < 3} for n in range(5)],
    }
    assert marking.mark(question, ["0"]).points == Decimal("0.33")
    assert marking.mark(question, ["0", "1"]).points == Decimal("0.67")


def test_essay_waits_for_a_trainer_unless_blank():
    assert marking.mark(ESSAY, [], "A thoughtful answer") == marking.Mark(None, None)
    assert marking.mark(ESSAY, [], "   ") == marking.Mark(Decimal(0), False)


def test_totals_pass_mark_pending_and_topics():
    questions = [SINGLE, MULTIPLE, TRUE_FALSE, ESSAY]
    points = {SINGLE["id"]: Decimal(1), MULTIPLE["id"]: Decimal(1), TRUE_FALSE["id"]: Decimal(0)}
    pending = marking.totals(questions, {**points, ESSAY["id"]: None}, pass_mark=50)
    assert (pending.score, pending.max_score, pending.pending, pending.passed) == (
        Decimal(2),
        9,
        1,
        None,
    )
    final = marking.totals(questions, {**points, ESSAY["id"]: Decimal("2.5")}, pass_mark=50)
    assert final.percent == Decimal("50.00")
    assert final.passed is True  # exactly the pass mark passes
    failed = marking.totals(questions, {**points, ESSAY["id"]: Decimal("2.49")}, pass_mark=50)
    assert failed.passed is False
    topics = {row["category"]: row for row in final.categories}
    assert topics["Concepts"]["points"] == 1.0 and topics["Concepts"]["max_points"] == 2
    assert topics["Practice"]["points"] == 3.5 and topics["Practice"]["max_points"] == 7
    # A question never answered scores 0 (it is simply missing from the points).
    assert marking.totals(questions, {}, pass_mark=0).passed is True
