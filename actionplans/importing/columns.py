"""Which column of a plan's table is which, by the words councils head them with."""

from __future__ import annotations

import re

# The fields a column can hold, in the order the preview and the mapping form list them.
SECTION = "section"
REFERENCE = "reference"
KEY_OUTCOME = "key_outcome"
ACTION = "action"
LEAD = "lead"
DEADLINE = "deadline"
PROGRESS = "progress"
RAG = "rag"
IGNORED = ""

FIELD_NAMES = {
    SECTION: "Section",
    REFERENCE: "Reference",
    KEY_OUTCOME: "Key outcome",
    ACTION: "Action",
    LEAD: "Lead",
    DEADLINE: "Deadline",
    PROGRESS: "Progress",
    RAG: "RAG rating",
    IGNORED: "Not imported",
}

# Headings as councils write them, compared as their lower-case words.
_HEADINGS = {
    SECTION: ("section", "theme", "area of focus", "workstream"),
    REFERENCE: ("ref", "reference", "no", "number", "action no", "action number", "ref no", "id"),
    KEY_OUTCOME: (
        "key outcome",
        "key outcomes",
        "outcome",
        "outcomes",
        "priority",
        "priorities",
        "objective",
        "objectives",
        "key priority",
        "strategic priority",
    ),
    ACTION: ("action", "actions", "what we will do", "action required", "actions required"),
    LEAD: (
        "lead",
        "leads",
        "lead officer",
        "lead officers",
        "lead officer s",
        "responsible officer",
        "responsible officers",
        "owner",
        "owners",
        "responsibility",
        "who",
        "lead s",
    ),
    DEADLINE: (
        "by when",
        "deadline",
        "deadlines",
        "timescale",
        "timescales",
        "target date",
        "due",
        "due date",
        "when",
        "date",
        "completion date",
    ),
    PROGRESS: ("progress", "update", "updates", "commentary", "progress update", "comments"),
    RAG: ("rag", "status", "rag status", "rag rating", "rating"),
}
_FIELD_OF = {heading: field for field, headings in _HEADINGS.items() for heading in headings}


def words_of(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.casefold()))


def field_of(heading: str) -> str | None:
    """The field a column heading names, or None when it names none we know."""
    return _FIELD_OF.get(words_of(heading))


def recognise(headings: list[str]) -> list[str] | None:
    """Each column's field, if `headings` is a header row: it names an Action column and at
    least one other we know. A field named twice is taken from its first column."""
    fields = [field_of(heading) for heading in headings]
    if ACTION not in fields or sum(field is not None for field in fields) < 2:
        return None
    seen: set[str] = set()
    mapping = []
    for field in fields:
        if field is None or field in seen:
            mapping.append(IGNORED)
        else:
            seen.add(field)
            mapping.append(field)
    return mapping
