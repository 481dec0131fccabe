"""Excel workbooks (.xlsx): one Table per visible sheet, every row as the sheet has it.

Title rows, a key, footnotes and blank rows all come through: reading.py decides what they
are. A cell's text is what the person sees, not what Excel stores:
- a date is ISO text ("2026-03-31") whatever its number format, so reading.py reads it one
  way; a format that shows no day ("Mar-26", "mmmm yyyy") gives "March 2026", since a named
  month means its last day (actionplans.deadlines) and the first of the month would be wrong;
- a number is shown through its number format where that is a plain one ("0.00" makes 1.1 the
  reference "1.10"); other formats show it as Excel's General would;
- a formula gives the value Excel saved with it, never evaluated here; a formula saved without
  a value (written by a program, never opened in Excel) is an empty cell with a note. Text
  that merely starts with "=" is text: nothing in our pipeline can run it.
Fills are read from solid pattern fills (theme and indexed colours resolved, see colours.py).
Fills that conditional formatting would paint are not read: that needs the rules evaluated.

Merged ranges: the top-left cell keeps the text and fill; the cells below it in its column are
`merged` with neither (reading.py carries the first row's down); the other covered cells are
empty. Hidden sheets are skipped; hidden rows and columns are kept, as they are part of the
plan's grid.

The sheet is streamed with openpyxl's own parser (the one read-only mode uses, which also
collects the merged ranges that read-only mode leaves out), so a sheet with a stray value in
column XFD or row 1,048,576 is refused at once rather than read cell by cell.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile

import openpyxl
from openpyxl.cell.read_only import ReadOnlyCell
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser

from actionplans.importing.readers import archive, colours
from actionplans.importing.table import Cell, Row, Table, UnreadableFile

# A plan has a dozen columns; 5,000 actions is a very large plan.
MAX_COLUMNS = 60
MAX_ROWS = 20_000
# Cells in the file, counting empty formatted ones, past which a sheet is not a plan: 20,000
# rows of 15 columns. openpyxl parses about 100,000 cells a second, so this bounds the time
# a sheet of countless formatted empty cells can take (1.2 million took 11 s).
MAX_CELLS = 300_000

NO_SAVED_VALUE = (
    "This cell has a formula with no saved value. Open the workbook in Excel, save it and "
    "upload it again."
)


def read(data: bytes) -> list[Table]:
    workbook = _open(data)
    try:
        theme = colours.theme_colours(getattr(workbook, "loaded_theme", None))
        palette = getattr(workbook, "_colors", None) or None
        tables = []
        for sheet in workbook.worksheets:
            if sheet.sheet_state != "visible":
                continue
            rows = _sheet_rows(workbook, sheet, theme, palette)
            tables.append(Table(where=f"sheet '{sheet.title}'", heading=sheet.title, rows=rows))
    except zipfile.BadZipFile as error:
        # zipfile stops at a member's declared size and then finds its checksum wrong: a
        # file whose headers lie about its size ends here, unpacked no further than it said.
        raise _damaged() from error
    finally:
        workbook.close()
    if not tables:
        raise UnreadableFile(
            "Every sheet in the workbook is hidden. Unhide the sheets that hold the plan, "
            "save the workbook and upload it again."
        )
    return tables


def _open(data: bytes):
    try:
        archive.check_unpacked_size(zipfile.ZipFile(io.BytesIO(data)).infolist())
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except UnreadableFile:
        raise
    except Exception as error:  # openpyxl raises anything from KeyError to ValueError
        raise _damaged() from error


def _damaged() -> UnreadableFile:
    return UnreadableFile(
        "The Excel workbook is damaged and could not be read. Open it in Excel, save it as an "
        "Excel workbook (.xlsx) and upload the new copy."
    )


class _Parser(WorkSheetParser):
    """openpyxl's sheet parser, telling a formula saved without a value from an empty cell."""

    def parse_cell(self, element):
        values = super().parse_cell(element)
        # An empty value is a real result only for text ("str"): =IF(A1, "", "late").
        saved = element.findtext(VALUE_TAG) or element.get("t") == "str"
        if element.find(FORMULA_TAG) is not None and not saved:
            values["data_type"] = "f"
        return values


