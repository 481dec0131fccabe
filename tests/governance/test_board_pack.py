"""Board packs read back from the PDF: cover, contents, every key outcome, exceptions, pages.

Each test builds a real pack through the services and WeasyPrint, then reads the PDF's text
with pypdf, as a board member's screen reader or search would.
"""

from __future__ import annotations

import datetime
import re
from io import BytesIO

import pydyf
import pytest
import weasyprint
from django.utils import timezone
from pypdf import PdfReader

from actionplans.models import Action, KeyOutcome
from governance.packs.pdf import (
    _PYDYF_PAGE_REFERENCES,
    USER_AGENT_CSS,
    _slim_user_agent_css,
    render_pdf,
)
from tests.benchdata import generate_plan
from tests.conftest import build_meeting
from tests.governance.packs import AMBER_NARRATIVE, RED_NARRATIVE, build, read, squash

pytestmark = pytest.mark.django_db


def test_the_pack_is_a_tagged_pdf_whose_cover_names_council_board_meeting_plan_and_part(
    lancashire_pack,
):
    pack, plan, _ = lancashire_pack
    reader, pages = read(pack)
    cover = pages[0]
    for words in [
        "Lancashire County Council",
        "Corporate Parenting Board",
        "Tuesday 20 January 2026",
        plan.title,
        "Part I (public)",
        "Board pack, version 1",
    ]:
        assert words in cover, words
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title == (
        "Corporate Parenting Board, 20 January 2026: board pack, version 1"
    )
    assert pack.file_name == "lancashire-corporate-parenting-board-2026-01-20-pack-v1.pdf"
    assert set(pack.snapshot["plans"]) == {str(plan.pk)}
    taken_at = datetime.datetime.fromisoformat(pack.snapshot["taken_at"])
    assert abs((timezone.now() - taken_at).total_seconds()) < 300


def test_every_key_outcome_the_exceptions_and_the_voice_of_young_people_are_in_the_pack(
    lancashire_pack,
):
    pack, plan, actions = lancashire_pack
    _, pages = read(pack)
    text = " ".join(pages)
    outcomes = list(KeyOutcome.objects.filter(plan=plan).values_list("title", flat=True))
    assert len(outcomes) == 25
    assert [title for title in outcomes if squash(title) not in text] == []

    exceptions_at = next(i for i, page in enumerate(pages) if page.startswith("Exceptions"))
    plan_at = next(i for i, page in enumerate(pages) if i > 1 and "The plan: " in page)
    exceptions = " ".join(pages[exceptions_at:plan_at])
    assert RED_NARRATIVE in exceptions
    assert AMBER_NARRATIVE in exceptions
    red = exceptions[exceptions.index("Red (") : exceptions.index("Amber (")]
    assert f"{actions[10].label} {squash(actions[10].description)}" in red

    assert "You said, we did" in text
    assert "Smaller types of supported accommodation" in text


def test_every_page_says_page_x_of_y_and_the_contents_give_the_right_pages(lancashire_pack):
    pack, plan, _ = lancashire_pack
    reader, pages = read(pack)
    total = len(reader.pages)
    board = pack.meeting.board
    running = f"{board.organisation.name}: {board.name}, {pack.meeting.date:%-d %B %Y}"
    assert pack.pages == total
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in page
        assert (running in page) == (number > 1), f"the running header, on page {number}"
    contents = pages[1]
    assert contents.startswith("Contents")
    listed = int(re.search(rf"The plan: {re.escape(plan.title)} [. ]+(\d+)", contents)[1])
    assert f"The plan: {plan.title}" in pages[listed - 1]
    assert f"The plan: {plan.title}" not in pages[listed - 2]


def test_a_part_ii_pack_says_so_on_the_cover_and_every_page(council, plan):
    meeting = build_meeting(council, plan)
    pack = build(meeting, [plan], part="II")
    _, pages = read(pack)
    assert "Part II (exempt)" in pages[0]
    assert all("Part II (exempt)" in page for page in pages[1:])
    assert pack.file_name.endswith("-pack-v1-part-ii.pdf")


def test_a_300_action_plan_stays_well_under_100_pages(council):
    plan = generate_plan(council, actions=300, updates=1200, seed=5)
    meeting = build_meeting(council, plan)
    pack = build(meeting, [plan])
    _, pages = read(pack)
    assert pack.pages < 80
    text = " ".join(pages)
    last = Action.objects.filter(plan=plan).order_by("key_outcome__number", "number").last()
    assert squash(last.description) in text


def test_packs_lay_out_with_weasyprints_stylesheet_less_its_rules_for_every_element():
    # The hook PackHTML overrides must still exist, and both rewrites must have matched: no
    # rule left that styles a pseudo-element of every element.
    assert "_ua_stylesheets" in vars(weasyprint.HTML)
    assert "\nli::marker {" in USER_AGENT_CSS
    assert re.findall(r"^::", USER_AGENT_CSS, flags=re.MULTILINE) == []
    # List items keep their markers.
    html = (
        '<!DOCTYPE html><html lang="en-GB"><head><title>Lists</title></head><body>'
        "<ol><li>First</li><li>Second</li></ol><ul><li>Bullet</li></ul></body></html>"
    )
    text = PdfReader(BytesIO(render_pdf(html).content)).pages[0].extract_text()
    assert sorted(text.split()) == sorted(["1.", "First", "2.", "Second", "•", "Bullet"])


def test_pydyfs_page_references_are_kept_until_a_page_is_added_and_stay_pydyfs_own():
    # pdf.py keeps pydyf's tuple while no page is added: pydyf must still make it from the
    # list of pages, and add pages only by appending to it.
    assert isinstance(_PYDYF_PAGE_REFERENCES, property)
    pdf = pydyf.PDF()
    for _ in range(3):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    first = pdf.page_references
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    kids = pdf.pages["Kids"]

    assert first is not pdf.page_references
    assert pdf.page_references is pdf.page_references
    assert pdf.page_references == _PYDYF_PAGE_REFERENCES.fget(pdf)
    assert pdf.page_references == tuple(f"{number} 0 R".encode() for number in kids[::3])
    assert len(pdf.page_references) == 4


def test_the_slimmer_stylesheet_keeps_markers_for_list_items_and_drops_footnotes_and_notes():
    css = (
        "p { margin: 1em }\n"
        "::marker { white-space: pre }\n"
        "::footnote-call { content: counter(footnote); vertical-align: super }\n"
        '::note-callback { content: " ↩" }\n'
        'a::after { content: "::marker {" }\n'
    )
    assert _slim_user_agent_css(css) == (
        'p { margin: 1em }\nli::marker { white-space: pre }\na::after { content: "::marker {" }\n'
    )
