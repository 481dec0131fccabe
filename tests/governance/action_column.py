"""The Action column of a flattened action plan table, read back from its seed document.

The seed text keeps one table row a line and its cells tab-separated. A page break repeats
the header row, sometimes after the page's title lines; a row running at the break carries on
in the first row under the repeated header, so one cell can be split across two lines. A
section row ("Care Leavers") fills only its first cell. Bullet marks were lost, so one cell
holds several bullet points run together, and a lead-in ending in a colon ("... to work
together to:-") may introduce them.
"""

import re
from dataclasses import dataclass
from pathlib import Path

HEADER = ["Key Outcome", "Action", "Lead", "By when?", "Progress", "RAG"]
ACTION = HEADER.index("Action")
LEAD_IN_END = re.compile(r":-?$")


@dataclass(frozen=True)
class Word:
    """One word of the column, compared without its case or punctuation."""

    text: str
    line: int


@dataclass
class Cell:
    """One Action cell, rejoined across a page break; its lead-in, if any, set apart."""

    lead_in: list[Word]
    words: list[Word]


def words(text: str, line: int = 0) -> list[Word]:
    return [Word(word, line) for word in re.findall(r"\w+", text.casefold())]


def action_cells(path: Path) -> list[Cell]:
    """Every non-empty Action cell of the table, in the order the document gives them."""
    cells: list[list[tuple[int, str]]] = []  # each a cell's (line, text) pieces
    header_seen = continues = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        row = line.split("\t")
        if len(row) != len(HEADER):
            continue  # a blank line, or a title line between pages
        row = [cell.strip() for cell in row]
        if row == HEADER:
            continues, header_seen = header_seen, True
            continue
        if not any(row[1:]):  # a section row
            continues = False
            continue
        if continues and cells:
            cells[-1].append((number, row[ACTION]))
        else:
            cells.append([(number, row[ACTION])])
        continues = False
    return [_lead_in_apart(pieces) for pieces in cells if any(text for _, text in pieces)]


def _lead_in_apart(pieces: list[tuple[int, str]]) -> Cell:
    tokens = [(line, token) for line, text in pieces for token in text.split()]
    for end, (_, token) in enumerate(tokens):
        if LEAD_IN_END.search(token) and end + 1 < len(tokens):
            return Cell(_words(tokens[: end + 1]), _words(tokens[end + 1 :]))
    return Cell([], _words(tokens))


def _words(tokens: list[tuple[int, str]]) -> list[Word]:
    return [word for line, token in tokens for word in words(token, line)]


def first_difference(cells: list[Cell], actions: list[tuple[str, str]]) -> str | None:
    """Where the actions' words, in order, stop being the column's words, or None if never.

    `actions` are (label, description) pairs in plan order. A lead-in is not an action: the
    actions may leave it out, or open with it any action that starts among the bullets it
    introduces; nowhere else, and never as an action's only words.
    """
    expected: list[Word] = []
    bullets: list[tuple[int, int, list[str]]] = []  # where a lead-in's bullets start and end
    for cell in cells:
        if cell.lead_in:
            lead_in = [word.text for word in cell.lead_in]
            bullets.append((len(expected), len(expected) + len(cell.words), lead_in))
        expected += cell.words
    actual: list[tuple[str, str]] = []  # (word, label of the action holding it)
    for label, description in actions:
        said = [word.text for word in words(description)]
        for start, end, lead_in in bullets:
            opens = said[: len(lead_in)] == lead_in and len(said) > len(lead_in)
            if start <= len(actual) < end and opens:
                said = said[len(lead_in) :]
        actual += [(word, label) for word in said]
    for position in range(max(len(expected), len(actual))):
        source = expected[position].text if position < len(expected) else None
        seeded = actual[position][0] if position < len(actual) else None
        if source != seeded:
            return _describe(position, expected, actual)
    return None


def _describe(position: int, expected: list[Word], actual: list[tuple[str, str]]) -> str:
    def around(texts: list[str]) -> str:
        shown = [
            f"[{text}]" if index == position else text
            for index, text in enumerate(texts)
            if abs(index - position) <= 5
        ]
        return " ".join(shown) + (" [end]" if position >= len(texts) else "")

    where_source = (
        f"line {expected[position].line}" if position < len(expected) else "after its end"
    )
    where_seeded = f"action {actual[position][1]}" if position < len(actual) else "after the last"
    return (
        f"word {position + 1} differs. Source Action column ({where_source}): "
        f"{around([word.text for word in expected])!r}; "
        f"seeded actions ({where_seeded}): {around([word for word, _ in actual])!r}"
    )
