"""Stacked RAG bars: a 100% bar per row, each rating a patterned, counted segment."""

from __future__ import annotations

from dataclasses import dataclass

from actionplans.models import RAG_ORDER
from core.text import counted
from governance.charts.styles import (
    FONT_SIZE,
    RAG_STYLES,
    WIDTH,
    LegendItem,
    Pattern,
    RagStyle,
    legend,
    paint,
    patterns,
    text_width,
)


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
        total = sum(counts.get(rag, 0) for rag in RAG_ORDER)
        bar_label = f"{label}: {counted(total, 'action')}"
        segments, x = [], 0.0
        for rag in RAG_ORDER:
            count = counts.get(rag, 0)
            if not count:
                continue
            width = WIDTH * count / total
            style = RAG_STYLES[rag]
            segments.append(Segment(x, width, count, f"{chart_id}-{style.rag}", style))
            x += width
        bars.append(Bar(bar_label, y + FONT_SIZE, y + FONT_SIZE + 6, BAR_HEIGHT, total, segments))
        y += FONT_SIZE + 6 + BAR_HEIGHT + ROW_GAP
    items = legend(chart_id, [(rag, RAG_STYLES[rag].label) for rag in RAG_ORDER], top=y)
    description = "; ".join(
        f"{label}: "
        + ", ".join(f"{RAG_STYLES[rag].label} {counts.get(rag, 0)}" for rag in RAG_ORDER)
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