def _sheet_rows(workbook, sheet, theme, palette) -> tuple[Row, ...]:
    parser = _Parser(
        sheet._get_source(),
        # The text the file's cells name by number: the reader's list, which the read-only
        # sheet holds. workbook.shared_strings is the list a workbook being written fills,
        # empty here: every workbook Excel saves keeps its text in the shared list.
        sheet._shared_strings,
        data_only=True,
        epoch=workbook.epoch,
        date_formats=workbook._date_formats,
        timedelta_formats=workbook._timedelta_formats,
    )
    found: dict[int, dict[int, Cell]] = {}
    seen = 0
    for number, parsed in parser.parse():
        seen += len(parsed) + 1
        if seen > MAX_CELLS:
            raise _too_big(sheet.title, f"more than {MAX_CELLS:,} cells")
        cells = {}
        for values in parsed:
            cell = ReadOnlyCell(sheet, **values)
            if cell.value is None and cell.data_type != "f":
                fill = colours.fill_colour(cell.fill, theme, palette) if cell.has_style else None
                if fill:
                    cells[cell.column] = Cell(fill=fill)
                continue
            _check_within_limits(sheet.title, cell)
            cells[cell.column] = _cell(cell, theme, palette)
        if cells:
            found[number] = cells
    _apply_merges(found, parser.merged_cells)
    return _grid(found)


def _check_within_limits(title: str, cell) -> None:
    if cell.column > MAX_COLUMNS:
        raise _too_big(
            title,
            f"text in column {get_column_letter(cell.column)} (cell {cell.coordinate}); "
            f"a plan has at most {MAX_COLUMNS} columns",
        )
    if cell.row > MAX_ROWS:
        raise _too_big(title, f"text in row {cell.row:,}; a plan has at most {MAX_ROWS:,} rows")


def _too_big(title: str, what: str) -> UnreadableFile:
    return UnreadableFile(
        f"The sheet '{title}' is too large to be an action plan: it has {what}. Delete the "
        "rows and columns outside the plan (or copy the plan into a new workbook), save it "
        "and upload it again."
    )


def _cell(cell, theme, palette) -> Cell:
    fill = colours.fill_colour(cell.fill, theme, palette) if cell.has_style else None
    if cell.value is None:  # a formula whose value was never saved
        return Cell(fill=fill, notes=(NO_SAVED_VALUE,))
    return Cell.of(display_text(cell.value, cell.number_format), fill=fill)


def _apply_merges(found: dict[int, dict[int, Cell]], merged) -> None:
    for merge in getattr(merged, "mergeCell", None) or ():
        min_col, min_row, max_col, max_row = range_boundaries(merge.ref)
        if min_col > MAX_COLUMNS or min_row > MAX_ROWS:
            continue
        for number in range(min_row, min(max_row, MAX_ROWS) + 1):
            row = found.setdefault(number, {})
            for column in range(min_col, min(max_col, MAX_COLUMNS) + 1):
                if (number, column) == (min_row, min_col):
                    continue
                below = column == min_col
                row[column] = Cell(merged=True) if below else Cell()


def _grid(found: dict[int, dict[int, Cell]]) -> tuple[Row, ...]:
    """Every row from the first to the last that holds anything, all as wide as the widest."""
    found = {number: cells for number, cells in found.items() if any(cells.values())}
    if not found:
        return ()
    width = max(max(cells) for cells in found.values())
    empty = Cell()
    return tuple(
        Row(
            number=number,
            cells=tuple(found.get(number, {}).get(column, empty) for column in range(1, width + 1)),
        )
        for number in range(1, max(found) + 1)
    )


# Number formats, ---------------------------------------------------------------------------

_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')
_DECIMALS = re.compile(r"[0#?]*\.([0#?]+)")


def display_text(value, number_format: str) -> str:
    """The text Excel shows for a cell's value, as far as reading a plan needs it."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime.datetime | datetime.date):
        return _date_text(value, number_format)
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, datetime.timedelta):
        return str(value)
    if isinstance(value, int | float):
        return _number_text(value, number_format)
    return str(value)


def _date_text(value: datetime.date, number_format: str) -> str:
    if isinstance(value, datetime.datetime):
        value = value.date()
    shown = _LITERALS.sub("", (number_format or "").split(";")[0]).lower()
    if "d" in shown or "y" not in shown:
        return value.isoformat()
    if "m" in shown:
        return value.strftime("%B %Y")
    return str(value.year)


def _number_text(value: float, number_format: str) -> str:
    # The first section, for positive numbers, less its literals; General, "@" (text) and
    # any format beyond plain places, grouping and percent show as General.
    plain = _LITERALS.sub("", (number_format or "").split(";")[0]).strip()
    if not re.fullmatch(r"[0#?,.%\s]+", plain):
        return _general(value)
    if "%" in plain:
        value *= 100
    places = _DECIMALS.search(plain)
    fixed = places.group(1).count("0") if places else 0
    most = len(places.group(1)) if places else 0
    grouping = "," if "," in plain.split(".")[0] else ""
    text = f"{value:{grouping}.{most}f}"
    if most > fixed:  # "#" places show only when needed
        whole, _, fraction = text.partition(".")
        fraction = fraction[:fixed] + fraction[fixed:].rstrip("0")
        text = f"{whole}.{fraction}" if fraction else whole
    return text + ("%" if "%" in plain else "")


def _general(value: float) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, float):
        return f"{value:.15g}"  # 0.30000000000000004 shows as 0.3
    return str(value)
