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
    workbook.create_sheet("Workings", index=0).sheet_state = "hidden"  # the sheets after it count

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
        (False, "General", "FALSE"),
        ("=SUM(A1:A2)", "General", "=SUM(A1:A2)"),
        # The first section of a format is for positive numbers; literals are not places.
        (datetime.datetime(2026, 1, 1), "yyyy;d", "2026"),
        (1.5, "0.00;[Red]-0.00", "1.50"),
        (1234.4, '"£"#,##0', "1,234"),
        (1234.5, "0.00", "1234.50"),  # no grouping unless the format asks
        (3.7, "0", "4"),
        (0.256, "0.0%", "25.6%"),
        (2.0, "0.##", "2"),  # "#" places show only when needed
        (1.05, "0.##", "1.05"),
        (1234.4, "0.00E+00", "1234.4"),  # a format beyond places and grouping: General
        (datetime.time(9, 5), "h:mm", "09:05"),
        (datetime.timedelta(hours=30), "[h]:mm", "1 day, 6:00:00"),  # a duration, not 1.25
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


def test_a_whole_number_saved_as_a_float_shows_whole_up_to_fifteen_digits():
    # Excel saves 1E+15 so, which openpyxl reads as a float.
    assert xlsx.display_text(1e15 - 1, "General") == "999999999999999"
    assert xlsx.display_text(1e15, "General") == "1e+15"


def test_a_formula_gives_its_saved_value_and_is_never_worked_out():
    workbook = openpyxl.Workbook()
    workbook.active.append([2, 3, "=A1+B1"])
    data = saved(workbook)

    (unsaved,) = xlsx.read(data)
    (cached,) = xlsx.read(with_cached_value(data, "99"))

    assert unsaved.rows[0].cells[2] == Cell(notes=(xlsx.NO_SAVED_VALUE,))
    assert cached.rows[0].cells[2].parts == ("99",)  # what Excel saved, not 5


