"""Reading a RAG rating from a plan's cell: its words, its fill colour, or both."""

from __future__ import annotations

import colorsys

from actionplans.importing.columns import words_of
from actionplans.models import Rag

_WORDS = {
    "r": Rag.RED,
    "red": Rag.RED,
    "a": Rag.AMBER,
    "amber": Rag.AMBER,
    "g": Rag.GREEN,
    "green": Rag.GREEN,
    "b": Rag.BLUE,
    "blue": Rag.BLUE,
    "complete": Rag.BLUE,
    "completed": Rag.BLUE,
    "done": Rag.BLUE,
}
# Words that say where an action stands but are not a rating: read as no rating, silently.
NOT_A_RATING = (
    "not started",
    "not yet rated",
    "not rated",
    "none",
    "ongoing",
    "n a",
    "na",
    "tbc",
    "in progress",
)


def rag_of_words(text: str) -> str | None:
    """The rating `text` names; None for none (empty, or a status such as "Not started").
    Raises ValueError for words that are neither."""
    words = words_of(text)
    if not words or words in NOT_A_RATING:
        return None
    if words in _WORDS:
        return _WORDS[words]
    first = words.split()[0]
    if first in ("red", "amber", "green", "blue", "complete", "completed"):
        return _WORDS[first]  # "Green - on track", "Amber (some slippage)"
    raise ValueError(text)


def rag_of_fill(fill: str | None) -> str | None:
    """The rating a cell's fill colour shows, by its hue whatever its shade (Excel's pale
    "Bad", "Neutral" and "Good" styles included); None for white, grey or black."""
    if not fill or len(fill) != 6:
        return None
    try:
        red, green, blue = (int(fill[i : i + 2], 16) / 255 for i in (0, 2, 4))
    except ValueError:
        return None
    hue, lightness, saturation = colorsys.rgb_to_hls(red, green, blue)
    if saturation < 0.25 or lightness > 0.97 or lightness < 0.08:
        return None
    degrees = hue * 360
    if degrees < 20 or degrees >= 330:
        return Rag.RED
    if degrees < 65:
        return Rag.AMBER
    if degrees < 170:
        return Rag.GREEN
    if degrees < 260:
        return Rag.BLUE
    return None  # purple and pink name no rating
