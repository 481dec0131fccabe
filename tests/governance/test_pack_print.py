"""The board pack readable on paper, read back from the PDF's characters with pdfplumber:
type sizes, margins, headings kept with what follows (a chart with its heading, a theme's
heading row with its first ask), the plan table's key outcome on every page it runs onto,
measures once, exceptions easy to scan.

Sizes are those static/src/components/_pack.scss sets (10pt body, nothing under 8.5pt) and
the margins its @page rule sets (16mm top, 12mm sides, 14mm bottom).
"""

from __future__ import annotations

import re
from collections import Counter
from html import unescape
from io import BytesIO

import pdfplumber
import pytest
from django.templatetags.static import static

from actionplans.models import Rag
from actionplans.services import progress_update_record
from governance.models import VoiceItem
from governance.packs.document import PackSpec, pack_html
from governance.packs.pdf import render_pdf
from tests.conftest import build_meeting, build_plan
from tests.governance.packs import RED_NARRATIVE, build, read, squash

pytestmark = pytest.mark.django_db

MM = 72 / 25.4
TOP, SIDE, BOTTOM = 16 * MM, 12 * MM, 14 * MM
PADDING = 1.5 * MM  # a pack table cell's on its right
HEADINGS = 10.5  # points: a line with bold characters larger than body text is a heading
COLUMN_HEADS = ("Action Lead By when Progress RAG", "Ref Action Lead RAG Latest update")


def pages_of(pack) -> list:
    return pdfplumber.open(BytesIO(pack.pdf.read())).pages


def lines(page) -> list[tuple[float, str, float]]:
    """The page's lines of text between its running header and footer, top to bottom, as
    (top, text, the size of its largest bold characters: a heading's, or 0)."""
    rows: dict[int, list[dict]] = {}
    for char in page.chars:
        if char["top"] >= TOP and char["bottom"] <= page.height - BOTTOM:
            rows.setdefault(round(char["top"]), []).append(char)
    found = []
    for top in sorted(rows):
        chars = sorted(rows[top], key=lambda char: char["x0"])
        text = "".join(char["text"] for char in chars)
        bold = [char["size"] for char in chars if "Bold" in char["fontname"]]
        found.append((top, re.sub(r"\s+", " ", text).strip(), max(bold, default=0)))
    return [line for line in found if line[1]]


def structure(pdf) -> list[dict]:
    """The tagged PDF's structure elements in reading order, each with its page_number: a
    Figure (a chart) also has its box, attributes["BBox"], in CSS pixels from the page's top."""
    found = []

    def walk(elements):
        for element in elements:
            found.append(element)
            walk(element.get("children", []))

    walk(pdf.structure_tree)
    return found


def is_heading(element: dict) -> bool:
    return re.fullmatch(r"H[1-6]", element["type"]) is not None


def themes_of(pack) -> set[str]:
    organisation = pack.meeting.board.organisation
    return set(VoiceItem.objects.for_organisation(organisation).values_list("theme", flat=True))


def render_after(height: float, fragment: str) -> pdfplumber.PDF:
    """The pack's stylesheet, `height` points of nothing, then the fragment of a pack."""
    html = (
        '<!DOCTYPE html><html lang="en-GB"><head><title>Fragment</title>'
        f'<link rel="stylesheet" href="{static("dist/print.css")}"></head>'
        f'<body class="pledge-pack"><div style="height: {height:.1f}pt"></div>{fragment}'
        "</body></html>"
    )
    return pdfplumber.open(BytesIO(render_pdf(html).content))


def page_with(pdf: pdfplumber.PDF, text: str) -> int:
    """The number of the first page with a line starting with `text`."""
    return next(
        number
        for number, page in enumerate(pdf.pages, start=1)
        if any(line.startswith(text) for _, line, _ in lines(page))
    )


def test_no_text_is_smaller_than_8_5pt_and_body_text_is_10pt(lancashire_pack):
    pack, _, _ = lancashire_pack
    chars = [char for page in pages_of(pack) for char in page.chars if char["text"].strip()]
    sizes = Counter(round(char["size"], 1) for char in chars)
    body, _ = sizes.most_common(1)[0]

    assert min(sizes) >= 8.5, sorted(sizes)
    assert body >= 10, sizes.most_common(3)
    sentence = "Everyactionwithitslatestupdate"
    text = "".join(char["text"] for char in chars)
    start = text.index(sentence)
    assert {round(char["size"], 1) for char in chars[start : start + len(sentence)]} == {10.0}


