"""Workbooks as Excel saves them, from openpyxl's: for the reader's tests and the import bench."""

from __future__ import annotations

import io
import re
import zipfile

SHEET = re.compile(r"xl/worksheets/sheet\d+\.xml")
INLINE_TEXT = re.compile(
    rb'(<c r="[A-Z]+\d+"(?: s="\d+")?) t="inlineStr"><is><t>([^<]*)</t></is></c>'
)


def with_shared_strings(data: bytes) -> bytes:
    """The workbook as Excel saves its text: in one shared list for every sheet, each cell
    naming its entry (openpyxl writes each cell's text in the cell). Text with spaces kept at
    its ends (`<t xml:space="preserve">`) stays in its cell, which Excel also reads."""
    source = zipfile.ZipFile(io.BytesIO(data))
    members = {member.filename: source.read(member) for member in source.infolist()}
    shared: list[bytes] = []

    def to_shared(found: re.Match) -> bytes:
        shared.append(found.group(2))
        return found.group(1) + b' t="s"><v>' + str(len(shared) - 1).encode() + b"</v></c>"

    for name in sorted(members):
        if SHEET.fullmatch(name):
            members[name] = INLINE_TEXT.sub(to_shared, members[name])
    entries = b"".join(b"<si><t>" + text + b"</t></si>" for text in shared)
    members["xl/sharedStrings.xml"] = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="'
        + str(len(shared)).encode()
        + b'">'
        + entries
        + b"</sst>"
    )
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in members.items():
            target.writestr(name, content)
    return buffer.getvalue()
