"""Word documents (.docx): one Table per table in the body, in document order.

- heading: the nearest heading before the table (a paragraph styled "Heading …" or "Title",
  or a short paragraph all in bold), else "". A heading is not forgotten at a table: two
  tables under one heading both carry it, and reading.py decides whether it names a section.
- where: "table N", counting the body's tables from 1.
- A cell's parts are its paragraphs, and its lines where a paragraph has line breaks: a list
  paragraph (bulleted or numbered) is a part like any other, without its bullet or number,
  and a lead-in such as "We will:" stays a part of its own for reading.py to judge.
- fill: the cell's shading (w:shd; "auto" is none).
- A cell merged down from the one above (w:vMerge continue) is `merged`, with no text or fill.
  A cell spanning several grid columns gives itself then an empty Cell for each further
  column; a row that skips grid columns at its start (gridBefore) starts with an empty Cell
  for each, and every row is padded at its end to the table's grid.

Left out: tables nested inside a cell (the cell gets a note saying so), tables in headers,
footers, text boxes and footnotes, deleted text of tracked changes (inserted text is kept),
and shading that comes from the table's style rather than the cell.
"""

from __future__ import annotations

import io
import zipfile

import docx
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from actionplans.importing.readers import archive
from actionplans.importing.table import Cell, Row, Table, UnreadableFile

# A paragraph this short, all in bold, before a table is taken as the table's heading.
BOLD_HEADING_MAX_CHARS = 100
NESTED_TABLE = "This cell holds a table of its own, which was left out."

# Elements inside a paragraph whose runs are its text (deleted text, w:del, is not).
_RUN_HOLDERS = {
    qn(tag)
    for tag in ("w:hyperlink", "w:ins", "w:smartTag", "w:fldSimple", "w:customXml", "w:moveTo")
} | {qn("w:sdt"), qn("w:sdtContent")}


def read(data: bytes) -> list[Table]:
    document = _open(data)
    tables: list[Table] = []
    heading = ""
    for element in _body_blocks(document.element.body):
        if element.tag == qn("w:p"):
            paragraph = Paragraph(element, document._body)
            if _is_heading(paragraph):
                heading = _paragraph_text(element).replace("\n", " ").strip()
        else:
            rows = _rows(element)
            tables.append(Table(where=f"table {len(tables) + 1}", heading=heading, rows=rows))
    if not tables:
        raise UnreadableFile(
            "The Word document has no tables. Put the plan in a table, one action to a row, "
            "and upload it again."
        )
    return tables


def _open(data: bytes):
    try:
        archive.check_unpacked_size(zipfile.ZipFile(io.BytesIO(data)).infolist())
        return docx.Document(io.BytesIO(data))
    except UnreadableFile:
        raise
    except Exception as error:  # python-docx raises anything from KeyError to ValueError
        # zipfile stops at a member's declared size and then finds its checksum wrong, so a
        # file whose headers lie about its size ends here too.
        raise UnreadableFile(
            "The Word document is damaged and could not be read. Open it in Word, save it as "
            "a Word document (.docx) and upload the new copy."
        ) from error


