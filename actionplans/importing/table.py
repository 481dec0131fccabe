"""What every reader gives: a file's tables, as plain rows of cells.

A reader keeps what the file says and guesses nothing about plans: the rules for reading a
plan live in reading.py, once, for every format.
"""

from __future__ import annotations

import dataclasses


class UnreadableFile(Exception):
    """The file cannot be read at all: the message says what to fix, in the person's words."""


@dataclasses.dataclass(frozen=True)
class Cell:
    # The cell's text, with its paragraphs or lines as separate parts, each stripped, empty
    # ones left out. A reader that knows where one bullet point ends and the next starts
    # (a Word list paragraph, a line break) gives each its own part.
    parts: tuple[str, ...] = ()
    # The fill or shading of the cell as "RRGGBB" (upper case), or None when it has none.
    fill: str | None = None
    # True when the cell is covered by a merged cell above it (a key outcome merged down
    # over its actions): its text is the merged cell's, given only on the first row.
    merged: bool = False
    # Guesses the reader made about this cell ("split into 3 bullet points at capital
    # letters"), shown to the person as warnings with the cell's row and column.
    notes: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return " ".join(self.parts)

    @classmethod
    def of(cls, text: str | None, **kwargs) -> Cell:
        """A cell from text whose line breaks separate its parts."""
        parts = tuple(line.strip() for line in (text or "").splitlines() if line.strip())
        return cls(parts=parts, **kwargs)


@dataclasses.dataclass(frozen=True)
class Row:
    # Where the row is in its table, as the person would find it: a line number in a text
    # file, the row number in a spreadsheet or CSV, the row's position in a Word or PDF
    # table (counting from 1).
    number: int
    cells: tuple[Cell, ...]
    # A line that is not part of the table's grid at all (a page title or footer between
    # pages of a flattened table): never an action, never a header.
    loose: bool = False
    # The row is the first after a page break (flattened text, PDF): a cell running at the
    # break may carry on here.
    after_page_break: bool = False

    @property
    def texts(self) -> list[str]:
        return [cell.text for cell in self.cells]


@dataclasses.dataclass(frozen=True)
class Table:
    # Where the table is, for messages: "sheet 'Care Leavers'", "table 2", "page 3", or ""
    # when the file holds one table only.
    where: str
    # What names the table in the file: a spreadsheet's sheet name, the heading before a
    # Word table. reading.py decides whether it names a section.
    heading: str
    rows: tuple[Row, ...]
