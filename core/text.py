"""Plain text as every form and service keeps it.

Text is kept as typed, less control characters, which cannot be typed and break PostgreSQL
(NUL) and the spreadsheet exports. Text with nothing a reader can see counts as empty.
"""

from __future__ import annotations

import re
import unicodedata

# Control characters other than tab, line feed and carriage return carry no meaning in plain
# text, cannot be typed, and break PostgreSQL (NUL) and XML-based exports: they are removed.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Nothing a reader can see: spaces, line breaks, zero-width and direction marks.
_INVISIBLE_CATEGORIES = {"Zs", "Zl", "Zp", "Cc", "Cf"}


def plain_text(value: str) -> str:
    """The text as kept: control characters removed, surrounding whitespace stripped."""
    return CONTROL_CHARACTERS.sub("", value).strip()


def too_long(label: str, max_length: int) -> str:
    return f"{label} must be {max_length:,} characters or fewer"


def has_visible_text(value: str) -> bool:
    return any(unicodedata.category(char) not in _INVISIBLE_CATEGORIES for char in value)


def check_text(
    errors: dict, field: str, value: str, *, label: str, max_length: int, empty: str = ""
) -> str:
    """Add the field's error, if any, to `errors`; return the text as it will be kept.

    With `empty` the text is required, and that is the message when nothing visible is left;
    without, text with nothing visible is kept as "".
    """
    value = plain_text(value or "")
    if not has_visible_text(value):
        if empty:
            errors[field] = empty
        return ""
    if len(value) > max_length:
        errors[field] = too_long(label, max_length)
    return value


# Words whose plural is not made by the rules below.
_IRREGULAR_PLURALS = {"child": "children", "person": "people", "criterion": "criteria"}


def plural(label: str) -> str:
    """The plural of a short noun phrase a council writes as a label: "Priority" is
    "Priorities", "Area of focus" is "Areas of focus" (the noun before "of" is the one counted),
    "Outcome" is "Outcomes". A label already plural, or one not ending in a noun, is for its
    council to write in full; this covers the labels councils use."""
    head, of, rest = label.partition(" of ")
    words = head.split(" ")
    last = words[-1]
    lower = last.lower()
    if lower in _IRREGULAR_PLURALS:
        plural_word = last[0] + _IRREGULAR_PLURALS[lower][1:]
    elif re.search(r"[^aeiou]y$", lower):
        plural_word = last[:-1] + "ies"
    elif re.search(r"(s|x|z|ch|sh)$", lower):
        plural_word = last + "es"
    else:
        plural_word = last + "s"
    return " ".join([*words[:-1], plural_word]) + (f"{of}{rest}" if of else "")


def counted(count: int, noun: str) -> str:
    """ "1 action", "2 actions", "3 reporting periods": the count and the noun, plural
    (`plural`) unless the count is one."""
    return f"{count} {noun if count == 1 else plural(noun)}"
