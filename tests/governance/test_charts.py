"""The SVG charts: plain SVG with a text alternative, ratings told apart without colour, and
colours that meet WCAG 2.2 AA contrast."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string

from actionplans.models import RAG_ORDER
from governance.charts import (
    RAG_STYLES,
    WIDTH,
    line_chart,
    nice_ceiling,
    stacked_bars,
)

SVG = "{http://www.w3.org/2000/svg}"
WHITE, BLACK = "#ffffff", "#0b0c0c"


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    lighter, darker = sorted([luminance(one), luminance(other)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_helper_agrees_with_known_ratios():
    assert contrast(WHITE, "#000000") == pytest.approx(21)
    assert contrast("#767676", WHITE) == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("rag", RAG_ORDER)
def test_each_ratings_colours_meet_aa_contrast(rag):
    style = RAG_STYLES[rag]
    # Its line and marker against the page (non-text: 3:1), and its name written in it (4.5:1).
    assert contrast(style.line, WHITE) >= 4.5
    # The texture on the fill must show (3:1), or the pattern would be lost in print.
    if style.pattern != "solid":
        assert contrast(style.ink, style.fill) >= 3
    # Every segment is outlined in black, so its edge shows against the page (3:1).
    assert contrast(BLACK, WHITE) >= 3


def test_no_two_ratings_share_a_pattern_a_marker_or_a_dash():
    styles = [RAG_STYLES[rag] for rag in RAG_ORDER]
    for attribute in ("pattern", "marker", "dash", "label"):
        values = [getattr(style, attribute) for style in styles]
        assert len(set(values)) == len(values), attribute


def parse(svg: str) -> ET.Element:
    assert "style=" not in svg and "var(" not in svg
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    names = {element.tag for element in root.iter()}
    assert not names & {f"{SVG}script", f"{SVG}foreignObject", f"{SVG}style"}
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title").get("id") == title_id
    assert root.find(f"{SVG}desc").get("id") == desc_id
    return root


def test_the_stacked_bar_chart_is_plain_svg_with_its_numbers_in_words():
    chart = stacked_bars(
        "test-bars",
        "RAG ratings by section",
        [("Care leavers", {"red": 3, "amber": 1, "green": 6}), ("Health", {"blue": 2})],
    )
    root = parse(render_to_string("governance/charts/stacked_bars.svg", {"chart": chart}))

    description = root.find(f"{SVG}desc").text
    assert (
        "Care leavers: Red 3, Amber 1, Green 6, Blue (complete) 0, Not yet rated 0" in description
    )
    texts = [element.text for element in root.iter(f"{SVG}text")]
    assert {"Red", "Amber", "Green", "Blue (complete)", "Not yet rated"} <= set(texts)
    assert "Care leavers: 10 actions" in texts and "Health: 2 actions" in texts
    for bar in chart.bars:
        assert sum(segment.width for segment in bar.segments) == pytest.approx(WIDTH)
    # Patterns for the textured ratings; every one a shape referenced by the segments.
    pattern_ids = {pattern.get("id") for pattern in root.iter(f"{SVG}pattern")}
    assert pattern_ids == {"test-bars-red", "test-bars-amber", "test-bars-green", "test-bars-none"}
    fills = {rect.get("fill") for rect in root.iter(f"{SVG}rect")}
    assert {f"url(#{pattern_id})" for pattern_id in pattern_ids} <= fills
    assert RAG_STYLES["blue"].fill in fills


def test_a_count_is_written_on_its_segment_only_when_it_fits():
    chart = stacked_bars("fit", "Fit", [("All", {"red": 1, "green": 400})])
    red, green = chart.bars[0].segments
    assert not red.shows_count and green.shows_count


def test_the_line_chart_names_each_line_with_its_latest_value():
    chart = line_chart(
        "test-trend",
        "Trend",
        x_labels=["Q1", "Q2", "Q3"],
        series=[
            (RAG_STYLES[rag].label, values, RAG_STYLES[rag], None)
            for rag, values in (("red", [5, 4, 2]), ("green", [1, 3, 7]))
        ],
        description="Q1: Red 5, Green 1.",
    )
    root = parse(render_to_string("governance/charts/line_chart.svg", {"chart": chart}))

    texts = [element.text for element in root.iter(f"{SVG}text")]
    assert "Red 2" in texts and "Green 7" in texts
    assert {"Q1", "Q2", "Q3"} <= set(texts)
    dashes = {path.get("stroke-dasharray") for path in root.iter(f"{SVG}path")}
    assert RAG_STYLES["green"].dash in dashes
    labels = sorted(series.label_y for series in chart.series)
    assert labels[1] - labels[0] >= 17  # names never overlap


def test_a_measure_chart_writes_its_values_and_target():
    chart = line_chart(
        "m",
        "EET",
        x_labels=["May 2017", "May 2018"],
        series=[("Value", [53.0, 69.0], None, ["53%", "69%"])],
        target=75.0,
        target_text="Target 75%",
        description="53% then 69%.",
        show_values=True,
    )
    texts = [
        e.text
        for e in parse(render_to_string("governance/charts/line_chart.svg", {"chart": chart})).iter(
            f"{SVG}text"
        )
    ]
    assert {"53%", "69%", "Target 75%"} <= set(texts)


@pytest.mark.parametrize(
    ("value", "top", "step"),
    [(7, 8, 2), (76, 80, 20), (5000, 5000, 1000), (0, 1, 1), (0.4, 0.4, 0.1)],
)
def test_axes_end_on_a_round_number(value, top, step):
    assert nice_ceiling(value) == pytest.approx((top, step))


def test_an_axis_of_counts_has_whole_numbers():
    chart = line_chart(
        "c", "C", x_labels=["Q1"], series=[("Red", [1], RAG_STYLES["red"], None)], description="."
    )
    assert [tick.text for tick in chart.y_ticks] == ["0", "1"]
