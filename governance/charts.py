"""Charts as data: the geometry of each SVG is worked out here and drawn by a template.

templates/governance/charts/stacked_bars.svg and line_chart.svg turn these dataclasses into
plain SVG (no script, no CSS variables, no foreignObject) that browsers and WeasyPrint draw
alike, so the board pack prints the page's own charts. A rating is never told by colour
alone: every rating has its own pattern (cross-hatch, diagonal lines, dots, solid, horizontal
lines) and, in lines, its own marker shape and dash, with the words in a legend or beside the
line; the numbers are also in a table next to each chart. Colours are checked for contrast in
tests/governance/test_charts.py.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from actionplans.models import Rag

WIDTH = 560
FONT_SIZE = 14
CHAR_WIDTH = 7.6  # an average character of the chart font at FONT_SIZE, for laying out text
OUTLINE = "#0b0c0c"


@dataclass(frozen=True)
class RagStyle:
    """How one rating is drawn: fill, the ink of its pattern, line colour, dash and marker."""

    rag: str
    label: str
    fill: str
    ink: str  # the pattern's lines on the fill, and text drawn on it
    line: str  # at least 3:1 against white, for lines and markers
    pattern: str  # crosshatch, diagonal, dots, solid, horizontal
    dash: str
    marker: str  # square, triangle, circle, diamond, cross


RAG_STYLES = {
    Rag.RED: RagStyle("red", "Red", "#d4351c", "#ffffff", "#d4351c", "crosshatch", "", "square"),
    Rag.AMBER: RagStyle(
        "amber", "Amber", "#f47738", "#0b0c0c", "#b25400", "diagonal", "9 5", "triangle"
    ),
    Rag.GREEN: RagStyle("green", "Green", "#00703c", "#ffffff", "#00703c", "dots", "2 4", "circle"),
    Rag.BLUE: RagStyle(
        "blue", "Blue (complete)", "#1d70b8", "#ffffff", "#1d70b8", "solid", "14 4 3 4", "diamond"
    ),
    Rag.NOT_RATED: RagStyle(
        "none", "Not yet rated", "#ffffff", "#505a5f", "#505a5f", "horizontal", "5 3", "cross"
    ),
}
# The order of segments, legends and table columns everywhere: worst first.
RAG_SEQUENCE = [Rag.RED, Rag.AMBER, Rag.GREEN, Rag.BLUE, Rag.NOT_RATED]


def text_width(text: str, size: float = FONT_SIZE) -> float:
    return len(text) * CHAR_WIDTH * size / FONT_SIZE


# Each texture as SVG path data in an 8 by 8 tile (dots are circles of DOT_RADIUS).
TEXTURES = {
    "crosshatch": "M0,0 L8,8 M8,0 L0,8",
    "diagonal": "M-2,2 L2,-2 M0,8 L8,0 M6,10 L10,6",
    "horizontal": "M0,4 L8,4",
    "dots": "",
}
DOT_RADIUS = 1.7


@dataclass(frozen=True)
class Pattern:
    """A <pattern> in the chart's <defs>: one rating's fill and texture."""

    id: str
    style: RagStyle

    @property
    def path(self) -> str:
        return TEXTURES[self.style.pattern]

    @property
    def dot(self) -> float:
        return DOT_RADIUS if self.style.pattern == "dots" else 0


def patterns(chart_id: str, rags: Sequence[str] = RAG_SEQUENCE) -> list[Pattern]:
    return [
        Pattern(f"{chart_id}-{Rag(rag).value}", RAG_STYLES[Rag(rag)])
        for rag in rags
        if RAG_STYLES[Rag(rag)].pattern != "solid"
    ]


def paint(pattern_id: str, style: RagStyle) -> str:
    """The fill of a shape in this rating: its pattern, or its colour when it is solid (a
    solid pattern would print with seams between its tiles)."""
    return style.fill if style.pattern == "solid" else f"url(#{pattern_id})"


@dataclass(frozen=True)
class LegendItem:
    x: float
    y: float
    label: str
    pattern_id: str = ""
    style: RagStyle | None = None

    @property
    def fill(self) -> str:
        return paint(self.pattern_id, self.style)

    @property
    def text_x(self) -> float:
        return self.x + 24

    @property
    def text_y(self) -> float:
        return self.y + 14


def legend(chart_id: str, labels: list[tuple[str, str]], *, top: float) -> list[LegendItem]:
    """Swatch-and-word items, wrapped onto as many rows as the width needs."""
    items, x, y = [], 0.0, top
    for rag, text in labels:
        width = 26 + text_width(text) + 18
        if x and x + width > WIDTH:
            x, y = 0.0, y + 26
        style = RAG_STYLES[Rag(rag)]
        items.append(LegendItem(x, y, text, f"{chart_id}-{style.rag}", style))
        x += width
    return items


# --- Stacked bars ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    count: int
    pattern_id: str
    style: RagStyle

    @property
    def fill(self) -> str:
        return paint(self.pattern_id, self.style)

    @property
    def shows_count(self) -> bool:
        return self.width >= text_width(str(self.count)) + 10

    @property
    def chip_width(self) -> float:
        return text_width(str(self.count)) + 8

    @property
    def chip_x(self) -> float:
        return self.x + (self.width - self.chip_width) / 2

    @property
    def middle(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class Bar:
    label: str
    label_y: float
    y: float
    height: float
    total: int
    segments: list[Segment]

    @property
    def chip_y(self) -> float:
        return self.y + (self.height - 20) / 2

    @property
    def text_y(self) -> float:
        return self.y + self.height / 2 + 5


@dataclass
class StackedBarChart:
    """One 100% bar per row, split by rating; each segment's count on it when it fits."""

    id: str
    title: str
    description: str
    bars: list[Bar]
    patterns: list[Pattern]
    legend: list[LegendItem]
    height: float
    width: float = WIDTH


BAR_HEIGHT = 30
ROW_GAP = 14


def stacked_bars(
    chart_id: str, title: str, rows: list[tuple[str, dict[str, int]]]
) -> StackedBarChart:
    """rows: (label, {rag: count}); a bar per row, labelled above it with its total."""
    bars, y = [], 0.0
    for label, counts in rows:
        total = sum(counts.get(rag, 0) for rag in RAG_SEQUENCE)
        bar_label = f"{label}: {total} action{'s' if total != 1 else ''}"
        segments, x = [], 0.0
        for rag in RAG_SEQUENCE:
            count = counts.get(rag, 0)
            if not count:
                continue
            width = WIDTH * count / total
            style = RAG_STYLES[rag]
            segments.append(Segment(x, width, count, f"{chart_id}-{style.rag}", style))
            x += width
        bars.append(Bar(bar_label, y + FONT_SIZE, y + FONT_SIZE + 6, BAR_HEIGHT, total, segments))
        y += FONT_SIZE + 6 + BAR_HEIGHT + ROW_GAP
    items = legend(chart_id, [(rag, RAG_STYLES[rag].label) for rag in RAG_SEQUENCE], top=y)
    description = "; ".join(
        f"{label}: "
        + ", ".join(f"{RAG_STYLES[rag].label} {counts.get(rag, 0)}" for rag in RAG_SEQUENCE)
        for label, counts in rows
    )
    return StackedBarChart(
        id=chart_id,
        title=title,
        description=description + ".",
        bars=bars,
        patterns=patterns(chart_id),
        legend=items,
        height=(items[-1].y if items else y) + 24,
    )


# --- Lines -------------------------------------------------------------------------------------


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
