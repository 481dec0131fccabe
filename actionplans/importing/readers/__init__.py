"""Telling a file's format from its content (never its name) and handing it to its reader."""

from __future__ import annotations

from django.conf import settings

from actionplans.importing.table import Table, UnreadableFile

# A plan of 150 actions is tens of kilobytes in any of these formats; a 5,000-action
# workbook about one megabyte. Anything near the deployment's upload limit is not an action
# plan: that limit, which also stops an upload being kept (core.uploads), is the importer's.
MAX_BYTES = settings.PLEDGE_UPLOAD_MAX_BYTES
MAX_SIZE_WORDS = f"{MAX_BYTES / (1024 * 1024):g} MB"


class Format:
    TEXT = "text"  # a table flattened to tab-separated lines, from a PDF or Word document
    CSV = "csv"
    XLSX = "xlsx"
    DOCX = "docx"
    PDF = "pdf"

    NAMES = {
        TEXT: "text (tab-separated)",
        CSV: "CSV",
        XLSX: "Excel workbook (.xlsx)",
        DOCX: "Word document (.docx)",
        PDF: "PDF",
    }


ACCEPTED = "a Word document (.docx), an Excel workbook (.xlsx), a CSV file, a PDF or a text file"

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 (.doc) and Excel 97-2003 (.xls)


def detect(data: bytes) -> str:
    """The format of `data`, judged by its content; UnreadableFile if it is none we read."""
    if len(data) > MAX_BYTES:
        raise UnreadableFile(
            f"The file is larger than {MAX_SIZE_WORDS}. An action plan is much smaller: check "
            "you chose the right file, or save the plan without pictures."
        )
    if not data.strip():
        raise UnreadableFile("The file is empty. Choose the file that holds your action plan.")
    if data.startswith(b"PK\x03\x04"):
        from actionplans.importing.readers import archive

        return archive.office_format(data)
    if data.startswith(b"%PDF-"):
        return Format.PDF
    if data.startswith(_OLE2):
        raise UnreadableFile(
            "The file is in an old Word or Excel format (.doc or .xls). Open it and save it "
            "as a Word document (.docx) or an Excel workbook (.xlsx), then upload that."
        )
    text = decode(data)
    lines = [line for line in text.splitlines() if line.strip()][:50]
    tabbed = sum("\t" in line for line in lines)
    if tabbed * 2 >= len(lines) or all("," not in line for line in lines):
        return Format.TEXT
    return Format.CSV


def decode(data: bytes) -> str:
    """Text files must be UTF-8 (a byte order mark is allowed and dropped)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise UnreadableFile(
            f"The file is not readable as UTF-8 text (the first unreadable character is on "
            f'line {line}). Save it again as "CSV UTF-8" or as UTF-8 text, or upload the '
            "Excel workbook itself."
        ) from error


def read(data: bytes) -> tuple[str, list[Table]]:
    """The file's format and its tables."""
    kind = detect(data)
    if kind == Format.TEXT:
        from actionplans.importing.readers import text as reader
    elif kind == Format.CSV:
        from actionplans.importing.readers import csvfile as reader
    elif kind == Format.XLSX:
        from actionplans.importing.readers import xlsx as reader
    elif kind == Format.DOCX:
        from actionplans.importing.readers import docx as reader
    else:
        from actionplans.importing.readers import pdf as reader
    return kind, reader.read(data)
