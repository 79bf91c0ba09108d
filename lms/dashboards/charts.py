"""Geometry for server-rendered SVG charts; the templates draw it and print the same numbers in
a table beside each chart, so no JavaScript and no information only in colour."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format

WIDTH = 640
BAR = 22
GAP = 14
# Each bar's label sits on its own line above the bar, across the chart's whole width: a module
# title or city name is read in full, not cut to fit a margin beside the bar.
LABEL_LINE = 22
LABEL_CHARS = 70


@dataclass
class Segment:
    x: float
    width: float
    css: str
    value: int


@dataclass
class Row:
    y: float  # top of the bar
    label: str
    segments: list[Segment]
    total: int
    text_x: float

    @property
    def label_y(self) -> float:
        return self.y - 6

    @property
    def text_y(self) -> float:
        return self.y + BAR - 6


def stacked_bars(rows: Sequence[tuple[str, Sequence[tuple[str, int]]]]) -> dict:
    """Horizontal stacked bars: rows of (label, [(css class, value), ...]), scaled to the max."""
    largest = max((sum(v for _c, v in parts) for _l, parts in rows), default=0) or 1
    span = WIDTH - 60
    row_height = LABEL_LINE + BAR + GAP
    drawn = []
    for index, (label, parts) in enumerate(rows):
        x = 0.0
        segments = []
        for css, value in parts:
            width = span * value / largest
            segments.append(Segment(x=round(x, 1), width=round(width, 1), css=css, value=value))
            x += width
        total = sum(v for _c, v in parts)
        top = index * row_height + LABEL_LINE
        drawn.append(Row(top, label, segments, total, text_x=round(x + 6, 1)))
    return {
        "rows": drawn,
        "width": WIDTH,
        "height": max(len(rows), 1) * row_height,
        "bar": BAR,
        "label_chars": LABEL_CHARS,
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
