"""Charts as data: the geometry of each SVG is worked out here and drawn by a template.

templates/governance/charts/stacked_bars.svg and line_chart.svg turn these dataclasses into
plain SVG (no script, no CSS variables, no foreignObject) that browsers and WeasyPrint draw
alike, so the board pack prints the page's own charts. A rating is never told by colour
alone: every rating has its own pattern (cross-hatch, diagonal lines, dots, solid, horizontal
lines) and, in lines, its own marker shape and dash, with the words in a legend or beside the
line; the numbers are also in a table next to each chart. Colours are checked for contrast in
tests/governance/test_charts.py.
"""

from governance.charts.bars import StackedBarChart, stacked_bars
from governance.charts.lines import LineChart, line_chart, nice_ceiling
from governance.charts.styles import RAG_STYLES, WIDTH, RagStyle

__all__ = [
    "RAG_STYLES",
    "WIDTH",
    "LineChart",
    "RagStyle",
    "StackedBarChart",
    "line_chart",
    "nice_ceiling",
    "stacked_bars",
]