def test_a_formula_whose_saved_value_is_empty_text_is_an_empty_cell_with_no_note():
    workbook = openpyxl.Workbook()
    workbook.active.append([True, '=IF(A1,"","late")', "=A1"])
    source = zipfile.ZipFile(io.BytesIO(saved(workbook)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for member in source.infolist():
            content = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                # As Excel saves them: a text result (t="str"), empty; then no value at all.
                content = re.sub(rb'<c r="B1"', b'<c r="B1" t="str"', content)
            target.writestr(member.filename, content)

    (table,) = xlsx.read(buffer.getvalue())

    assert table.rows[0].cells[1:] == (Cell(), Cell(notes=(xlsx.NO_SAVED_VALUE,)))


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


def test_each_way_excel_stores_a_colour_is_resolved_or_is_no_colour():
    from types import SimpleNamespace as Colour

    from openpyxl.styles.colors import COLOR_INDEX

    from actionplans.importing.readers.colours import colour_hex

    theme = [f"{n:02X}0000" for n in range(12)]
    theme[5] = "C0504D"  # Office 2007's accent2, whose tints Excel's colour picker offers
    palette = ["00112233"] * 66  # a workbook's own palette, longer than it may use

    def rgb(value):
        return colour_hex(Colour(type="rgb", rgb=value), theme)

    def indexed(index, palette=None):
        return colour_hex(Colour(type="indexed", indexed=index), theme, palette)

    def themed(slot, tint=None):
        return colour_hex(Colour(type="theme", theme=slot, tint=tint), theme)

    assert (rgb("FFC7CE"), rgb("ffffc7ce"), rgb("0FFC7CE"), rgb(None)) == (
        "FFC7CE",
        "FFC7CE",
        None,
        None,
    )
    assert (indexed(0), indexed(63), indexed(64), indexed(None)) == (
        COLOR_INDEX[0][-6:],
        COLOR_INDEX[63][-6:],
        None,  # 64 and 65: the system's foreground and background
        None,
    )
    assert (indexed(10, palette), indexed(64, palette), indexed(10, palette[:5])) == (
        "112233",
        None,
        None,
    )
    # Darker 50%, lighter 40% and 60%, as Excel shows them.
    assert [
        themed(5, tint) for tint in (-0.499984740745262, 0.3999755851924192, 0.5999938962981)
    ] == [
        "632523",
        "D99694",
        "E6B9B8",
    ]
    assert (themed(0), themed(11), themed(12), themed(None)) == ("000000", "0B0000", None, None)
    assert colour_hex(Colour(type="auto"), theme) is None
    assert colour_hex(object(), theme) is None  # not a colour openpyxl knows
    assert colour_hex(None, theme) is None


def test_a_mac_workbooks_dates_count_from_1904():
    workbook = openpyxl.Workbook()
    workbook.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    workbook.active["A1"] = datetime.date(2026, 3, 31)
    workbook.active["A1"].number_format = "dd/mm/yyyy"

    (table,) = xlsx.read(saved(workbook))

    assert table.rows[0].texts == ["2026-03-31"]


def test_fills_are_kept_on_empty_cells_and_formulas_without_a_saved_value():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Action", None, "=A1"])
    sheet["B1"].fill = solid(Color(theme=5))
    sheet["C1"].fill = solid("FF0000")

    (table,) = xlsx.read(saved(workbook))

    assert table.rows[0].cells[1:] == (
        Cell(fill="C0504D"),
        Cell(fill="FF0000", notes=(xlsx.NO_SAVED_VALUE,)),
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


def test_a_workbooks_own_palette_gives_its_indexed_colours():
    workbook = openpyxl.Workbook()
    workbook._colors = ["00112233"] * 64  # as a workbook that redefines the palette saves it
    workbook.active.append(["Action", None])
    workbook.active["A1"].fill = solid(Color(indexed=10))
    workbook.active["B1"].fill = solid(Color(indexed=11))  # an empty cell's fill, too

    (table,) = xlsx.read(saved(workbook))

    assert [cell.fill for cell in table.rows[0].cells] == ["112233", "112233"]


def test_a_gradient_fill_is_no_fill():
    from openpyxl.styles import GradientFill

    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Action"
    workbook.active["A1"].fill = GradientFill(stop=("FF0000", "00B050"))

    (table,) = xlsx.read(saved(workbook))

    assert table.rows[0].cells[0] == Cell(parts=("Action",))


def with_shared_strings(data: bytes) -> bytes:
    """The workbook as Excel saves its text: in one shared list, each cell naming its entry
    (openpyxl writes each cell's text in the cell)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    members = {member.filename: source.read(member) for member in source.infolist()}
    shared: list[bytes] = []

    def to_shared(found: re.Match) -> bytes:
        shared.append(found.group(2))
        return found.group(1) + b' t="s"><v>' + str(len(shared) - 1).encode() + b"</v></c>"

    sheet = "xl/worksheets/sheet1.xml"
    members[sheet] = re.sub(
        rb'(<c r="[A-Z]+\d+"(?: s="\d+")?) t="inlineStr"><is><t>([^<]*)</t></is></c>',
        to_shared,
        members[sheet],
    )
    entries = b"".join(b"<si><t>" + text + b"</t></si>" for text in shared)
    members["xl/sharedStrings.xml"] = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="'
        + str(len(shared)).encode()
        + b'">'
        + entries
        + b"</sst>"
    )
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name, content in members.items():
            target.writestr(name, content)
    return buffer.getvalue()


def test_text_is_read_from_the_shared_list_as_excel_saves_it():
    workbook = openpyxl.Workbook()
    workbook.active.append(["Key outcome", "Action"])
    workbook.active.append(["Homes", "Find flats"])
    data = with_shared_strings(saved(workbook))
    assert b'<c r="B2" t="s"><v>3</v></c>' in data  # the cells name their text

    (table,) = xlsx.read(data)

    assert [row.texts for row in table.rows] == [["Key outcome", "Action"], ["Homes", "Find flats"]]


def test_a_merge_past_the_last_column_is_passed_over_and_the_next_is_read():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"] = "Homes"
    sheet.merge_cells("BZ1:CA2")  # empty, past the 60 columns read: not a plan's
    sheet.merge_cells("A1:A2")

    (table,) = xlsx.read(saved(workbook))

    assert [row.cells for row in table.rows] == [(Cell(parts=("Homes",)),), (Cell(merged=True),)]
