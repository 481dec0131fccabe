"""The Word reader, on documents built here with each variation councils' plans have."""

from __future__ import annotations

import io

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from actionplans.importing.readers import docx as reader
from actionplans.importing.readers.docx import BOLD_HEADING_MAX_CHARS
from actionplans.importing.table import Cell, UnreadableFile

pytestmark = pytest.mark.sqlite  # no database: runs on both test runs


def saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def shade(cell, fill: str, pattern: str = "clear") -> None:
    cell._tc.get_or_add_tcPr().append(
        parse_xml(f'<w:shd {nsdecls("w")} w:val="{pattern}" w:color="auto" w:fill="{fill}"/>')
    )


def fill_row(row, *texts: str) -> None:
    for cell, text in zip(row.cells, texts, strict=True):
        cell.text = text


def plan_document():
    """Two sections, each a heading then a table: a key outcome merged down over its actions,
    bullets after a lead-in, leads as paragraphs and as line breaks, RAG as text and shading."""
    document = docx.Document()
    document.add_paragraph("Corporate Parenting Action Plan", style="Title")
    document.add_paragraph("Agreed by the board in April 2025.")
    document.add_heading("Care Leavers", level=1)
    table = document.add_table(rows=3, cols=4)
    fill_row(table.rows[0], "Key outcome", "Actions", "Lead", "RAG")
    shade(table.rows[0].cells[0], "D9D9D9")
    fill_row(table.rows[1], "Care leavers have homes", "We will:", "", "Red")
    actions = table.rows[1].cells[1]
    actions.add_paragraph("Find flats", style="List Bullet")
    actions.add_paragraph("Train landlords", style="List Number")
    table.rows[1].cells[2].paragraphs[0].add_run("Jo Bloggs")
    table.rows[1].cells[2].add_paragraph("Housing Team")
    shade(table.rows[1].cells[3], "FF0000")
    fill_row(table.rows[2], "", "Review rents", "", "")
    lead = table.rows[2].cells[2].paragraphs[0].add_run("Sam Smith")
    lead.add_break()
    lead.add_text("Al Jones")
    shade(table.rows[2].cells[3], "00B050", pattern="solid")
    table.rows[2].cells[3]._tc.tcPr[-1].set(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}color", "00B050"
    )
    table.cell(1, 0).merge(table.cell(2, 0))
    bold = document.add_paragraph().add_run("Education")
    bold.bold = True
    second = document.add_table(rows=2, cols=2)
    fill_row(second.rows[0], "Action", "RAG")
    fill_row(second.rows[1], "Every child has a PEP", "Amber")
    shade(second.rows[1].cells[1], "auto")
    return document


def test_each_table_comes_with_the_heading_before_it():
    tables = reader.read(saved(plan_document()))

    assert [(table.where, table.heading) for table in tables] == [
        ("table 1", "Care Leavers"),
        ("table 2", "Education"),  # a short bold paragraph
    ]


def test_cells_give_their_paragraphs_list_items_and_line_breaks_as_parts():
    table = reader.read(saved(plan_document()))[0]
    header, first, second = table.rows

    assert header.cells[0] == Cell(parts=("Key outcome",), fill="D9D9D9")
    assert first.cells[1].parts == ("We will:", "Find flats", "Train landlords")
    assert first.cells[2].parts == ("Jo Bloggs", "Housing Team")
    assert second.cells[2].parts == ("Sam Smith", "Al Jones")


def test_a_vertically_merged_cell_is_merged_with_no_text_and_shading_is_the_fill():
    table = reader.read(saved(plan_document()))[0]
    _, first, second = table.rows

    assert first.cells[0] == Cell(parts=("Care leavers have homes",))
    assert second.cells[0] == Cell(merged=True)
    assert first.cells[3] == Cell(parts=("Red",), fill="FF0000")
    assert second.cells[3] == Cell(fill="00B050")  # a solid pattern shows its colour
    assert [row.number for row in table.rows] == [1, 2, 3]


def test_auto_shading_is_no_fill():
    table = reader.read(saved(plan_document()))[1]

    assert table.rows[1].cells[1] == Cell(parts=("Amber",))