def _body_blocks(parent):
    """The body's paragraphs and tables in order, looking inside content controls."""
    for child in parent:
        if child.tag in (qn("w:p"), qn("w:tbl")):
            yield child
        elif child.tag in (qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")):
            yield from _body_blocks(child)


def _is_heading(paragraph: Paragraph) -> bool:
    text = _paragraph_text(paragraph._p).strip()
    if not text:
        return False
    style = paragraph.style.name if paragraph.style is not None else ""
    if style.startswith(("Heading", "Title")):
        return True
    if len(text) > BOLD_HEADING_MAX_CHARS:
        return False
    style_bold = bool(paragraph.style is not None and paragraph.style.font.bold)
    runs = [run for run in paragraph.runs if run.text.strip()]
    return bool(runs) and all(run.bold or (run.bold is None and style_bold) for run in runs)


def _rows(table) -> tuple[Row, ...]:
    grid = table.find(qn("w:tblGrid"))
    width = len(grid.findall(qn("w:gridCol"))) if grid is not None else 0
    rows = [_row_cells(tr) for tr in table.iter(qn("w:tr")) if _owner_table(tr) is table]
    width = max([width, *(len(cells) for cells in rows)])
    return tuple(
        Row(number=number, cells=tuple(cells) + (Cell(),) * (width - len(cells)))
        for number, cells in enumerate(rows, start=1)
    )


def _owner_table(element):
    """The table a row belongs to (rows of nested tables belong to those)."""
    for ancestor in element.iterancestors(qn("w:tbl")):
        return ancestor
    return None


def _row_cells(tr) -> list[Cell]:
    cells: list[Cell] = [Cell()] * _grid_count(tr, "w:gridBefore")
    for tc in tr.iter(qn("w:tc")):
        if next(tc.iterancestors(qn("w:tr"))) is not tr:
            continue  # a cell of a table nested in this row's cells
        properties = tc.find(qn("w:tcPr"))
        span = _span(properties)
        if _merged_from_above(properties):
            cells.append(Cell(merged=True))
        else:
            notes = (NESTED_TABLE,) if tc.find(qn("w:tbl")) is not None else ()
            cells.append(Cell(parts=_parts(tc), fill=_shading(properties), notes=notes))
        cells.extend([Cell()] * (span - 1))
    return cells  # _rows pads it to the grid's width, as gridAfter asks


def _grid_count(tr, tag: str) -> int:
    properties = tr.find(qn("w:trPr"))
    element = properties.find(qn(tag)) if properties is not None else None
    return _int(element.get(qn("w:val")) if element is not None else None, 0)


def _span(properties) -> int:
    element = properties.find(qn("w:gridSpan")) if properties is not None else None
    return max(1, _int(element.get(qn("w:val")) if element is not None else None, 1))


def _int(value: str | None, default: int) -> int:
    try:
        return min(int(value), 1000) if value is not None else default
    except ValueError:
        return default


def _merged_from_above(properties) -> bool:
    element = properties.find(qn("w:vMerge")) if properties is not None else None
    # <w:vMerge/> with no value carries on the merge above; "restart" begins one.
    return element is not None and element.get(qn("w:val"), "continue") == "continue"


def _shading(properties) -> str | None:
    element = properties.find(qn("w:shd")) if properties is not None else None
    if element is None:
        return None
    # A "solid" pattern paints the pattern colour over the whole cell; otherwise the fill shows.
    if element.get(qn("w:val")) == "solid":
        colour = element.get(qn("w:color"))
    else:
        colour = element.get(qn("w:fill"))
    if not colour or len(colour) != 6:  # "auto" is no colour
        return None
    return colour.upper()


def _parts(tc) -> tuple[str, ...]:
    parts = []
    for paragraph in tc.iter(qn("w:p")):
        if next(paragraph.iterancestors(qn("w:tc"))) is not tc:
            continue  # a paragraph of a nested table
        parts.extend(line.strip() for line in _paragraph_text(paragraph).split("\n"))
    return tuple(part for part in parts if part)


def _paragraph_text(paragraph) -> str:
    """The paragraph's text with its line breaks as newlines."""
    pieces: list[str] = []
    _collect(paragraph, pieces)
    return "".join(pieces)


def _collect(parent, pieces: list[str]) -> None:
    for child in parent:
        if child.tag == qn("w:r"):
            for item in child:
                if item.tag == qn("w:t"):
                    pieces.append(item.text or "")
                elif item.tag in (qn("w:br"), qn("w:cr")):
                    pieces.append("\n")
                elif item.tag in (qn("w:tab"), qn("w:ptab")):
                    pieces.append(" ")
                elif item.tag in (qn("w:noBreakHyphen"), qn("w:softHyphen")):
                    pieces.append("-" if item.tag == qn("w:noBreakHyphen") else "")
        elif child.tag in _RUN_HOLDERS:
            _collect(child, pieces)
