"""The product's rules for reading an action plan out of a file's tables, for every format.

- The header row is the first that names an Action column and one other the product knows
  (columns.py); the person may correct which column is which. Rows above it (titles) are
  not read; a repeat of it (after a page break) is skipped.
- A Section column names each row's section. Without one, a row with only its first cell
  filled names a section ("Care Leavers") when actions follow it; under the last action it
  is a footnote, and not read. When a file has several tables with a header (a sheet per
  section, a Word heading before each table), each table's name is its section. Rows before
  the first section row, in a plan that has section rows, are in a section named after the
  title above the table, less the words that name the document ("Children Looked After
  Strategic Action Plan 2014-17" names "Children Looked After"): a warning says so.
- The first row after a page break carries on the row before it when its first cell is
  empty or any of its cells starts in lower case: a cell split across the break is joined.
- A key outcome cell left empty, or merged down, means the key outcome above.
- Each point of an Action cell (a paragraph, a list item, a line) is one action; a point
  ending in a colon that introduces the others is a lead-in, not an action. A row's
  reference, leads, deadline, progress and rating belong to every action in it.
- Leads are split on "/", ",", ";", bullets and line breaks; never on "and" or a dash
  ("Leaving Care and Housing Team" is one lead). A lead matches the council's existing lead
  of the same name, compared without case, spacing or apostrophe style.
- RAG comes from the cell's words (R/A/G, Red/Amber/Green, Complete is Blue; "Not started"
  is a status, not a rating) or, failing words, its fill colour read by hue. Only the RAG
  column's fill counts: header and outcome shading is decoration.
- Deadlines keep their words and get the date actionplans.deadlines reads in them.
Anything guessed is a warning; anything that stops the import is an error, with its row and
column. Nothing here writes: writing.py does, once the person has confirmed.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable

from actionplans.deadlines import deadline_date
from actionplans.importing import columns as col
from actionplans.importing import points
from actionplans.importing.preview import Column, ImportedAction, Message, Preview
from actionplans.importing.ratings import rag_of_fill, rag_of_words
from actionplans.importing.readers import read
from actionplans.importing.table import Cell, Row, Table, UnreadableFile
from core.text import has_visible_text, plain_text

LEAD_SEPARATORS = re.compile(r"\s*(?:/|,|;|•|\u2022|\uf0b7)\s*")
# Deadline words that honestly name no date: not worth a warning.
NO_DATE_WORDS = ("ongoing", "continuous", "annual", "monthly", "quarterly", "tbc", "n/a")
KEY_OUTCOME_MAX = 2000
ACTION_MAX = 5000
LEAD_MAX = 300  # Lead.name
DEADLINE_MAX = 200  # Action.deadline_text
REFERENCE_MAX = 20  # Action.reference
NO_KEY_OUTCOME = (
    "The action has no key outcome, and there is none above it in its section. Enter the key "
    "outcome it serves."
)
NO_TABLE = (
    "No table with an Action column was found. The plan's header row must name its columns, "
    "such as Key Outcome, Action, Lead, By when?, Progress and RAG."
)

# Which field each column of each table holds, by the table's `where`: the person's
# corrections to the columns recognised.
Mapping = dict[str, list[str]]


def normalised(name: str) -> str:
    """A lead's name as compared: no case, spacing or apostrophe style."""
    name = name.replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(name.casefold().split()).strip(" .")


# Told (rows done, rows in all) as the rules go through the tables' rows.
Progress = Callable[[int, int], None]
PROGRESS_EVERY = 250  # rows
# The end of a title that names the document rather than its subject: "Strategic Action Plan
# 2014-17", "Action Plan", "Plan 2024/25", or a year range on its own.
DOCUMENT_WORDS = re.compile(
    r"[\s:,-]*(?:\b(?:strategic\s+)?(?:action\s+)?plan\b|\b(?:19|20)\d\d\b).*$", re.IGNORECASE
)


def preview_file(
    data: bytes,
    *,
    mapping: Mapping | None = None,
    known_leads: Iterable[str] = (),
    progress: Progress | None = None,
) -> Preview:
    """Read `data` as a plan and say what importing it would create."""
    try:
        kind, tables = read(data)
    except UnreadableFile as error:
        preview = Preview(format="")
        preview.errors.append(Message(None, None, str(error)))
        return preview
    preview = Preview(format=kind)
    _Reader(preview, mapping or {}, known_leads, progress).read(tables)
    return preview


