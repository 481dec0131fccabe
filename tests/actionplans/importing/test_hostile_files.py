"""Files that are not what they claim, or are built to exhaust the server: each is refused
with a message that says what to do, and none is unpacked past the limits."""

from __future__ import annotations

import io
import struct
import zipfile

import openpyxl
import pytest
from openpyxl.styles import PatternFill

from actionplans.importing import readers
from actionplans.importing.readers import archive, docx, xlsx
from actionplans.importing.table import UnreadableFile

pytestmark = pytest.mark.sqlite  # no database: runs on both test runs

SHEET = "xl/worksheets/sheet1.xml"
BOMB_BYTES = 200 * 1024 * 1024


def workbook_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Action", "Lead"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_padded_sheet(data: bytes, padding: int) -> tuple[bytes, int]:
    """The workbook with its sheet followed by `padding` spaces (still valid XML), streamed
    into the zip a megabyte at a time; and the sheet's real size without them."""
    source = zipfile.ZipFile(io.BytesIO(data))
    sheet = source.read(SHEET)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            if member.filename != SHEET:
                target.writestr(member.filename, source.read(member))
                continue
            with target.open(SHEET, "w") as stream:
                stream.write(sheet)
                chunk = b" " * (1024 * 1024)
                for _ in range(padding // len(chunk)):
                    stream.write(chunk)
    return buffer.getvalue(), len(sheet)


def lying_about_size(data: bytes, name: str, size: int) -> bytes:
    """The zip with `name`'s unpacked size given as `size` in both of its headers."""
    patched = bytearray(data)
    local = zipfile.ZipFile(io.BytesIO(data)).getinfo(name).header_offset
    struct.pack_into("<I", patched, local + 22, size)
    central = patched.find(b"PK\x01\x02")
    while central != -1:
        length = struct.unpack_from("<H", patched, central + 28)[0]
        if patched[central + 46 : central + 46 + length] == name.encode():
            struct.pack_into("<I", patched, central + 24, size)
        central = patched.find(b"PK\x01\x02", central + 1)
    return bytes(patched)


@pytest.fixture(scope="module")
def bomb() -> tuple[bytes, int]:
    return with_padded_sheet(workbook_bytes(), BOMB_BYTES)


def test_a_zip_bomb_is_refused_before_anything_opens_it(bomb):
    data, _ = bomb
    assert len(data) < readers.MAX_BYTES  # a couple of hundred kilobytes

    with pytest.raises(UnreadableFile, match="unpacks to far more"):
        readers.read(data)
    with pytest.raises(UnreadableFile, match="unpacks to far more"):
        xlsx.read(data)  # each reader checks too, however it is called


def test_a_zip_lying_about_its_size_unpacks_no_further_than_it_says(bomb):
    data, real_size = bomb
    lying = lying_about_size(data, SHEET, real_size)
    unpacked = 0

    with (
        zipfile.ZipFile(io.BytesIO(lying)).open(SHEET) as member,
        pytest.raises(zipfile.BadZipFile, match="Bad CRC-32"),
    ):
        while chunk := member.read(1024 * 1024):
            unpacked += len(chunk)
    assert unpacked <= real_size
    with pytest.raises(UnreadableFile, match="Excel workbook is damaged"):
        readers.read(lying)


def test_a_file_is_judged_by_its_content_not_its_name():
    pdf = b"%PDF-1.7\n..."  # named plan.xlsx by its sender: the name is never looked at
    neither = io.BytesIO()
    with zipfile.ZipFile(neither, "w") as archive_file:
        archive_file.writestr("photos/plan.jpg", b"\xff\xd8\xff")

    assert readers.detect(pdf) == readers.Format.PDF
    with pytest.raises(UnreadableFile, match="zip archive but not a Word document"):
        readers.detect(neither.getvalue())
    with pytest.raises(UnreadableFile, match="old Word or Excel format"):
        readers.detect(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(UnreadableFile, match="not readable as UTF-8"):
        readers.detect(bytes(range(128, 256)) * 4)


def test_a_workbook_given_to_the_word_reader_and_a_pdf_to_the_excel_reader_are_refused():
    with pytest.raises(UnreadableFile, match="Word document is damaged"):
        docx.read(workbook_bytes())
    with pytest.raises(UnreadableFile, match="Excel workbook is damaged"):
        xlsx.read(b"%PDF-1.7\n...")


def test_a_csv_in_another_encoding_says_where_and_how_to_save_it_again():
    data = "Action,Lead\r\nFind flats,Zoë Smith\r\n".encode("cp1252")

    with pytest.raises(UnreadableFile, match=r"line 2\). Save it again as \"CSV UTF-8\""):
        readers.decode(data)
    assert readers.decode(b"\xef\xbb\xbfAction,Lead") == "Action,Lead"


def test_a_file_over_the_size_limit_is_refused_unread():
    with pytest.raises(UnreadableFile, match="larger than 10 MB"):
        readers.detect(b"a," * (readers.MAX_BYTES // 2 + 1))


def test_a_sheet_of_countless_formatted_empty_cells_is_refused(monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_CELLS", 500)
    workbook = openpyxl.Workbook()
    for row in workbook.active.iter_rows(min_row=1, max_row=100, max_col=10):
        for cell in row:
            cell.fill = PatternFill("solid", fgColor="FFFFFF")
    buffer = io.BytesIO()
    workbook.save(buffer)

    with pytest.raises(UnreadableFile, match=r"The sheet 'Sheet' .* it has more than 500 cells"):
        xlsx.read(buffer.getvalue())


def test_the_unpacked_limit_counts_every_member():
    members = [zipfile.ZipInfo(f"part{n}") for n in range(3)]
    for member in members:
        member.file_size = archive.MAX_UNPACKED_BYTES // 3 + 1

    with pytest.raises(UnreadableFile, match="over 100 MB"):
        archive.check_unpacked_size(members)