def test_every_character_is_inside_the_margins(lancashire_pack):
    pack, _, _ = lancashire_pack
    outside = [
        (number, char["text"], round(char["x0"]), round(char["x1"]))
        for number, page in enumerate(pages_of(pack), start=1)
        for char in page.chars
        if char["text"].strip()
        and (char["x1"] > page.width - SIDE + 0.5 or char["x0"] < SIDE - 0.5)
    ]
    assert outside == []


def test_each_plan_table_cell_stays_in_its_column(lancashire_pack):
    """A word wider than its column breaks inside it: the seeded plan's "Ongoing review/
    assessment", in the narrow "By when" column, ran over the Progress column's text."""
    pack, _, _ = lancashire_pack
    over, checked = [], 0
    for number, page in enumerate(pages_of(pack), start=1):
        words = page.extract_words(extra_attrs=["fontname", "size"])
        heads = [
            {w["text"]: w for w in words if abs(w["top"] - by["top"]) < 1}
            for by in words
            if by["text"] == "By" and by["fontname"].endswith("Bold")
        ]
        for head in heads:
            if not {"Action", "Lead", "By", "when", "Progress", "RAG"} <= head.keys():
                continue  # another table's head with a "By" in it
            edges = [head[name]["x0"] for name in ("Lead", "By", "Progress", "RAG")]
            columns = list(zip([SIDE, *edges], [*edges, page.width - SIDE], strict=True))
            top = head["By"]["top"]
            # The table runs to the page's foot or to the next heading larger than a key
            # outcome's (what follows the plan, "Measures", is not in its columns).
            foot = min((w["top"] for w in words if w["top"] > top and w["size"] > HEADINGS),
                       default=page.height - BOTTOM)  # fmt: skip
            for word in words:
                if not top < word["top"] < foot or word["fontname"].endswith("Bold"):
                    continue
                _, end = next(c for c in columns if c[0] - 1 <= word["x0"] < c[1] - 1)
                checked += 1
                if word["x1"] > end - PADDING + 0.5:  # inside the cell's padding too
                    over.append((number, word["text"], round(word["x1"] - end, 1)))
    assert checked > 1000
    assert over == []


def test_the_by_when_column_keeps_each_word_of_a_deadline_whole(lancashire_pack):
    """A month is the longest word most deadlines have: with the column at a tenth of the
    width, "September" broke after its "e" (static/src/components/_pack.scss)."""
    pack, plan, _ = lancashire_pack
    printed = Counter(
        word for page in pages_of(pack) for word in re.findall(r"[A-Za-z]+", page.extract_text())
    )
    wanted = {
        word
        for text in plan.actions.values_list("deadline_text", flat=True)
        for word in re.findall(r"[A-Za-z]+", text)
    }
    assert {"September", "December"} <= wanted, wanted
    assert sorted(word for word in wanted if not printed[word]) == []


def test_no_page_ends_with_a_heading_and_measures_are_headed_once(lancashire_pack):
    pack, _, _ = lancashire_pack
    pages = pages_of(pack)
    themes = themes_of(pack)
    assert themes - {""}, "the voice of young people is grouped by theme"
    stranded = []
    for number, page in enumerate(pages, start=1):
        _, text, size = lines(page)[-1]
        if (
            size > HEADINGS
            or text.startswith("Key outcome")
            or text in COLUMN_HEADS
            or text in themes
        ):
            stranded.append((number, text))
    headed = [text for page in pages for _, text, size in lines(page) if size > HEADINGS]

    assert stranded == []
    assert headed.count("Measures") == 1


@pytest.mark.parametrize(("level", "size"), [("2", "l"), ("3", "m"), ("4", "s")])
def test_a_heading_with_no_room_below_it_goes_over_to_the_next_page(level, size):
    """Packs built from real plans seldom put a heading at the foot of a page, so the rule
    (WeasyPrint's own stylesheet, slimmed in pdf.py, and the pack's) is tried where it must
    act: the heading fits in the room left on the page, the lines after it do not."""
    words = "Words of the paragraph after the heading. " * 40
    html = (
        '<!DOCTYPE html><html lang="en-GB"><head><title>Headings</title>'
        f'<link rel="stylesheet" href="{static("dist/print.css")}"></head>'
        '<body class="pledge-pack"><div style="height: 250mm"></div>'
        f'<h{level} class="govuk-heading-{size}">A heading</h{level}>'
        f'<p class="govuk-body">{words}</p></body></html>'
    )
    first, *_ = pdfplumber.open(BytesIO(render_pdf(html).content)).pages

    assert "A heading" not in first.extract_text()