@dataclasses.dataclass
class _Raw:
    """One row of the table as read, with what page-split rows carried on into it."""

    number: int
    where: str
    section: str
    cells: dict[str, list[Cell]]
    outcomes: bool = True  # whether its table has a key outcome column

    def parts(self, field: str) -> list[str]:
        found: list[str] = []
        for cell in self.cells.get(field, []):
            parts = list(cell.parts)
            # The first part of a cell carried on from the page before may finish its last.
            if found and parts and points.carries_on(found[-1], parts[0]):
                found[-1] = f"{found[-1]} {parts.pop(0)}"
            found += parts
        return found

    def text(self, field: str) -> str:
        return " ".join(self.parts(field))


class _Reader:
    def __init__(
        self,
        preview: Preview,
        mapping: Mapping,
        known_leads: Iterable[str],
        progress: Progress | None = None,
    ):
        self.progress = progress
        self.rows_done = self.rows_total = 0
        self.preview = preview
        self.mapping = mapping
        self.known = {normalised(name): name for name in known_leads}
        self.lead_names: dict[str, str] = {}  # normalised -> the spelling kept

    def warn(self, raw_or_row, column: str | None, message: str, where: str = "") -> None:
        self.preview.warnings.append(Message(raw_or_row, column, message, where))

    def error(self, row: int | None, column: str | None, message: str, where: str = "") -> None:
        self.preview.errors.append(Message(row, column, message, where))

    # Tables to rows

    def read(self, tables: list[Table]) -> None:
        self.rows_total = sum(len(table.rows) for table in tables)
        found = [(table, self._header(table)) for table in tables]
        with_header = [(table, header) for table, header in found if header is not None]
        for table, header in found:
            if header is None and table.where:
                self.warn(
                    None,
                    None,
                    "Not imported: it has no header row naming an Action column.",
                    table.where,
                )
        if not with_header:
            self.error(None, None, NO_TABLE)
            return
        named_sections = len(with_header) > 1
        raws: list[_Raw] = []
        for table, (index, fields) in with_header:
            section = table.heading.strip() if named_sections else ""
            if col.KEY_OUTCOME not in fields:
                self.warn(
                    None,
                    None,
                    "There is no Key outcome column: the actions are put "
                    "under one key outcome named after their section.",
                    table.where,
                )
            table_raws = self._rows(table, index, fields, section)
            self._name_leading_section(table_raws, table, index)
            raws += table_raws
        self._actions(raws)
        self._in_file_order(tables)

    def _in_file_order(self, tables: list[Table]) -> None:
        """Put the messages in the order a person reads the file: by table, then by row, a
        table's own messages first. The rules find them in their own order (notes while
        reading the rows of every table, then the actions); a stable sort keeps that order
        within a row."""
        order: dict[str, int] = {}
        for index, table in enumerate(tables):
            order.setdefault(table.where, index)

        def place(message: Message) -> tuple[int, int]:
            return order.get(message.where, -1), -1 if message.row is None else message.row

        self.preview.warnings.sort(key=place)
        self.preview.errors.sort(key=place)

    def _name_leading_section(self, raws: list[_Raw], table: Table, header_at: int) -> None:
        """Name the rows before a table's first section row after the title above it."""
        if not raws or raws[0].section or not any(raw.section for raw in raws):
            return
        titles = [row.texts[0] for row in table.rows[:header_at] if row.texts and row.texts[0]]
        name = DOCUMENT_WORDS.sub("", titles[-1]).strip() if titles else ""
        if not name:
            return
        for raw in raws:
            if raw.section:
                break
            raw.section = name
        self.warn(
            raws[0].number,
            None,
            f'The rows before the first section row are put in a section named "{name}", '
            "after the title above the table. Correct the file if that is wrong.",
            table.where,
        )

    def _header(self, table: Table) -> tuple[int, list[str]] | None:
        for index, row in enumerate(table.rows):
            if row.loose:
                continue
            fields = col.recognise(row.texts)
            if fields is not None:
                fields = self._corrected(table, row, fields)
                return index, fields
        return None

    def _corrected(self, table: Table, header: Row, fields: list[str]) -> list[str]:
        chosen = self.mapping.get(table.where)
        if chosen is not None:
            fields = (list(chosen) + [col.IGNORED] * len(fields))[: len(fields)]
        for index, (heading, field) in enumerate(zip(header.texts, fields, strict=True)):
            self.preview.columns.append(Column(table.where, index, heading, field))
            if field == col.IGNORED and heading:
                self.warn(header.number, heading, "This column is not imported.", table.where)
        if col.ACTION not in fields:
            self.error(header.number, None, "Choose which column holds the actions.", table.where)
        return fields

    def _rows(self, table: Table, header_at: int, fields: list[str], section: str) -> list[_Raw]:
        header = table.rows[header_at]
        header_words = [col.words_of(text) for text in header.texts]
        raws: list[_Raw] = []
        pending: list[Row] = []  # rows with only a first cell: a section, or a footnote
        after_break = False
        for row in table.rows[header_at + 1 :]:
            self._tell()
            if row.loose:
                continue
            if [col.words_of(text) for text in row.texts] == header_words:
                after_break = True
                continue
            filled = [index for index, text in enumerate(row.texts) if text]
            if not filled:
                continue
            if raws and (after_break or row.after_page_break) and self._carries_on(row):
                self._join(raws[-1], row, fields)
                self.warn(
                    row.number,
                    None,
                    f"Joined to row {raws[-1].number}: the row was split across a page break.",
                    table.where,
                )
                after_break = False
                continue
            after_break = False
            if filled == [filled[0]] and fields[filled[0]] != col.ACTION and len(fields) > 1:
                pending.append(row)
                continue
            if pending:
                section = next(text for text in pending[-1].texts if text)
                for skipped in pending[:-1]:
                    self.warn(
                        skipped.number,
                        None,
                        "Not imported: a line with only one cell filled, followed by another.",
                        table.where,
                    )
                pending = []
            raw = self._raw(row, fields, table.where, section)
            if raw.text(col.SECTION):  # a Section column names each row's own
                raw.section = raw.text(col.SECTION)
            raws.append(raw)
        for row in pending:
            self.warn(row.number, None, "Not imported: a note under the table.", table.where)
        return raws

    def _tell(self) -> None:
        self.rows_done += 1
        if self.progress is not None and self.rows_done % PROGRESS_EVERY == 0:
            self.progress(self.rows_done, self.rows_total)

    def _carries_on(self, row: Row) -> bool:
        first = row.cells[0] if row.cells else Cell()
        if not first.text or first.merged:
            return True
        return any(text[:1].islower() for text in row.texts if text)

    def _raw(self, row: Row, fields: list[str], where: str, section: str) -> _Raw:
        cells: dict[str, list[Cell]] = {}
        for cell, field in zip(row.cells, fields, strict=False):
            if field != col.IGNORED:
                cells[field] = [cell]
                for note in cell.notes:
                    self.warn(row.number, col.FIELD_NAMES[field], note, where)
        return _Raw(row.number, where, section, cells, outcomes=col.KEY_OUTCOME in fields)

    def _join(self, raw: _Raw, row: Row, fields: list[str]) -> None:
        for cell, field in zip(row.cells, fields, strict=False):
            if field != col.IGNORED and cell.parts:
                raw.cells.setdefault(field, []).append(cell)

    # Rows to actions

    def _actions(self, raws: list[_Raw]) -> None:
        key_outcome = ""
        section_of_outcome = ""
        for raw in raws:
            where = raw.where
            if raw.section != section_of_outcome:
                # A key outcome does not run on into the next section.
                key_outcome, section_of_outcome = "", raw.section
            title = raw.text(col.KEY_OUTCOME) if raw.outcomes else raw.section or "Actions"
            if title:
                key_outcome = title
            texts = self._action_texts(raw)
            if not texts:
                # Its other cells (a lead, a deadline) would be lost without a word.
                self.warn(raw.number, "Action", "Not imported: the row has no action.", where)
                continue
            if not key_outcome:
                self.error(
                    raw.number,
                    "Key outcome",
                    NO_KEY_OUTCOME,
                    where,
                )
                continue
            self._add(raw, key_outcome, texts)

    def _action_texts(self, raw: _Raw) -> list[str]:
        parts = [plain_text(part) for part in raw.parts(col.ACTION)]
        parts = [part for part in parts if has_visible_text(part)]
        if len(parts) > 1 and points.ends_lead_in(parts[0]):
            self.warn(
                raw.number,
                "Action",
                f"Not imported as an action: \u201c{parts[0]}\u201d "
                "introduces the points after it.",
                raw.where,
            )
            parts = parts[1:]
        if len(parts) > 1:
            self.warn(
                raw.number,
                "Action",
                f"Imported as {len(parts)} actions, one for each point of the cell.",
                raw.where,
            )
        return parts

    def _add(self, raw: _Raw, key_outcome: str, texts: list[str]) -> None:
        where = raw.where
        reference = plain_text(raw.text(col.REFERENCE))
        leads = self._leads(raw)
        words = plain_text(raw.text(col.DEADLINE))
        deadline = deadline_date(words)
        if words and deadline is None and not any(w in words.casefold() for w in NO_DATE_WORDS):
            self.warn(
                raw.number,
                "Deadline",
                f"No date could be read in \u201c{words}\u201d: "
                "the words are kept and the action has no date.",
                where,
            )
        progress = "\n".join(plain_text(part) for part in raw.parts(col.PROGRESS)) or None
        rag = self._rag(raw)
        self._check_length(raw, "Key outcome", key_outcome, KEY_OUTCOME_MAX)
        self._check_length(raw, "Deadline", words, DEADLINE_MAX)
        self._check_length(raw, "Reference", reference, REFERENCE_MAX)
        for lead in leads:
            self._check_length(raw, "Lead", lead, LEAD_MAX)
        for count, text in enumerate(texts):
            self._check_length(raw, "Action", text, ACTION_MAX)
            self.preview.actions.append(
                ImportedAction(
                    section=raw.section,
                    key_outcome=key_outcome,
                    reference=_nth(reference, count, len(texts)),
                    text=text,
                    leads=tuple(leads),
                    deadline_words=words,
                    deadline=deadline,
                    progress=progress,
                    rag=rag,
                    row=raw.number,
                    where=where,
                )
            )

    def _check_length(self, raw: _Raw, column: str, text: str, limit: int) -> None:
        if len(text) > limit:
            self.error(
                raw.number,
                column,
                f"{column} must be {limit:,} characters or fewer; this one is {len(text):,}.",
                raw.where,
            )

    def _leads(self, raw: _Raw) -> list[str]:
        names: list[str] = []
        for part in raw.parts(col.LEAD):
            for name in LEAD_SEPARATORS.split(plain_text(part)):
                name = name.strip(" -\u2013")
                if not has_visible_text(name):
                    continue
                key = normalised(name)
                if key in self.known:
                    self.preview.matched_leads.add(self.known[key])
                    name = self.known[key]
                name = self.lead_names.setdefault(key, name)
                if name not in names:
                    names.append(name)
        return names

    def _rag(self, raw: _Raw) -> str | None:
        text = raw.text(col.RAG)
        cells = raw.cells.get(col.RAG, [])
        fill = next(filter(None, (rag_of_fill(cell.fill) for cell in cells)), None)
        try:
            rag = rag_of_words(text)
        except ValueError:
            self.warn(
                raw.number,
                "RAG",
                f"\u201c{text}\u201d is not a RAG rating (Red, Amber, "
                "Green, or Complete for Blue): imported without a rating.",
                raw.where,
            )
            return fill
        if rag and fill and rag != fill:
            self.warn(
                raw.number,
                "RAG",
                f"The cell says {text} but is coloured as another rating: the words were taken.",
                raw.where,
            )
        if rag is None and fill and not text:
            return fill
        return rag


def _nth(reference: str, count: int, of: int) -> str:
    """A row's reference for the `count`th of its `of` actions: 2.1a, 2.1b, ..."""
    if not reference or of == 1:
        return reference
    return f"{reference}{chr(ord('a') + count)}" if count < 26 else f"{reference}.{count + 1}"
