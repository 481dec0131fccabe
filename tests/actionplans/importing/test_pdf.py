"""The PDF reader, on PDFs WeasyPrint renders here from small HTML tables."""

from __future__ import annotations

import pytest
import weasyprint

from actionplans.importing.readers import pdf
from actionplans.importing.table import Cell, UnreadableFile

pytestmark = pytest.mark.sqlite  # no database: runs on both test runs

STYLE = """<style>
@page { size: A6; margin: 1cm }
body { font: 9pt sans-serif }
table { border-collapse: collapse; margin-bottom: 1cm }
td, th { border: 1px solid black; padding: 2px; width: 3cm; vertical-align: top }
</style>"""


def rendered(body: str) -> bytes:
    return weasyprint.HTML(string=STYLE + body).write_pdf()


def table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{text}</th>" for text in header)
    body = "".join("<tr>" + "".join(f"<td>{t}</td>" for t in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def test_wrapped_lines_are_one_part_and_each_bullet_starts_another():
    data = rendered(
        table(
            ["Action", "Lead"],
            [["Find flats for every care leaver who asks for one", "• Jo Bloggs<br>• Sam"]],
        )
    )

    (read,) = pdf.read(data)

    assert read.where == "page 1"
    assert read.rows[0].texts == ["Action", "Lead"]
    assert read.rows[1].cells == (
        Cell(parts=("Find flats for every care leaver who asks for one",)),
        Cell(parts=("Jo Bloggs", "Sam")),
    )


def test_a_table_running_over_pages_is_one_table_marked_at_each_break():
    rows = [[f"Action {n}", f"Lead {n}"] for n in range(1, 31)]

    (read,) = pdf.read(rendered(table(["Action", "Lead"], rows)))

    breaks = [row.number for row in read.rows if row.after_page_break]
    assert read.where.startswith("pages 1 to ")
    assert breaks
    for number in breaks:  # the header WeasyPrint repeats on each page is kept as a row
        assert read.rows[number - 1].texts == ["Action", "Lead"]
    actions = [row.texts[0] for row in read.rows if row.texts[0] != "Action"]
    assert actions == [f"Action {n}" for n in range(1, 31)]
    assert [row.number for row in read.rows] == list(range(1, len(read.rows) + 1))


def test_tables_of_different_widths_on_one_page_stay_apart():
    data = rendered(
        table(["Action", "Lead"], [["Find flats", "Jo"]])
        + table(["Ref", "Action", "RAG"], [["1.1", "Train landlords", "Red"]])
    )

    first, second = pdf.read(data)

    assert (first.where, second.where) == ("page 1", "page 1")
    assert (first.heading, second.heading) == ("", "")  # a PDF's tables have none

    assert first.rows[1].texts == ["Find flats", "Jo"]
    assert second.rows[1].texts == ["1.1", "Train landlords", "Red"]
    assert not any(row.after_page_break for row in first.rows + second.rows)


def test_a_scan_with_no_text_says_so():
    data = rendered('<div style="height: 5cm; background: #888"></div>')

    with pytest.raises(UnreadableFile, match="looks like a scan"):
        pdf.read(data)


def test_text_with_no_ruled_table_says_to_upload_the_original():
    with pytest.raises(UnreadableFile, match="No table was found"):
        pdf.read(rendered("<p>Action: find flats. Lead: Jo.</p>"))


def test_a_damaged_pdf_says_so():
    with pytest.raises(UnreadableFile, match="PDF is damaged or password-protected"):
        pdf.read(b"%PDF-1.7\n not really a pdf")


def test_a_pdf_longer_than_a_plan_is_refused_and_one_at_the_limit_is_read(monkeypatch):
    monkeypatch.setattr(pdf, "MAX_PAGES", 2)
    page = table(["Action"], [["Find flats"]]) + '<div style="break-after: page"></div>'

    # The same table on the next page runs on: one table.
    assert [read.where for read in pdf.read(rendered(page * 2))] == ["pages 1 to 2"]
    with pytest.raises(UnreadableFile) as refused:
        pdf.read(rendered(page * 3))
    assert str(refused.value) == (
        "The PDF has 3 pages, more than an action plan (2 at most). Upload only the pages that "
        "hold the plan."
    )


def test_a_cells_lines_are_joined_and_each_bullet_starts_a_part():
    assert pdf.parts("Find\n\nflats\n\u2022Train\n  landlords\n\u2022 Rent") == (
        "Find flats",
        "Train landlords",
        "Rent",
    )
    assert pdf.parts(None) == ()


def test_tables_of_one_width_on_one_page_stay_apart_and_a_cell_spanning_rows_is_read():
    spanned = (
        "<table><tr><th>Key outcome</th><th>Action</th></tr>"
        '<tr><td rowspan="2">Homes</td><td>Find flats</td></tr><tr><td>Train landlords</td></tr>'
        "</table>"
    )
    data = rendered(spanned + table(["Ref", "Action"], [["1.1", "Count beds"]]))

    first, second = pdf.read(data)

    assert [row.texts for row in first.rows] == [
        ["Key outcome", "Action"],
        ["Homes", "Find flats"],
        ["", "Train landlords"],
    ]
    assert [row.texts for row in second.rows] == [["Ref", "Action"], ["1.1", "Count beds"]]
