"""The Excel reader, on workbooks built here with each variation councils' plans have."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from openpyxl.styles import PatternFill

from actionplans.importing.readers import xlsx
from actionplans.importing.table import Cell, UnreadableFile
from tests.actionplans.importing.excel import with_shared_strings

pytestmark = pytest.mark.sqlite  # no database: runs on both test runs

BAD, NEUTRAL, GOOD = "FFC7CE", "FFEB9C", "C6EFCE"  # Excel's "Bad", "Neutral", "Good" styles


def saved(workbook: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def solid(colour) -> PatternFill:
    return PatternFill("solid", fgColor=colour)


def plan_workbook() -> openpyxl.Workbook:
    """A title and subtitle above the header, a key outcome merged over its actions, RAG as
    text, as fill and both, footnotes under the table."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Care Leavers"
    sheet.append(["Corporate Parenting Action Plan"])
    sheet.append(["2025 to 2028, refreshed April 2025"])
    sheet.append(["Ref", "Key outcome", "Action", "Lead", "By when?", "RAG"])
    sheet.append(
        [1.1, "Care leavers have homes", "Find flats\nand support", "Jo / Al", None, "Red"]
    )
    sheet.append([1.2, None, "Train landlords", "Housing Team", None, None])
    sheet.append([1.3, None, "Review rents", "Sam", None, "Green"])
    sheet.merge_cells("B4:B6")
    sheet["F4"].fill = solid(BAD)
    sheet["F5"].fill = solid(NEUTRAL)
    sheet["F6"].fill = solid(GOOD)
    sheet.append([])
    sheet.append(["* Leads are officers unless named otherwise."])
    return workbook


def test_every_row_comes_through_with_merged_key_outcome_and_rag_fills():
    (table,) = xlsx.read(saved(plan_workbook()))

    assert (table.where, table.heading) == ("sheet 'Care Leavers'", "Care Leavers")
    assert [row.number for row in table.rows] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert table.rows[0].texts == ["Corporate Parenting Action Plan", "", "", "", "", ""]
    assert table.rows[1].texts[0] == "2025 to 2028, refreshed April 2025"
    assert table.rows[2].texts == ["Ref", "Key outcome", "Action", "Lead", "By when?", "RAG"]
    first, second, third = table.rows[3:6]
    assert first.cells[1] == Cell(parts=("Care leavers have homes",))
    assert second.cells[1] == third.cells[1] == Cell(merged=True)
    assert first.cells[2].parts == ("Find flats", "and support")
    assert [row.cells[5] for row in (first, second, third)] == [
        Cell(parts=("Red",), fill=BAD),
        Cell(fill=NEUTRAL),
        Cell(parts=("Green",), fill=GOOD),
    ]
    assert table.rows[6].texts == [""] * 6
    assert table.rows[7].texts[0] == "* Leads are officers unless named otherwise."


def test_a_sheet_per_section_and_a_key_sheet_each_give_a_table_but_hidden_sheets_do_not():
    workbook = openpyxl.Workbook()
    workbook.active.title = "Education"
    workbook.active.append(["Action", "RAG"])
    workbook.create_sheet("Health").append(["Action", "RAG"])
    key = workbook.create_sheet("Key")
    key.append(["Red", "Off track"])
    workbook.create_sheet("Workings", index=0).sheet_state = "hidden"  # the sheets after it count

    tables = xlsx.read(saved(workbook))

    assert [(table.where, table.heading) for table in tables] == [
        ("sheet 'Education'", "Education"),
        ("sheet 'Health'", "Health"),
        ("sheet 'Key'", "Key"),
    ]
    assert tables[2].rows[0].texts == ["Red", "Off track"]


def test_a_horizontal_merge_leaves_the_other_cells_empty_not_merged():
    workbook = openpyxl.Workbook()
    workbook.active.append(["Care Leavers", None, None])
    workbook.active.append(["Action", "Lead", "RAG"])
    workbook.active.merge_cells("A1:C1")

    (table,) = xlsx.read(saved(workbook))

    assert table.rows[0].cells == (Cell(parts=("Care Leavers",)), Cell(), Cell())


def test_ten_thousand_columns_are_refused_at_once():
    workbook = openpyxl.Workbook()
    workbook.active.append([f"Column {n}" for n in range(10_000)])

    with pytest.raises(UnreadableFile, match=r"text in column BI \(cell BI1\).*at most 60"):
        xlsx.read(saved(workbook))