def test_a_cell_spanning_columns_keeps_the_others_in_their_columns():
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    fill_row(table.rows[0], "Care Leavers", "", "RAG key")
    fill_row(table.rows[1], "Action", "Lead", "RAG")
    table.cell(0, 0).merge(table.cell(0, 1))

    (read,) = reader.read(saved(document))

    assert read.heading == ""
    assert read.rows[0].cells == (Cell(parts=("Care Leavers",)), Cell(), Cell(parts=("RAG key",)))
    assert read.rows[1].texts == ["Action", "Lead", "RAG"]


def test_a_table_nested_in_a_cell_is_left_out_with_a_note():
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    fill_row(table.rows[0], "Outer action", "Lead")
    table.cell(0, 0).add_table(rows=1, cols=1).cell(0, 0).text = "Inner"
    table.cell(0, 0).add_paragraph("After the inner table")

    (read,) = reader.read(saved(document))

    assert len(read.rows) == 1
    assert read.rows[0].cells == (
        Cell(parts=("Outer action", "After the inner table"), notes=(reader.NESTED_TABLE,)),
        Cell(parts=("Lead",)),
    )


def test_a_document_with_no_table_says_to_put_the_plan_in_one():
    document = docx.Document()
    document.add_paragraph("Action: find flats")

    with pytest.raises(UnreadableFile, match="no tables"):
        reader.read(saved(document))


def test_a_file_that_is_not_a_document_says_so():
    with pytest.raises(UnreadableFile, match="Word document is damaged"):
        reader.read(b"PK\x03\x04 not really a zip")


def test_a_heading_is_a_heading_or_title_style_or_a_short_paragraph_all_in_bold():
    document = docx.Document()
    bold_style = document.styles.add_style("Board Heading", 1)  # a paragraph style
    bold_style.font.bold = True

    def paragraph(text: str, style: str | None = None, bold: bool | None = False):
        run = document.add_paragraph(style=style).add_run(text)
        run.bold = bold

    def partly_bold(bold: str, plain: str):
        words = document.add_paragraph()
        words.add_run(bold).bold = True
        words.add_run(plain).bold = False

    def table():
        fill_row(document.add_table(rows=1, cols=1).rows[0], "Action")

    headings = [
        lambda: paragraph("Styled as a heading", "Heading 1"),  # not bold, still a heading
        lambda: paragraph("Styled as the title", "Title"),
        lambda: paragraph("Bold in its style", "Board Heading", bold=None),
        lambda: paragraph("B" * BOLD_HEADING_MAX_CHARS, bold=True),  # at the limit
        lambda: paragraph("Bold, then a table without a heading of its own", bold=True),
    ]
    not_headings = [
        lambda: paragraph(" ", "Heading 1"),  # nothing to read: the heading above stands
        lambda: paragraph("B" * (BOLD_HEADING_MAX_CHARS + 1), bold=True),  # a paragraph
        lambda: partly_bold("Partly ", "bold"),
        lambda: paragraph("Plain words"),
        lambda: paragraph("Words as their style has them", bold=None),
    ]
    for make in headings[:-1]:
        make()
        table()
    headings[-1]()
    for make in not_headings:
        make()
        table()

    read = [table.heading for table in reader.read(saved(document))]

    last = "Bold, then a table without a heading of its own"
    assert read == [
        "Styled as a heading",
        "Styled as the title",
        "Bold in its style",
        "B" * BOLD_HEADING_MAX_CHARS,
        *[last] * 5,
    ]


def test_a_cells_text_keeps_tabs_hyphens_links_and_insertions_and_drops_deletions():
    document = docx.Document()
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    w = nsdecls("w")
    cell._tc.remove(cell.paragraphs[0]._p)
    cell._tc.append(
        parse_xml(
            f"<w:p {w}>"
            "<w:r><w:t>Ages</w:t><w:tab/><w:t>16</w:t><w:noBreakHyphen/><w:t>25</w:t></w:r>"
            "<w:r><w:t xml:space='preserve'> care</w:t><w:softHyphen/><w:t>leavers; </w:t></w:r>"
            "<w:hyperlink><w:r><w:t>Local offer</w:t></w:r></w:hyperlink>"
            "<w:ins><w:r><w:t xml:space='preserve'> and PAs</w:t></w:r></w:ins>"
            "<w:del><w:r><w:delText> and nobody</w:delText></w:r></w:del>"
            "<w:r><w:t/><w:br/><w:t>Next line</w:t></w:r>"
            "</w:p>"
        )
    )

    (read,) = reader.read(saved(document))

    assert read.rows[0].cells[0].parts == (
        "Ages 16-25 careleavers; Local offer and PAs",
        "Next line",
    )


