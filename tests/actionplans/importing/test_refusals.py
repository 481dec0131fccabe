"""Every message that refuses a file, word for word, as the person reads it at the top of the
preview: what is wrong and what to do. Each limit is tried at its edge: at the limit the file
is read, one past it the file is refused."""

from __future__ import annotations

import io
import zipfile

import docx
import openpyxl
import pytest

from actionplans.importing.readers import archive, csvfile
from actionplans.importing.reading import preview_file
from tests.actionplans.importing import test_pdf
from tests.actionplans.importing.test_docx import saved as saved_document
from tests.actionplans.importing.test_xlsx import saved as saved_workbook

pytestmark = pytest.mark.sqlite  # no database: runs on both test runs


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name, content in members.items():
            target.writestr(name, content)
    return buffer.getvalue()


def refusal(data: bytes) -> str:
    """The one message the preview gives for a file it cannot read."""
    preview = preview_file(data)
    assert preview.actions == [] and preview.warnings == []
    (error,) = preview.errors
    assert (error.row, error.column, error.where) == (None, None, "")
    return error.message


def document_without_tables() -> bytes:
    document = docx.Document()
    document.add_paragraph("Action: find flats")
    return saved_document(document)


def workbook_all_hidden() -> bytes:
    """openpyxl will not save one, so its only sheet is hidden in the saved file."""
    data = saved_workbook(openpyxl.Workbook())
    source = zipfile.ZipFile(io.BytesIO(data))
    members = {member.filename: source.read(member) for member in source.infolist()}
    book = members["xl/workbook.xml"]
    members["xl/workbook.xml"] = book.replace(b'state="visible"', b'state="hidden"', 1)
    return zipped(members)


def csv_of(columns: int) -> bytes:
    """A plan whose header row is `columns` wide."""
    header = ["Key outcome", "Action", *(f"Note {n}" for n in range(columns - 2))]
    return ",".join(header).encode() + b"\nHomes,Find flats\n"


ZIP_DAMAGED = (
    "The file looks like a Word or Excel file but is damaged. Open it, save it again and "
    "upload the new copy."
)
NOT_OFFICE = (
    "The file is a zip archive but not a Word document (.docx) or an Excel workbook (.xlsx). "
    "Upload the plan itself, not an archive of it."
)
UNPACKS = (
    "The file unpacks to far more than an action plan holds (over 100 MB), so it was not "
    "opened. Save the plan without pictures or embedded files and upload it again."
)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: b"PK\x03\x04 not really a zip", ZIP_DAMAGED),
        (lambda: zipped({"plan.txt": b"Action"}), NOT_OFFICE),
        (lambda: zipped({f"{n}.txt": b"" for n in range(archive.MAX_MEMBERS + 1)}), UNPACKS),
        (
            lambda: zipped({"word/document.xml": b"<not-a-document/>"}),
            "The Word document is damaged and could not be read. Open it in Word, save it as a "
            "Word document (.docx) and upload the new copy.",
        ),
        (
            lambda: zipped({"xl/workbook.xml": b"<not-a-workbook/>"}),
            "The Excel workbook is damaged and could not be read. Open it in Excel, save it as "
            "an Excel workbook (.xlsx) and upload the new copy.",
        ),
        (
            document_without_tables,
            "The Word document has no tables. Put the plan in a table, one action to a row, "
            "and upload it again.",
        ),
        (
            workbook_all_hidden,
            "Every sheet in the workbook is hidden. Unhide the sheets that hold the plan, save "
            "the workbook and upload it again.",
        ),
        (
            lambda: csv_of(csvfile.MAX_COLUMNS + 1),
            "Row 1 of the file has 61 columns; an action plan has a few (at most 60 are read). "
            "Check the file is the plan, saved with commas between its columns.",
        ),
        (
            lambda: b'Key outcome,Action\nHomes,"' + b"a" * 140_000 + b'"\n',
            "The CSV file cannot be read near line 2 (field larger than field limit (131072)). "
            "Check its quotation marks are paired, or save it again from the spreadsheet.",
        ),
        (
            lambda: test_pdf.rendered('<div style="height: 5cm; background: #888"></div>'),
            "The PDF has no text to read: it looks like a scan, a picture of the pages. Upload "
            "the Word or Excel file the plan was written in, or a PDF saved from it.",
        ),
        (
            lambda: test_pdf.rendered("<p>Action: find flats. Lead: Jo.</p>"),
            "No table was found in the PDF. Only tables with lines between their cells can be "
            "read from a PDF: upload the Word or Excel file the plan was written in.",
        ),
        (
            lambda: b"%PDF-1.7\n not really a pdf",
            "The PDF is damaged or password-protected and could not be read. Open it and save "
            "or print it to a new PDF, or upload the Word or Excel file it was made from.",
        ),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_with_what_to_do(make, message):
    assert refusal(make()) == message


def test_at_its_limits_a_file_is_read():
    # As many members as allowed: judged by what they are (not a plan), not refused unopened.
    many = zipped({f"{n}.txt": b"" for n in range(archive.MAX_MEMBERS)})
    assert refusal(many) == NOT_OFFICE
    # As many columns as are read.
    preview = preview_file(csv_of(csvfile.MAX_COLUMNS))
    assert preview.errors == []
    assert [action.text for action in preview.actions] == ["Find flats"]


def test_the_unpacked_size_is_refused_only_past_its_limit():
    exactly = [zipfile.ZipInfo("a.xml"), zipfile.ZipInfo("b.xml")]
    exactly[0].file_size = archive.MAX_UNPACKED_BYTES - 1
    exactly[1].file_size = 1
    archive.check_unpacked_size(exactly)  # at the limit: opened

    exactly[1].file_size = 2
    with pytest.raises(Exception, match="unpacks to far more"):
        archive.check_unpacked_size(exactly)
