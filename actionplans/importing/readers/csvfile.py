"""A plan saved as CSV: UTF-8 (with or without a byte order mark), any line ending, quoted
cells that hold commas and line breaks. A line break inside a cell separates its parts."""

from __future__ import annotations

import csv
import io

from actionplans.importing.readers import decode
from actionplans.importing.table import Cell, Row, Table, UnreadableFile

MAX_COLUMNS = 60


def read(data: bytes) -> list[Table]:
    text = decode(data)
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        # Numbered as a spreadsheet shows them: a cell's line breaks do not start a new row.
        for number, record in enumerate(reader, start=1):
            if not any(value.strip() for value in record):
                continue
            if len(record) > MAX_COLUMNS:
                raise UnreadableFile(
                    f"Row {number} of the file has {len(record)} columns; an action "
                    f"plan has a few (at most {MAX_COLUMNS} are read). Check the file is the "
                    "plan, saved with commas between its columns."
                )
            cells = tuple(Cell.of(value) for value in record)
            rows.append(Row(number=number, cells=cells))
    except csv.Error as error:
        raise UnreadableFile(
            f"The CSV file cannot be read near line {reader.line_num} ({error}). Check its "
            "quotation marks are paired, or save it again from the spreadsheet."
        ) from error
    return [Table(where="", heading="", rows=tuple(rows))]
