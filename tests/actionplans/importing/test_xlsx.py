"""The Excel reader, on workbooks built here with each variation councils' plans have."""

from __future__ import annotations

import datetime
import io
import re
import zipfile

import openpyxl
import pytest
from openpyxl.styles import Color, PatternFill

from actionplans.importing.readers import xlsx
from actionplans.importing.table import Cell, UnreadableFile

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
    workbook.create_sheet("Workings").sheet_state = "hidden"

    tables = xlsx.read(saved(workbook))

    assert [(table.where, table.heading) for table in tables] == [
        ("sheet 'Education'", "Education"),
        ("sheet 'Health'", "Health"),
        ("sheet 'Key'", "Key"),
    ]
    assert tables[2].rows[0].texts == ["Red", "Off track"]


@pytest.mark.parametrize(
    ("value", "number_format", "text"),
    [
        (datetime.datetime(2026, 3, 31), "dd/mm/yyyy", "2026-03-31"),
        (datetime.datetime(2026, 3, 31, 17, 30), "d mmmm yyyy", "2026-03-31"),
        (datetime.date(2026, 3, 31), "mm-dd-yy", "2026-03-31"),
        (datetime.datetime(2026, 3, 31), "[$-F800]dddd, mmmm dd, yyyy", "2026-03-31"),
        (datetime.datetime(2026, 3, 1), "mmm-yy", "March 2026"),
        (datetime.datetime(2026, 3, 1), "mmmm yyyy", "March 2026"),
        (datetime.datetime(2026, 1, 1), "yyyy", "2026"),
        (1.1, "General", "1.1"),
        (1.1, "0.00", "1.10"),
        (4.0, "General", "4"),
        (0.1 + 0.2, "General", "0.3"),
        (1234.5, "#,##0.0#", "1,234.5"),
        (0.25, "0%", "25%"),
        (True, "General", "TRUE"),
        ("=SUM(A1:A2)", "General", "=SUM(A1:A2)"),
    ],
)
def test_a_cell_gives_the_text_the_person_sees(value, number_format, text):
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = value
    workbook.active["A1"].number_format = number_format
    if isinstance(value, str):
        workbook.active["A1"].data_type = "s"  # text that looks like a formula stays text

    (table,) = xlsx.read(saved(workbook))

    assert table.rows[0].cells[0].parts == (text,)


def with_cached_value(data: bytes, value: str) -> bytes:
    """The workbook as Excel would save it: each formula with the value it last worked out."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            content = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(rb"</f><v\s*/?>(</v>)?", f"</f><v>{value}</v>".encode(), content)
            target.writestr(member.filename, content)
    return buffer.getvalue()


def test_a_formula_gives_its_saved_value_and_is_never_worked_out():
    workbook = openpyxl.Workbook()
    workbook.active.append([2, 3, "=A1+B1"])
    data = saved(workbook)

    (unsaved,) = xlsx.read(data)
    (cached,) = xlsx.read(with_cached_value(data, "99"))

    assert unsaved.rows[0].cells[2] == Cell(notes=(xlsx.NO_SAVED_VALUE,))
    assert cached.rows[0].cells[2].parts == ("99",)  # what Excel saved, not 5


def test_theme_and_indexed_fills_are_resolved_and_patterns_are_not_fills():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["theme", "tinted", "indexed", "hatched"])
    sheet["A1"].fill = solid(Color(theme=5))  # accent2 of openpyxl's (Office 2007) theme
    sheet["B1"].fill = solid(Color(theme=5, tint=0.7999816888943144))  # Lighter 80%
    sheet["C1"].fill = solid(Color(indexed=10))  # the legacy palette's red
    sheet["D1"].fill = PatternFill("darkGray", fgColor="FF0000")

    (table,) = xlsx.read(saved(workbook))

    assert [cell.fill for cell in table.rows[0].cells] == ["C0504D", "F2DCDB", "FF0000", None]


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
    with pytest.raises(UnreadableFile, match="Excel workbook is damaged"):
        xlsx.read(b"%PDF-1.7 not a workbook")
