"""PDF files: tables read from the text layer with pdfplumber, where their cells have lines.

A table that runs on over the next page (the last table on one page and the first on the
next have as many columns) is one Table, and the first row after each page break has
`after_page_break`, since a cell may carry on across the break. A header repeated at the top
of the next page is kept as a row: reading.py knows the header and skips its repeats.

In a PDF a cell's lines are where the text wrapped, not paragraphs, so they are joined into
one part; a line that starts with a bullet (•, ●, ▪, -, *, or Word's symbol-font bullet)
starts a new part, without its bullet. Leads on separate lines therefore run together: a
PDF cannot tell "Jo Bloggs" on a line of its own from a long name that wrapped.

Fills are not read, tables without ruled lines between cells are not found, and a scanned
PDF (pictures of pages, no text) cannot be read at all: each says so.
"""

from __future__ import annotations

import io

import pdfplumber

from actionplans.importing.table import Cell, Row, Table, UnreadableFile

BULLETS = ("•", "●", "▪", "-", "*", "\uf0b7", "◦", "▫", "‣")
MAX_PAGES = 300


def read(data: bytes) -> list[Table]:
    try:
        with pdfplumber.open(io.BytesIO(data)) as document:
            if len(document.pages) > MAX_PAGES:
                raise UnreadableFile(
                    f"The PDF has {len(document.pages)} pages, more than an action plan "
                    f"({MAX_PAGES} at most). Upload only the pages that hold the plan."
                )
            pieces, any_text = _page_tables(document)
    except UnreadableFile:
        raise
    except Exception as error:  # pdfminer raises many kinds, wrapped or not, for a bad file
        raise UnreadableFile(
            "The PDF is damaged or password-protected and could not be read. Open it and "
            "save or print it to a new PDF, or upload the Word or Excel file it was made from."
        ) from error
    if not any_text:
        raise UnreadableFile(
            "The PDF has no text to read: it looks like a scan, a picture of the pages. "
            "Upload the Word or Excel file the plan was written in, or a PDF saved from it."
        )
    if not pieces:
        raise UnreadableFile(
            "No table was found in the PDF. Only tables with lines between their cells can "
            "be read from a PDF: upload the Word or Excel file the plan was written in."
        )
    return _joined(pieces)


def _page_tables(document) -> tuple[list[tuple[int, list[list[str | None]]]], bool]:
    """Each table on each page, as (page number, rows of cell texts), and whether any page
    has text at all."""
    pieces = []
    any_text = False
    for number, page in enumerate(document.pages, start=1):
        any_text = any_text or bool(page.chars)
        for table in page.extract_tables():
            rows = [row for row in table if any(text and text.strip() for text in row)]
            if rows:
                pieces.append((number, rows))
        page.close()  # frees the page's parsed objects before the next one
    return pieces, any_text


def _joined(pieces) -> list[Table]:
    tables: list[Table] = []
    first_page = last_page = 0
    rows: list[Row] = []
    width = 0
    for page, texts in pieces:
        carries_on = rows and page == last_page + 1 and len(texts[0]) == width
        if rows and not carries_on:
            tables.append(_table(first_page, last_page, rows))
            rows = []
        if not rows:
            first_page, width = page, len(texts[0])
        for index, cells in enumerate(texts):
            rows.append(
                Row(
                    number=len(rows) + 1,
                    cells=tuple(Cell(parts=parts(text)) for text in cells),
                    after_page_break=bool(carries_on and index == 0),
                )
            )
        last_page = page
    tables.append(_table(first_page, last_page, rows))
    return tables


def _table(first_page: int, last_page: int, rows: list[Row]) -> Table:
    where = (
        f"page {first_page}" if first_page == last_page else f"pages {first_page} to {last_page}"
    )
    return Table(where=where, heading="", rows=tuple(rows))


def parts(text: str | None) -> tuple[str, ...]:
    """A PDF cell's wrapped lines joined, with a new part at each bulleted line."""
    found: list[list[str]] = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        bullet = line.startswith(BULLETS)
        if bullet:
            line = line[1:].strip()
        if bullet or not found:
            found.append([])
        if line:
            found[-1].append(line)
    return tuple(" ".join(words) for words in found if words)
