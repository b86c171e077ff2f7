"""Accessible charts drawn on the server as SVG: no script, no library, no CDN.

Each chart is an ``<svg role="img">`` named by its ``<title>`` and described by its ``<desc>``
(``aria-labelledby`` points at both), writes its numbers as text next to the marks, and tells its
series apart by line style and marker shape as well as by colour (WCAG 1.4.1); the colours
reach 4.5:1 against white. The page puts the chart's data table right after it: the table is
the text alternative a screen reader user reads, the chart its picture.

- ``bar_chart``: horizontal bars with a label above each and its value at its end; an optional
  limit per bar (a room's capacity) is a dark tick with its number.
- ``line_chart``: one or more series over a numeric x axis (days before the congress), with
  axes, grid lines, tick labels and a legend.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 720
FONT = 'font-family="system-ui, sans-serif"'
TEXT = "#1a1a1a"  # 17:1 on white
GRID = "#767676"  # 4.5:1 on white
BAR = "#1f4e9c"  # 8:1 on white
# Series styles: colour, dash pattern, marker ("circle" or "square").
SERIES_STYLES = (
    ("#1f4e9c", "", "circle"),
    ("#9c3d00", "8 5", "square"),
    ("#2b6a2b", "2 4", "circle"),
)
MAX_LABEL = 70  # characters of a bar's label in the picture (the table has all of it)


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    limit: int | None = None  # drawn as a tick (e.g. a room's capacity)
    note: str = ""  # text after the value, e.g. "von 120 Plätzen"


@dataclass(frozen=True)
class Series:
    name: str
    points: Sequence[tuple[float, float]]


def _svg(chart_id: str, title: str, description: str, height: int, body: list[str]) -> SafeString:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="dashboard-chart" role="img" '
        f'id="{escape(chart_id)}" aria-labelledby="{escape(chart_id)}-title '
        f'{escape(chart_id)}-desc" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" {FONT} font-size="14" fill="{TEXT}">'
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>'
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 - every text is escaped


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"


def nice_step(maximum: float, ticks: int = 5) -> float:
    """A round step (1, 2 or 5 times a power of ten) for about ``ticks`` grid lines."""
    if maximum <= 0:
        return 1
    raw = maximum / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return max(factor * power, 1)
    return 10 * power


def bar_chart(
    *, chart_id: str, title: str, description: str, bars: Sequence[Bar], empty: str
) -> SafeString:
    """Horizontal bars, one row each: the label above, the bar with its value (and note) after
    it. ``empty`` is written when there are no bars."""
    left, right, row = 8, 150, 46
    if not bars:
        return _svg(
            chart_id, title, description, 40, [f'<text x="{left}" y="26">{escape(empty)}</text>']
        )
    scale_max = max([b.value for b in bars] + [b.limit or 0 for b in bars] + [1])
    span = WIDTH - left - right
    body = []
    for index, bar in enumerate(bars):
        top = index * row + 6
        length = round(span * bar.value / scale_max)
        value = f"{bar.value:n}" + (f" {bar.note}" if bar.note else "")
        body.append(f'<text x="{left}" y="{top + 12}">{escape(_short(bar.label))}</text>')
        body.append(
            f'<rect x="{left}" y="{top + 18}" width="{max(length, 1)}" height="18" fill="{BAR}"/>'
        )
        body.append(
            f'<text x="{left + length + 6}" y="{top + 32}" font-weight="bold">'
            f"{escape(value)}</text>"
        )
        if bar.limit:
            at = left + round(span * bar.limit / scale_max)
            body.append(
                f'<line x1="{at}" y1="{top + 14}" x2="{at}" y2="{top + 40}" stroke="{TEXT}" '
                f'stroke-width="3"/>'
            )
    return _svg(chart_id, title, description, len(bars) * row + 8, body)


@dataclass(frozen=True)
class _Frame:
    """The plotting area of a line chart and its scales."""

    left: int
    top: int
    width: int
    height: int
    x_min: float
    x_max: float
    y_max: float

    def x(self, value: float) -> float:
        span = (self.x_max - self.x_min) or 1
        return round(self.left + self.width * (value - self.x_min) / span, 1)

    def y(self, value: float) -> float:
        return round(self.top + self.height * (1 - value / (self.y_max or 1)), 1)


def _axes(frame: _Frame, *, x_label: str, y_label: str, x_format: Callable) -> list[str]:
    body = []
    step = nice_step(frame.y_max)
    tick = 0.0
    while tick <= frame.y_max + 1e-9:
        y = frame.y(tick)
        body.append(
            f'<line x1="{frame.left}" y1="{y}" x2="{frame.left + frame.width}" y2="{y}" '
            f'stroke="{GRID}" stroke-width="1" stroke-dasharray="2 3"/>'
        )
        body.append(f'<text x="{frame.left - 8}" y="{y + 5}" text-anchor="end">{tick:n}</text>')
        tick += step
    x_step = nice_step(frame.x_max - frame.x_min, 6)
    x_tick = math.ceil(frame.x_min / x_step) * x_step
    bottom = frame.top + frame.height
    while x_tick <= frame.x_max + 1e-9:
        x = frame.x(x_tick)
        body.append(f'<line x1="{x}" y1="{bottom}" x2="{x}" y2="{bottom + 5}" stroke="{TEXT}"/>')
        body.append(
            f'<text x="{x}" y="{bottom + 22}" text-anchor="middle">'
            f"{escape(x_format(x_tick))}</text>"
        )
        x_tick += x_step
    body.append(
        f'<line x1="{frame.left}" y1="{bottom}" x2="{frame.left + frame.width}" y2="{bottom}" '
        f'stroke="{TEXT}" stroke-width="1.5"/>'
    )
    body.append(
        f'<text x="{frame.left + frame.width / 2}" y="{bottom + 44}" text-anchor="middle">'
        f"{escape(x_label)}</text>"
    )
    body.append(f'<text x="{frame.left}" y="{frame.top - 14}">{escape(y_label)}</text>')
    return body


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{x - 3.5}" y="{y - 3.5}" width="7" height="7" fill="{colour}"/>'
    return f'<circle cx="{x}" cy="{y}" r="3.5" fill="{colour}"/>'


def _series(frame: _Frame, series: Series, style: tuple[str, str, str], *, markers: bool):
    colour, dash, shape = style
    points = " ".join(f"{frame.x(x)},{frame.y(y)}" for x, y in series.points)
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    body = [
        f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5"{dashes}/>'
    ]
    if markers:
        body += [_marker(shape, frame.x(x), frame.y(y), colour) for x, y in series.points]
    return body


def _legend(series: Sequence[Series], top: int) -> list[str]:
    body = []
    x = 70
    for index, item in enumerate(series):
        colour, dash, shape = SERIES_STYLES[index % len(SERIES_STYLES)]
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        body.append(
            f'<line x1="{x}" y1="{top}" x2="{x + 36}" y2="{top}" stroke="{colour}" '
            f'stroke-width="2.5"{dashes}/>'
        )
        body.append(_marker(shape, x + 18, top, colour))
        body.append(f'<text x="{x + 44}" y="{top + 5}">{escape(item.name)}</text>')
        x += 60 + 8 * len(item.name)
    return body


def line_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    series: Sequence[Series],
    x_label: str,
    y_label: str,
    empty: str,
    x_format: Callable[[float], str] = lambda value: f"{value:n}",
) -> SafeString:
    """Lines over a numeric x axis with grid, ticks, axis labels and a legend; markers on the
    points while there are few enough to tell apart."""
    drawn = [item for item in series if item.points]
    if not drawn:
        return _svg(
            chart_id, title, description, 40, [f'<text x="8" y="26">{escape(empty)}</text>']
        )
    xs = [x for item in drawn for x, _y in item.points]
    ys = [y for item in drawn for _x, y in item.points]
    y_step = nice_step(max(ys))
    frame = _Frame(
        left=70,
        top=34,
        width=WIDTH - 100,
        height=240,
        x_min=min(xs),
        x_max=max(max(xs), min(xs) + 1),
        y_max=max(math.ceil(max(ys) / y_step) * y_step, 1),
    )
    markers = max(len(item.points) for item in drawn) <= 40
    body = _axes(frame, x_label=x_label, y_label=y_label, x_format=x_format)
    for index, item in enumerate(drawn):
        body += _series(frame, item, SERIES_STYLES[index % len(SERIES_STYLES)], markers=markers)
    body += _legend(drawn, frame.top + frame.height + 70)
    return _svg(chart_id, title, description, frame.top + frame.height + 90, body)