def test_a_sheet_may_use_every_row_a_plan_may_have_and_no_more():
    workbook = openpyxl.Workbook()
    workbook.active.title = "Plan"
    workbook.active.cell(row=xlsx.MAX_ROWS, column=1, value="Last")
    (table,) = xlsx.read(saved(workbook))
    assert table.rows[-1].texts == ["Last"]

    workbook.active.cell(row=xlsx.MAX_ROWS + 1, column=1, value="One too many")
    with pytest.raises(UnreadableFile) as refused:
        xlsx.read(saved(workbook))
    assert str(refused.value) == (
        "The sheet 'Plan' is too large to be an action plan: it has text in row 20,001; a "
        "plan has at most 20,000 rows. Delete the rows and columns outside the plan (or copy "
        "the plan into a new workbook), save it and upload it again."
    )


def test_a_value_far_below_the_plan_is_refused_but_a_stray_fill_is_not():
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Action"
    workbook.active["A900000"].fill = solid(BAD)
    (table,) = xlsx.read(saved(workbook))
    workbook.active["A30000"] = "stray"

    with pytest.raises(UnreadableFile, match="text in row 30,000"):
        xlsx.read(saved(workbook))
    assert table.rows[-1].number == 900_000  # a fill is kept: reading.py may read it


def test_a_file_that_is_not_a_workbook_says_so():
    with pytest.raises(UnreadableFile) as refused:
        xlsx.read(b"%PDF-1.7 not a workbook")
    assert str(refused.value) == (
        "The Excel workbook is damaged and could not be read. Open it in Excel, save it as an "
        "Excel workbook (.xlsx) and upload the new copy."
    )


def test_a_merge_reaches_its_last_row_and_no_further_and_is_read_up_to_the_last_column():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"], sheet["B3"] = "Homes", "Next"
    sheet.merge_cells("A1:A2")
    last = openpyxl.utils.get_column_letter(xlsx.MAX_COLUMNS)
    sheet[f"{last}1"] = "Notes"
    sheet.merge_cells(f"{last}1:{last}2")

    (table,) = xlsx.read(saved(workbook))

    assert [row.cells[0] for row in table.rows] == [
        Cell(parts=("Homes",)),
        Cell(merged=True),
        Cell(),
    ]
    assert table.rows[1].cells[xlsx.MAX_COLUMNS - 1] == Cell(merged=True)


def test_the_refusals_of_a_sheet_too_large_name_the_sheet():
    workbook = openpyxl.Workbook()
    workbook.active.title = "Plan"
    workbook.active.append([f"Column {n}" for n in range(xlsx.MAX_COLUMNS + 1)])

    with pytest.raises(UnreadableFile) as refused:
        xlsx.read(saved(workbook))

    assert str(refused.value).startswith(
        "The sheet 'Plan' is too large to be an action plan: it has text in column BI (cell "
        "BI1); a plan has at most 60 columns."
    )


def test_text_is_read_from_the_shared_list_as_excel_saves_it():
    workbook = openpyxl.Workbook()
    workbook.active.append(["Key outcome", "Action"])
    workbook.active.append(["Homes", "Find flats"])
    workbook.create_sheet("Health").append(["Action", "Lead"])
    data = with_shared_strings(saved(workbook))
    book = zipfile.ZipFile(io.BytesIO(data))
    sheet = book.read("xl/worksheets/sheet1.xml")
    assert b'<c r="B2" t="s"><v>3</v></c>' in sheet  # the cells name their text
    assert b'<c r="B1" t="s"><v>5</v></c>' in book.read("xl/worksheets/sheet2.xml")

    first, second = xlsx.read(data)

    assert [row.texts for row in first.rows] == [["Key outcome", "Action"], ["Homes", "Find flats"]]
    assert [row.texts for row in second.rows] == [["Action", "Lead"]]


def test_a_merge_past_the_last_column_is_passed_over_and_the_next_is_read():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"] = "Homes"
    sheet.merge_cells("BZ1:CA2")  # empty, past the 60 columns read: not a plan's
    sheet.merge_cells("A1:A2")

    (table,) = xlsx.read(saved(workbook))

    assert [row.cells for row in table.rows] == [(Cell(parts=("Homes",)),), (Cell(merged=True),)]