def test_every_chart_is_on_the_page_of_the_heading_above_it(lancashire_pack):
    pack, _, _ = lancashire_pack
    elements = structure(pdfplumber.open(BytesIO(pack.pdf.read())))
    charts, apart, heading = 0, [], None
    for element in elements:
        if is_heading(element):
            heading = element
        elif element["type"] == "Figure":
            charts += 1
            if element["page_number"] != heading["page_number"]:
                apart.append((element.get("alt_text"), heading["page_number"]))

    assert charts >= 3, "the summary, the breakdowns and the measures have charts"
    assert apart == []


def test_a_chart_with_no_room_under_its_heading_takes_the_heading_over_with_it(lancashire_pack):
    """The heading and what opens the section (the summary's counts) fit at the foot of the
    page, the chart under them does not: all three start the next page."""
    pack, _, _ = lancashire_pack
    html = pack_html(PackSpec.of(pack), on=pack.meeting.date)
    start = html.index('<div class="pledge-dashboard-part">')
    fragment = html[start : html.index("</svg>", start) + len("</svg>")] + "</div>"
    alone = render_after(0, fragment)
    (chart,) = [element for element in structure(alone) if element["type"] == "Figure"]
    top, bottom = (edge * 0.75 for edge in chart["attributes"]["BBox"][1::2])
    page = alone.pages[0]
    # Move the chart down until its middle is at the foot of the page's text.
    placed = render_after(page.height - BOTTOM - (top + bottom) / 2, fragment)
    elements = structure(placed)

    assert [e["page_number"] for e in elements if e["type"] == "Figure"] == [2]
    assert [e["page_number"] for e in elements if is_heading(e)] == [2]


def test_a_group_heading_row_with_no_room_for_a_row_under_it_goes_over_with_it(lancashire_pack):
    """A theme's heading row of "You said, we did" fits at the foot of the page, the theme's
    first ask does not: both start the next page."""
    pack, _, _ = lancashire_pack
    html = pack_html(PackSpec.of(pack), on=pack.meeting.date)
    start = html.index('<table class="govuk-table pledge-voice')
    fragment = html[start : html.index("</table>", start) + len("</table>")]
    theme, first_ask = map(
        unescape,
        re.findall(
            r'colgroup" colspan="3" class="govuk-table__header">([^<]+)</th></tr>\s*'
            r'<tr class="govuk-table__row">\s*<td[^>]*>([^<]+)</td>',
            fragment,
        )[1],
    )
    first_words = " ".join(first_ask.split()[:3])
    alone = render_after(0, fragment)
    page = alone.pages[0]
    (heading, *_) = page.search(theme, regex=False)
    # Room below the heading row for its own padding and rule, none for a row of text.
    placed = render_after(page.height - BOTTOM - heading["bottom"] - 4, fragment)

    assert page_with(placed, first_words) == 2
    assert page_with(placed, theme) == 2


def test_a_key_outcome_is_repeated_at_the_top_of_each_page_its_actions_run_onto(council):
    plan = build_plan(council, actions=30)
    for action in plan.actions.all():
        progress_update_record(
            action=action, author=None, narrative=f"{RED_NARRATIVE}\n" * 4, rag=Rag.RED
        )
    outcome = plan.key_outcomes.get()
    pack = build(build_meeting(council, plan), [plan])

    pages = pages_of(pack)
    headings = [{text for _, text, size in lines(page) if size > HEADINGS} for page in pages]
    start = next(i for i, found in enumerate(headings) if f"The plan: {plan.title}" in found)
    ends = next(i for i, found in enumerate(headings) if "Measures" in found)
    tops = [lines(page)[0][1] for page in pages[start + 1 : ends]]

    assert len(tops) >= 2, "the key outcome's actions run over several pages"
    assert tops == [f"Key outcome {outcome.number}: {outcome.title}"] * len(tops)


def test_each_exception_shows_its_reference_title_rating_lead_and_latest_update_in_turn(
    lancashire_pack,
):
    pack, _, actions = lancashire_pack
    red = actions[10]
    html = pack_html(PackSpec.of(pack), on=pack.meeting.date)
    exceptions = html[html.index('id="exceptions"') : html.index('id="recommendations"')]
    start = exceptions.index(f"<strong>{red.label} ")
    title, rest = exceptions[start:].split("</strong><br>", 1)
    rating, update = rest.split("</p>", 2)[:2]
    lead = red.leads.order_by("name").first()

    assert red.description in title
    assert ">Red</strong>" in rating
    assert f"Lead: {lead.name if lead else red.leads_text or 'not recorded'}" in rating
    assert "pledge-pack-exception__update" in update and RED_NARRATIVE in update
    _, pages = read(pack)
    text = " ".join(pages)
    assert f"{red.label} {squash(red.description)} Red" in text
