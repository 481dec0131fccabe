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
from governance.charts.styles import text_width

SVG = "{http://www.w3.org/2000/svg}"
WHITE = "#ffffff"
# A chart has no background of its own: it is drawn on the page, or on paper in print.
PAGE = WHITE
SHAPES = {f"{SVG}{name}" for name in ("rect", "path", "line", "circle")}


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


def every_chart() -> list[tuple[ET.Element, object]]:
    """Each kind of chart the dashboards draw, with every rating in it, as rendered: stacked
    bars (counts on chips, a legend), a trend line per rating (named in its colour) and a
    measure with its values and target."""
    bars = stacked_bars(
        "bars", "Bars", [("All", dict.fromkeys(RAG_ORDER, 9)), ("Some", {"red": 1})]
    )
    trend = line_chart(
        "trend",
        "Trend",
        x_labels=["Q1", "Q2", "Q3"],
        series=[
            (RAG_STYLES[rag].label, [n, n + 1, n + 2], RAG_STYLES[rag], None)
            for n, rag in enumerate(RAG_ORDER)
        ],
        description=".",
    )
    measure = line_chart(
        "measure",
        "EET",
        x_labels=["May 2017", "May 2018"],
        series=[("Value", [53.0, 69.0], None, ["53%", "69%"])],
        target=75.0,
        target_text="Target 75%",
        description=".",
        show_values=True,
    )
    return [
        (parse(render_to_string("governance/charts/stacked_bars.svg", {"chart": bars})), bars),
        (parse(render_to_string("governance/charts/line_chart.svg", {"chart": trend})), trend),
        (parse(render_to_string("governance/charts/line_chart.svg", {"chart": measure})), measure),
    ]


def drawn(root: ET.Element) -> list[ET.Element]:
    """The shapes and text painted on the chart, in the order they are painted (what is in a
    <pattern> is painted only as a fill)."""
    hidden = {id(e) for pattern in root.iter(f"{SVG}pattern") for e in pattern.iter()}
    return [
        e for e in root.iter() if id(e) not in hidden and (e.tag in SHAPES or e.tag == f"{SVG}text")
    ]


def paint_colours(root: ET.Element, paint: str | None) -> set[str]:
    """The colours a fill shows: its colour, or its pattern's fill and texture."""
    if paint in (None, "none"):
        return set()
    if paint.startswith("url(#"):
        pattern = next(p for p in root.iter(f"{SVG}pattern") if p.get("id") == paint[5:-1])
        return {
            e.get(attribute)
            for e in pattern.iter()
            for attribute in ("fill", "stroke")
            if e.get(attribute) not in (None, "none")
        }
    return {paint}


def contains(rect: ET.Element, x: float, y: float) -> bool:
    left, top = float(rect.get("x", 0)), float(rect.get("y", 0))
    return left <= x <= left + float(rect.get("width")) and top <= y <= top + float(
        rect.get("height")
    )


def under(root: ET.Element, text: ET.Element, painted: list[ET.Element]) -> set[str]:
    """The colours behind the middle of `text`: the last rectangle painted there before it,
    else the page."""
    width = text_width(text.text)
    shift = {"start": width / 2, "middle": 0, "end": -width / 2}[text.get("text-anchor", "start")]
    x, y = float(text.get("x")) + shift, float(text.get("y")) - 5
    behind = [
        paint_colours(root, e.get("fill"))
        for e in painted
        if e.tag == f"{SVG}rect" and contains(e, x, y)
    ]
    return next((colours for colours in reversed(behind) if colours), {PAGE})


def is_gridline(shape: ET.Element, chart) -> bool:
    """A line chart's gridline: decoration, since each is labelled with its value, so not held
    to 3:1 (WCAG 2.2 1.4.11 asks it only of what is needed to read the chart)."""
    ticks = [tick.position for tick in getattr(chart, "y_ticks", [])]
    return (
        shape.tag == f"{SVG}line"
        and shape.get("y1") == shape.get("y2")
        and any(abs(float(shape.get("y1")) - tick) < 0.1 for tick in ticks)
    )


def test_text_on_a_chart_has_4_5_to_1_contrast_with_what_it_is_drawn_on():
    for root, _ in every_chart():
        painted = drawn(root)
        for index, text in enumerate(painted):
            if text.tag == f"{SVG}text":
                colour = text.get("fill", "#000000")
                for background in under(root, text, painted[:index]):
                    assert contrast(colour, background) >= 4.5, (text.text, colour, background)


def test_bars_lines_and_markers_have_3_to_1_contrast_with_the_page():
    for root, chart in every_chart():
        for shape in drawn(root):
            if shape.tag == f"{SVG}text" or is_gridline(shape, chart):
                continue
            fill = None if shape.tag == f"{SVG}line" else shape.get("fill")
            # A shape is seen by its own colours (a fill and its texture); one filled with the
            # page's colour, or not filled, by its outline.
            shown = paint_colours(root, fill) - {PAGE} or {shape.get("stroke")}
            assert max(contrast(colour, PAGE) for colour in shown) >= 3, (chart.id, shape.attrib)


def test_each_texture_has_3_to_1_contrast_with_its_fill():
    """So the pattern that tells a rating apart shows, on screen and printed in grey."""
    for root, _ in every_chart():
        for pattern in root.iter(f"{SVG}pattern"):
            ground = pattern.find(f"{SVG}rect").get("fill")
            for ink in paint_colours(root, f"url(#{pattern.get('id')})") - {ground}:
                assert contrast(ink, ground) >= 3, (pattern.get("id"), ink, ground)


def test_the_contrast_checks_see_every_colour_a_rating_is_drawn_in():
    painted = set()
    for root, _ in every_chart():
        for element in drawn(root):
            painted |= paint_colours(root, element.get("fill")) | {element.get("stroke")}
    for rag in RAG_ORDER:
        style = RAG_STYLES[rag]
        assert {style.fill, style.line} <= painted, rag
        assert style.pattern == "solid" or style.ink in painted, rag


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


@pytest.mark.parametrize("places", [0, 1])
def test_chart_numbers_are_written_as_floatformat_writes_them(places):
    from django.template.defaultfilters import floatformat

    from governance.templatetags.charts import svg

    values = [n / 40 for n in range(-400, 40000, 7)] + [n / 3 for n in range(-30, 3000)]
    values += [0, 1, 12, 0.05, 0.15, 0.25, 2.675, 1e-9, -1e-9, 1234567.45, 799.9500001, 8, 0.0]
    for value in values:
        assert svg(value, places) == floatformat(value, f"{places}u"), value
