"""A table flattened to text, as copying it out of a PDF or Word document leaves it.

Each table row is a line with its cells tab-separated; a line without a tab (a page's title
or footer) is not part of the grid. Bullet marks are lost in the copy: a cell that held a
list starts with the space the mark left, and its points run on one after another. Such a
cell is split into points where a new sentence visibly starts (see `bullet_points`), and the
split is noted so the preview can ask the person to check it.
"""

from __future__ import annotations

from actionplans.importing import points
from actionplans.importing.readers import decode
from actionplans.importing.table import Cell, Row, Table


def read(data: bytes) -> list[Table]:
    rows = []
    for number, line in enumerate(decode(data).splitlines(), start=1):
        if not line.strip():
            continue
        if "\t" not in line:
            rows.append(Row(number=number, cells=(Cell.of(line),), loose=True))
            continue
        rows.append(Row(number=number, cells=tuple(_cell(raw) for raw in line.split("\t"))))
    return [Table(where="", heading="", rows=tuple(rows))]


def _cell(raw: str) -> Cell:
    text = " ".join(raw.split())
    if not text:
        return Cell()
    listed = raw[:1].isspace()
    found = bullet_points(text) if listed else sentences(text)
    notes = ()
    if len(found) > 1:
        how = "where a new point starts" if listed else "at the end of each sentence"
        notes = (f"Read as {len(found)} points run together, split {how}.",)
    return Cell(parts=tuple(found), notes=notes)


def sentences(text: str) -> list[str]:
    """Split only where a sentence ends and a capitalised one starts ("basis. Lancashire")."""
    return points.split(text, points.sentence_starts)


def bullet_points(text: str) -> list[str]:
    """Split a list whose marks were lost, wherever points.starts_point says one starts."""
    return points.split(text, points.starts_point)
