"""Geometry for server-rendered SVG charts; the templates draw it and print the same numbers in
a table beside each chart, so no JavaScript and no information only in colour."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format

WIDTH = 640
BAR = 22
GAP = 14
# Each bar's label sits above the bar, across the chart's whole width, and wraps onto as many
# lines as it needs: a module title or city name is read in full, never cut with an ellipsis. At
# 16px (bold) a line of 56 characters stays inside the 640 units of the chart in any of the
# interface's scripts; the chart is never drawn wider than 640px, so the text stays 16px there.
LABEL_LINE = 22
LABEL_CHARS = 56


@dataclass
class Segment:
    x: float
    width: float
    css: str
    value: int


@dataclass
class LabelLine:
    text: str
    y: float  # baseline


@dataclass
class Row:
    y: float  # top of the bar
    label: str
    segments: list[Segment]
    total: int
    text_x: float
    label_lines: list[LabelLine]

    @property
    def label_y(self) -> float:
        """Baseline of the label's first line."""
        return self.label_lines[0].y

    @property
    def text_y(self) -> float:
        return self.y + BAR - 6


def label_lines(label: str) -> list[str]:
    """The label's words over lines of at most LABEL_CHARS characters (at least one line)."""
    return textwrap.wrap(label, LABEL_CHARS) or [""]


def stacked_bars(rows: Sequence[tuple[str, Sequence[tuple[str, int]]]]) -> dict:
    """Horizontal stacked bars: rows of (label, [(css class, value), ...]), scaled to the max."""
    largest = max((sum(v for _c, v in parts) for _l, parts in rows), default=0) or 1
    span = WIDTH - 60
    drawn = []
    top = 0.0  # top of the next row, its label's first line included
    for label, parts in rows:
        lines = label_lines(label)
        x = 0.0
        segments = []
        for css, value in parts:
            width = span * value / largest
            segments.append(Segment(x=round(x, 1), width=round(width, 1), css=css, value=value))
            x += width
        total = sum(v for _c, v in parts)
        bar_top = top + LABEL_LINE * len(lines)
        texts = [
            LabelLine(text, y=bar_top - 6 - LABEL_LINE * (len(lines) - 1 - number))
            for number, text in enumerate(lines)
        ]
        drawn.append(Row(bar_top, label, segments, total, round(x + 6, 1), texts))
        top = bar_top + BAR + GAP
    return {
        "rows": drawn,
        "width": WIDTH,
        "height": top or LABEL_LINE + BAR + GAP,
        "bar": BAR,
    }


def bars(rows: Sequence[tuple[str, int]], css: str = "bar") -> dict:
    return stacked_bars([(label, [(css, value)]) for label, value in rows])


@dataclass
class Column:
    x: float
    y: float
    height: float
    label: str
    value: int


def monthly_columns(months: Sequence[tuple[date, int]], height: int = 180) -> dict:
    """Vertical bars, one per month, with a short month label under each."""
    largest = max((value for _m, value in months), default=0) or 1
    step = (WIDTH - 20) / max(len(months), 1)
    width = step * 0.7
    columns = []
    for index, (month, value) in enumerate(months):
        bar_height = (height - 30) * value / largest
        columns.append(
            Column(
                x=round(10 + index * step, 1),
                y=round(height - 20 - bar_height, 1),
                height=round(bar_height, 1),
                label=date_format(month, "M"),
                value=value,
            )
        )
    return {"columns": columns, "width": WIDTH, "height": height, "bar": round(width, 1)}
