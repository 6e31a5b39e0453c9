"""Charts as SVG coordinates computed on the server (the templates draw them; no JavaScript)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from tanzim.oversight.queries import DirectivePlan, HistoryPoint


@dataclass
class LineChart:
    width: int
    height: int
    left: int
    bottom: int
    actual: str  # polyline points
    dots: list[tuple[float, float, HistoryPoint]]
    planned: str  # polyline points of the directive's planned line ("" without a directive)
    deadline_x: float | None
    y_ticks: list[tuple[float, int]]
    x_ticks: list[tuple[float, datetime.date]]


def coverage_chart(
    history: list[HistoryPoint], plan: DirectivePlan | None, *, width: int = 640, height: int = 220
) -> LineChart | None:
    """Coverage (%) over time, and the directive's planned straight line from its issue to its goal."""
    if not history:
        return None
    left, right, top, bottom = 40, 30, 10, 28
    first = history[0].day
    last = history[-1].day
    if plan is not None and plan.directive.due_on:
        first = min(first, plan.directive.issued_on)
        last = max(last, plan.directive.due_on)
    span = max((last - first).days, 1)
    inner_w, inner_h = width - left - right, height - top - bottom

    def x(day: datetime.date) -> float:
        return round(left + inner_w * (day - first).days / span, 1)

    def y(share: float) -> float:
        return round(top + inner_h * (1 - share / 100), 1)

    dots = [(x(p.day), y(p.share), p) for p in history]
    planned, deadline_x = "", None
    if plan is not None and plan.directive.due_on:
        planned = (
            f"{x(plan.directive.issued_on)},{y(plan.start.share)} {x(plan.directive.due_on)},{y(plan.goal)}"
        )
        deadline_x = x(plan.directive.due_on)
    step = max(1, len(history) // 6)
    return LineChart(
        width=width,
        height=height,
        left=left,
        bottom=height - bottom,
        actual=" ".join(f"{dx},{dy}" for dx, dy, _p in dots),
        dots=dots,
        planned=planned,
        deadline_x=deadline_x,
        y_ticks=[(y(v), v) for v in (0, 25, 50, 75, 100)],
        x_ticks=[(x(p.day), p.day) for p in history[::step]],
    )


@dataclass
class Bar:
    label: str
    share: float
    width: float
    url: str


def bars(rows: list[tuple[str, float, str]], *, width: int = 300) -> list[Bar]:
    """Horizontal bars (label, share %, link) scaled to `width` pixels for 100 %."""
    return [
        Bar(label=label, share=share, width=round(width * share / 100, 1), url=url)
        for label, share, url in rows
    ]
