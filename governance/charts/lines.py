"""Line charts: the trend of ratings by period, and a measure's values against its target."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from governance.charts.styles import OUTLINE, WIDTH, Pattern, RagStyle, text_width


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: float
    text: str  # the value as written, e.g. "69%"

    @property
    def label_y(self) -> float:
        return self.y - 12


@dataclass
class Series:
    name: str
    points: list[Point]
    style: RagStyle | None = None  # None: a measure's own line (plain, circles)
    label_y: float = 0.0  # where its name is written at the right, nudged clear of others

    @property
    def path(self) -> str:
        return " ".join(
            f"{'M' if index == 0 else 'L'}{point.x:.1f},{point.y:.1f}"
            for index, point in enumerate(self.points)
        )

    @property
    def last(self) -> Point:
        return self.points[-1]

    @property
    def colour(self) -> str:
        return self.style.line if self.style else OUTLINE

    @property
    def marker(self) -> str:
        return self.style.marker if self.style else "circle"

    @property
    def dash(self) -> str:
        return self.style.dash if self.style else ""

    @property
    def markers(self) -> list[str]:
        """A path per point, in the series' marker shape."""
        return [marker_path(self.marker, point.x, point.y) for point in self.points]

    @property
    def marker_is_stroked(self) -> bool:
        return self.marker == "cross"


def marker_path(shape: str, x: float, y: float, size: float = 5.5) -> str:
    """Path data for a marker centred on (x, y): square, triangle, circle, diamond or cross."""
    r = size
    shapes = {
        "square": f"M{x - r:.1f},{y - r:.1f} h{2 * r:.1f} v{2 * r:.1f} h{-2 * r:.1f} Z",
        "triangle": f"M{x:.1f},{y - r - 1:.1f} L{x + r + 1:.1f},{y + r:.1f} "
        f"L{x - r - 1:.1f},{y + r:.1f} Z",
        "diamond": f"M{x:.1f},{y - r - 1:.1f} L{x + r + 1:.1f},{y:.1f} L{x:.1f},{y + r + 1:.1f} "
        f"L{x - r - 1:.1f},{y:.1f} Z",
        "cross": f"M{x - r:.1f},{y - r:.1f} L{x + r:.1f},{y + r:.1f} "
        f"M{x + r:.1f},{y - r:.1f} L{x - r:.1f},{y + r:.1f}",
        # A circle as two arcs, so every marker is one <path>.
        "circle": f"M{x - r:.1f},{y:.1f} a{r:.1f},{r:.1f} 0 1,0 {2 * r:.1f},0 "
        f"a{r:.1f},{r:.1f} 0 1,0 {-2 * r:.1f},0 Z",
    }
    return shapes[shape]


@dataclass(frozen=True)
class Tick:
    position: float
    text: str
    anchor: str = "middle"

    @property
    def text_y(self) -> float:
        """Where text beside a horizontal line at this position sits."""
        return self.position + 5


@dataclass
class LineChart:
    """Values over time: a line per series, marked, named at its end; axes with ticks."""

    id: str
    title: str
    description: str
    series: list[Series]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    height: float
    target: Tick | None = None  # a dashed reference line, such as a measure's target
    width: float = WIDTH
    label_x: float = 0.0
    show_values: bool = False  # write each point's value beside it (few points)
    patterns: list[Pattern] = field(default_factory=list)

    @property
    def y_label_x(self) -> float:
        return self.plot_left - 6

    @property
    def x_label_y(self) -> float:
        return self.plot_bottom + 22


def nice_ceiling(value: float) -> tuple[float, float]:
    """A round top for an axis at or above `value`, and the step between its ticks."""
    if value <= 0:
        return 1.0, 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10):
        size = step * magnitude
        if value / size <= 5:
            return size * math.ceil(value / size), size
    return value, value


def _spread(wanted: list[float], gap: float, top: float, bottom: float) -> list[float]:
    """Move label positions apart so none is closer than `gap`, keeping their order."""
    order = sorted(range(len(wanted)), key=lambda index: wanted[index])
    placed = [0.0] * len(wanted)
    previous = top - gap
    for index in order:
        placed[index] = max(wanted[index], previous + gap)
        previous = placed[index]
    overflow = previous - bottom
    if overflow > 0:
        for index in order:
            placed[index] -= overflow
    return placed


def format_number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def line_chart(
    chart_id: str,
    title: str,
    *,
    x_labels: list[str],
    series: list[tuple[str, list[float | None], RagStyle | None, list[str] | None]],
    target: float | None = None,
    target_text: str = "",
    description: str,
    show_values: bool = False,
) -> LineChart:
    """series: (name, a value per x label or None, style, texts of the values or None)."""
    if show_values:  # values are written at the points: only a target needs room at the right
        label_width = text_width(target_text) + 24 if target_text else 24
    else:
        longest = max((text_width(name) for name, *_ in series), default=0)
        label_width = min(longest + 70, WIDTH * 0.42)
    top_value = max(
        [value for _, values, *_ in series for value in values if value is not None]
        + ([target] if target is not None else [])
        + [1]
    )
    axis_top, step = nice_ceiling(top_value)
    counts = all(float(v).is_integer() for _, values, *_ in series for v in values if v is not None)
    if counts and step < 1:  # no "0.5 actions"
        axis_top, step = float(math.ceil(top_value)), 1.0
    left, right = 44.0, WIDTH - label_width
    top, bottom = 12.0, 190.0
    span = max(len(x_labels) - 1, 1)

    def x_at(index: int) -> float:
        if len(x_labels) == 1:
            return (left + right) / 2
        return left + 16 + (right - left - 32) * index / span

    def y_at(value: float) -> float:
        return bottom - (bottom - top) * value / axis_top

    lines = []
    for name, values, style, texts in series:
        points = [
            Point(x_at(index), y_at(value), value, texts[index] if texts else format_number(value))
            for index, value in enumerate(values)
            if value is not None
        ]
        if points:
            lines.append(Series(name, points, style))
    for line, label_y in zip(
        lines, _spread([line.last.y + 5 for line in lines], 17, top + 5, bottom + 5), strict=True
    ):
        line.label_y = label_y
    ticks = [
        Tick(y_at(step * index), format_number(step * index), "end")
        for index in range(round(axis_top / step) + 1)
    ]
    # Every label when they fit side by side, else every few, always with the last.
    room = (right - left) / max(len(x_labels), 1)
    every = max(1, math.ceil(max((text_width(label) for label in x_labels), default=0) / room))
    last = len(x_labels) - 1
    x_ticks = [
        Tick(x_at(index), label)
        for index, label in enumerate(x_labels)
        if (last - index) % every == 0
    ]
    return LineChart(
        id=chart_id,
        title=title,
        description=description,
        series=lines,
        x_ticks=x_ticks,
        y_ticks=ticks,
        plot_left=left,
        plot_right=right,
        plot_top=top,
        plot_bottom=bottom,
        height=bottom + 30,
        target=Tick(y_at(target), target_text) if target is not None else None,
        label_x=right + 14,
        show_values=show_values,
    )
