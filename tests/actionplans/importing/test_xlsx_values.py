"""The Excel reader: what a cell shows (numbers through their formats, dates, times,
durations, formulas' saved values) and the colour of its fill, however the workbook stores
it. How sheets, rows and merges come through is test_xlsx.py's."""

from __future__ import annotations

import datetime
import io
import re
import zipfile

import openpyxl
import pytest
from openpyxl.styles import Color, PatternFill

from actionplans.importing.readers import xlsx
from actionplans.importing.table import Cell
from tests.actionplans.importing.test_xlsx import saved, solid

pytestmark = pytest.mark.sqlite  # no database: runs on both test runs


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
