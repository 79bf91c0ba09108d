"""Confidence before and after each module, in aggregate only (lms/learning/confidence.py).

A module's figures are shown only when each phase has at least MIN_ANSWERS answers, so no one's
answers can be read off a small group. The network figures add up, per module and phase, only the
cities that reach the threshold themselves: otherwise subtracting the shown cities from the network
total would reveal a small city's few answers. One aggregate query per dashboard, whatever the
number of answers; no per-learner row is ever read (the answers have no learner anyway).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from uuid import UUID

from django.db.models import Count, Sum
from django.utils.functional import Promise

from lms.learning.confidence import SCORE_FIELDS, STATEMENTS
from lms.learning.models import ConfidenceAnswer, ConfidencePhase

from .modules import Module

MIN_ANSWERS = 5
BEFORE, AFTER = ConfidencePhase.BEFORE.value, ConfidencePhase.AFTER.value
TENTH = Decimal("0.1")


@dataclass
class Totals:
    """The sum of each statement's scores and the number of answers, for one phase."""

    count: int = 0
    sums: tuple[int, ...] = (0,) * len(SCORE_FIELDS)

    def add(self, count: int, sums: Sequence[int]) -> Totals:
        added = tuple(a + b for a, b in zip(self.sums, sums, strict=True))
        return Totals(self.count + count, added)

    def mean(self, index: int) -> Decimal:
        return _tenths(Decimal(self.sums[index]) / self.count)

    @property
    def overall(self) -> Decimal:
        """The mean of all five statements (every answer has all five)."""
        return _tenths(Decimal(sum(self.sums)) / (self.count * len(self.sums)))


@dataclass
class StatementRow:
    statement: str | Promise
    before: Decimal
    after: Decimal

    @property
    def change(self) -> Decimal:
        return self.after - self.before


@dataclass
class ModuleConfidence:
    """One module's figures; `rows` stay empty unless both phases reach the threshold."""

    module: Module
    before_count: int = 0
    after_count: int = 0
    rows: list[StatementRow] | None = None
    overall: StatementRow | None = None

    @property
    def shown(self) -> bool:
        return self.rows is not None


def _tenths(value: Decimal) -> Decimal:
    return value.quantize(TENTH, rounding=ROUND_HALF_UP)


def _totals_by_city(
    city_ids: Sequence[int], modules: Sequence[Module]
) -> dict[tuple[UUID, str], list[tuple[int, Totals]]]:
    """(module, phase) -> [(city, totals)]: one GROUP BY query."""
    rows = (
        ConfidenceAnswer.objects.filter(
            city_id__in=list(city_ids), module_key__in=[m.key for m in modules]
        )
        .values("module_key", "phase", "city_id")
        .annotate(count=Count("pk"), **{f"sum_{name}": Sum(name) for name in SCORE_FIELDS})
        .order_by()
    )
    groups: dict[tuple[UUID, str], list[tuple[int, Totals]]] = {}
    for row in rows:
        values: dict = dict(row)  # the sum_score_<n> keys are built above, unknown to the stubs
        totals = Totals(values["count"], tuple(values[f"sum_{name}"] for name in SCORE_FIELDS))
        groups.setdefault((row["module_key"], row["phase"]), []).append((row["city_id"], totals))
    return groups


def _figures(module: Module, before: Totals, after: Totals) -> ModuleConfidence:
    figures = ModuleConfidence(module=module, before_count=before.count, after_count=after.count)
    if before.count < MIN_ANSWERS or after.count < MIN_ANSWERS:
        figures.before_count = figures.after_count = 0  # not even the counts of a small group
        return figures
    figures.rows = [
        StatementRow(statement, before.mean(index), after.mean(index))
        for index, statement in enumerate(STATEMENTS)
    ]
    figures.overall = StatementRow("", before.overall, after.overall)
    return figures


def _per_module(
    city_ids: Sequence[int], modules: Sequence[Module], city_minimum: int
) -> list[ModuleConfidence]:
    groups = _totals_by_city(city_ids, modules)
    result = []
    for module in modules:
        phases = {BEFORE: Totals(), AFTER: Totals()}
        for phase in phases:
            for _city, totals in groups.get((module.key, phase), []):
                if totals.count >= city_minimum:
                    phases[phase] = phases[phase].add(totals.count, totals.sums)
        result.append(_figures(module, phases[BEFORE], phases[AFTER]))
    return result


def city_confidence(city_id: int, modules: Sequence[Module]) -> list[ModuleConfidence]:
    """Each module's before/after figures in one city: one query."""
    return _per_module([city_id], modules, city_minimum=0)


def network_confidence(
    city_ids: Sequence[int], modules: Sequence[Module]
) -> list[ModuleConfidence]:
    """Each module's figures across the cities, counting a city's phase only from MIN_ANSWERS
    answers (see the module docstring): one query."""
    return _per_module(city_ids, modules, city_minimum=MIN_ANSWERS)
