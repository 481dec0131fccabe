"""Reading a RAG rating from a plan's cell (actionplans/importing/ratings.py): by its words,
or by its fill's hue, whatever the shade."""

from __future__ import annotations

import pytest

from actionplans.importing.ratings import rag_of_fill, rag_of_words
from actionplans.models import Rag


@pytest.mark.parametrize(
    ("fill", "rag"),
    [
        # Excel's standard colours and its "Bad", "Neutral" and "Good" cell styles.
        ("FF0000", Rag.RED),
        ("C00000", Rag.RED),  # dark red
        ("FFC7CE", Rag.RED),  # "Bad": pale, its hue past 330 degrees
        ("FFC000", Rag.AMBER),
        ("FFEB9C", Rag.AMBER),  # "Neutral"
        ("FFFF00", Rag.AMBER),  # yellow
        ("92D050", Rag.GREEN),  # light green
        ("00B050", Rag.GREEN),
        ("C6EFCE", Rag.GREEN),  # "Good"
        ("0070C0", Rag.BLUE),
        ("7030A0", None),  # purple names no rating
        ("D9D9D9", None),  # grey
        ("FFFFFF", None),
        ("FFFFFE", None),  # all but white: its hue means nothing
        ("000000", None),
        ("100000", None),  # all but black
        ("", None),
        (None, None),
        ("FF00", None),  # not six digits
        ("GG0000", None),  # not hexadecimal
    ],
)
def test_a_fill_is_read_by_its_hue_and_white_grey_and_black_name_no_rating(fill, rag):
    assert rag_of_fill(fill) == rag


@pytest.mark.parametrize(
    ("text", "rag"),
    [
        ("R", Rag.RED),
        ("amber", Rag.AMBER),
        ("G", Rag.GREEN),
        ("Blue", Rag.BLUE),
        ("Done", Rag.BLUE),
        ("Red - behind schedule", Rag.RED),
        ("Amber (some slippage)", Rag.AMBER),
        ("Green: on track", Rag.GREEN),
        ("Blue, finished", Rag.BLUE),
        ("Complete - see notes", Rag.BLUE),
        ("Completed in May 2025", Rag.BLUE),
        ("", None),
        ("Not started", None),
        ("N/A", None),
        ("In progress", None),
    ],
)
def test_a_cells_words_name_a_rating_first_and_a_status_is_none(text, rag):
    assert rag_of_words(text) == rag


@pytest.mark.parametrize("text", ["Purple", "On track", "Greenish", "3"])
def test_words_that_are_neither_a_rating_nor_a_status_are_refused(text):
    with pytest.raises(ValueError):
        rag_of_words(text)
