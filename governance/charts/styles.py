"""How each rating is drawn (colour, texture, dash, marker) and the parts charts share."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from actionplans.models import RAG_ORDER, Rag

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


def patterns(chart_id: str, rags: Sequence[str] = RAG_ORDER) -> list[Pattern]:
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