def test_a_row_that_skips_grid_columns_keeps_its_cells_in_their_columns():
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    fill_row(table.rows[0], "Ref", "Action", "Lead")
    tr = table.rows[1]._tr
    tr.remove(tr.tc_lst[0])  # the row starts one grid column in
    tr.insert(0, parse_xml(f'<w:trPr {nsdecls("w")}><w:gridBefore w:val="1"/></w:trPr>'))
    cells = tr.tc_lst
    cells[0].append(parse_xml(f"<w:p {nsdecls('w')}><w:r><w:t>Find flats</w:t></w:r></w:p>"))
    cells[1].append(parse_xml(f"<w:p {nsdecls('w')}><w:r><w:t>Jo</w:t></w:r></w:p>"))

    (read,) = reader.read(saved(document))

    assert [row.texts for row in read.rows] == [["Ref", "Action", "Lead"], ["", "Find flats", "Jo"]]


def test_a_solid_pattern_shows_its_pattern_colour_not_the_fill_beneath():
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    fill_row(table.rows[0], "Red", "Green")
    shade(table.rows[0].cells[0], "FFFFFF", pattern="solid")
    table.rows[0].cells[0]._tc.tcPr[-1].set(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}color", "FF0000"
    )
    shade(table.rows[0].cells[1], "00B050", pattern="pct10")

    (read,) = reader.read(saved(document))

    assert [cell.fill for cell in read.rows[0].cells] == ["FF0000", "00B050"]


def test_tables_and_headings_inside_content_controls_are_read():
    document = docx.Document()
    w = nsdecls("w")
    document.add_heading("Care Leavers", level=1)
    table = document.add_table(rows=1, cols=1)
    fill_row(table.rows[0], "Action")
    heading = document.paragraphs[-1]._p
    body = document.element.body
    # A template's content control, and custom XML around it, hold the heading and table.
    control = parse_xml(f"<w:sdt {w}><w:sdtContent><w:customXml/></w:sdtContent></w:sdt>")
    body.insert(body.index(heading), control)
    control[0][0].append(heading)
    control[0][0].append(table._tbl)

    (read,) = reader.read(saved(document))

    assert (read.heading, read.rows[0].texts) == ("Care Leavers", ["Action"])


def test_every_row_is_as_wide_as_the_tables_grid():
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    fill_row(table.rows[0], "Action", "Lead")
    table._tbl.tblGrid.append(parse_xml(f'<w:gridCol {nsdecls("w")} w:w="1000"/>'))

    (read,) = reader.read(saved(document))

    assert read.rows[0].cells == (Cell(parts=("Action",)), Cell(parts=("Lead",)), Cell())


def test_a_heading_on_two_lines_is_one_line_and_bare_cells_and_tables_are_read():
    document = docx.Document()
    heading = document.add_heading("Care Leavers", level=1).runs[0]
    heading.add_break()
    heading.add_text("2025 to 2028")
    table = document.add_table(rows=1, cols=2)
    fill_row(table.rows[0], "Action", "Lead")
    # As some programs write them: no table grid, no cell properties.
    table._tbl.remove(table._tbl.tblGrid)
    for tc in table.rows[0]._tr.tc_lst:
        tc.remove(tc.tcPr)

    (read,) = reader.read(saved(document))

    assert read.heading == "Care Leavers 2025 to 2028"
    assert read.rows[0].cells == (Cell(parts=("Action",)), Cell(parts=("Lead",)))


def test_rows_cells_and_paragraphs_inside_content_controls_are_read():
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    fill_row(table.rows[0], "Action", "Lead")
    fill_row(table.rows[1], "Find flats", "Jo")
    w = nsdecls("w")

    def wrap(element):
        control = parse_xml(f"<w:sdt {w}><w:sdtContent/></w:sdt>")
        element.addprevious(control)
        control[0].append(element)

    first, second = table.rows[0]._tr, table.rows[1]._tr
    wrap(second)  # a repeating section's row
    wrap(first.tc_lst[1])  # a cell
    wrap(first.tc_lst[0].p_lst[0])  # a paragraph in a cell

    (read,) = reader.read(saved(document))

    assert [row.texts for row in read.rows] == [["Action", "Lead"], ["Find flats", "Jo"]]
