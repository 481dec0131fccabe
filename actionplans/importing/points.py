"""Where one point of a list ends and the next starts, when nothing marks it but the words.

Shared by the flattened-text reader (whose bullet marks were lost) and by reading.py (which
rejoins a cell split across a page break): both ask the same question of two words.
"""

from __future__ import annotations

import re

# Words a point never ends on: a capital after one of these carries the sentence on
# ("the number of CLA", "Strengthen the role of the Virtual School").
_FUNCTION_WORDS = (
    "a an the and or nor but of for to in on at by with from into onto over under as than "
    "via per within without between about across after before during including such "
    "their his her its our your this that these those is are be was were will"
)
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS.split())
# A word ending in one of these runs on into the next ("Where possible, CLA are offered").
RUNS_ON = (",", "/", "-", "&", "(", "+")
SENTENCE_END = (".", "!", "?", ";")
_LEAD_IN_END = re.compile(r":-?$")
_WORD = re.compile(r"\S+")


def ends_lead_in(word: str) -> bool:
    """A word ending in a colon ends a lead-in that introduces the points after it."""
    return bool(_LEAD_IN_END.search(word))


def starts_point(before: str, word: str) -> bool:
    """Whether `word` starts a new point of a list, coming after the word `before`: a new
    point starts with a capital, after a sentence's end, a lead-in's colon, or a word in
    lower case that can end a point."""
    if not word[:1].isupper():
        return False
    if before.endswith(SENTENCE_END) or ends_lead_in(before):
        return True
    if before.endswith(RUNS_ON) or before.casefold() in FUNCTION_WORDS:
        return False
    return before[:1].islower()


def sentence_starts(before: str, word: str) -> bool:
    """Only where a sentence (or a lead-in) ends and a capitalised word follows."""
    return word[:1].isupper() and (before.endswith(SENTENCE_END) or ends_lead_in(before))


def split(text: str, starts) -> list[str]:
    """`text` cut before every word that `starts(before, word)` says begins a point."""
    points: list[list[str]] = []
    for word in _WORD.findall(text):
        if points and starts(points[-1][-1], word):
            points.append([word])
        elif points:
            points[-1].append(word)
        else:
            points.append([word])
    return [" ".join(point) for point in points]


def carries_on(before: str, after: str) -> bool:
    """Whether text `after`, found at the top of a new page, carries on the text `before`
    from the foot of the last page, rather than starting a new point."""
    last = before.split()[-1:] or [""]
    first = after.split()[:1] or [""]
    return bool(last[0]) and not starts_point(last[0], first[0])
