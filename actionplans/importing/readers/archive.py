"""Checks on .xlsx and .docx files, which are zip archives, before anything opens them."""

from __future__ import annotations

import io
import zipfile

from actionplans.importing.table import UnreadableFile

# Uncompressed, a 5,000-action workbook is about 10 MB; a bomb is gigabytes.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_MEMBERS = 2000


def office_format(data: bytes) -> str:
    """ "xlsx" or "docx" for a zip that is one, after checking what unpacking it would cost."""
    from actionplans.importing.readers import Format

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as error:
        raise UnreadableFile(
            "The file looks like a Word or Excel file but is damaged. Open it, save it again "
            "and upload the new copy."
        ) from error
    check_unpacked_size(members)
    names = {member.filename for member in members}
    if "xl/workbook.xml" in names:
        return Format.XLSX
    if "word/document.xml" in names:
        return Format.DOCX
    raise UnreadableFile(
        "The file is a zip archive but not a Word document (.docx) or an Excel workbook "
        "(.xlsx). Upload the plan itself, not an archive of it."
    )


def check_unpacked_size(members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
        raise UnreadableFile(
            "The file unpacks to far more than an action plan holds (over 100 MB), so it was "
            "not opened. Save the plan without pictures or embedded files and upload it again."
        )
