import datetime

import pytest

from actionplans.deadlines import deadline_date


def day(year: int, month: int, number: int) -> datetime.date:
    return datetime.date(year, month, number)


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        # A month: its last day.
        ("June 2015", day(2015, 6, 30)),
        ("September 2015", day(2015, 9, 30)),
        ("Sept 2015", day(2015, 9, 30)),
        ("February 2016", day(2016, 2, 29)),
        ("end of March 2026", day(2026, 3, 31)),
        ("MARCH 2026", day(2026, 3, 31)),
        ("Mar-26", day(2026, 3, 31)),
        ("Mar 26", day(2026, 3, 31)),
        ("Mar '26", day(2026, 3, 31)),
        ("Mar\u201926", day(2026, 3, 31)),
        ("Mar/26", day(2026, 3, 31)),
        ("March-2026", day(2026, 3, 31)),
        ("Feb-28", day(2028, 2, 29)),
        ("Jan 2026, Dec 2026", day(2026, 12, 31)),
        # A day.
        ("31st March 2016", day(2016, 3, 31)),
        ("by 1 April 2016", day(2016, 4, 1)),
        ("2nd May 2016", day(2016, 5, 2)),
        ("3rd May 2016", day(2016, 5, 3)),
        ("4th May 2016", day(2016, 5, 4)),
        ("31-Mar-26", day(2026, 3, 31)),
        ("1 Apr 26", day(2026, 4, 1)),
        ("March 31, 2026", day(2026, 3, 31)),
        ("May 1 2026", day(2026, 5, 1)),
        ("2016-03-31", day(2016, 3, 31)),
        ("31/03/2016", day(2016, 3, 31)),
        ("31.03.2016", day(2016, 3, 31)),
        ("31/03/26", day(2026, 3, 31)),
        ("5/4/2026", day(2026, 4, 5)),
        # A financial year, April to March.
        ("2025/26", day(2026, 3, 31)),
        ("2025-26", day(2026, 3, 31)),
        ("2025 / 26", day(2026, 3, 31)),
        ("2025/2026", day(2026, 3, 31)),
        ("1999/00", day(2000, 3, 31)),
        ("by the end of 2025-26", day(2026, 3, 31)),
        # A financial quarter: Q1 April to June ... Q4 January to March.
        ("Q1 2025/26", day(2025, 6, 30)),
        ("Q2 2025/26", day(2025, 9, 30)),
        ("Q3 2025/26", day(2025, 12, 31)),
        ("Q4 2025/26", day(2026, 3, 31)),
        ("Q1 2026-27", day(2026, 6, 30)),
        ("q3 25/26", day(2025, 12, 31)),
        ("Quarter 4 2025/2026", day(2026, 3, 31)),
        ("Q2, 2025/26", day(2025, 9, 30)),
        ("Q2 of 2025/26", day(2025, 9, 30)),
        ("Q1 2025/26 then Q3 2025/26", day(2025, 12, 31)),
        # A quarter with one year is that calendar year's.
        ("Q1 2025", day(2025, 3, 31)),
        ("Q2 2025", day(2025, 6, 30)),
        ("Q3 2025", day(2025, 9, 30)),
        ("Q4 2025", day(2025, 12, 31)),
        # An English school term: the end of the month it ends in.
        ("Autumn term 2025", day(2025, 12, 31)),
        ("Spring term 2026", day(2026, 4, 30)),
        ("Summer Term 2026", day(2026, 7, 31)),
        ("end of the summer term of 2026", day(2026, 7, 31)),
        ("Autumn term 2025/26", day(2025, 12, 31)),
        ("Spring term 2025/26", day(2026, 4, 30)),
        ("Summer term 2025-2026", day(2026, 7, 31)),
        # A season: its last month; winter's is February of the next year.
        ("Spring 2026", day(2026, 5, 31)),
        ("Summer 2026", day(2026, 8, 31)),
        ("Autumn 2026", day(2026, 11, 30)),
        ("Fall 2026", day(2026, 11, 30)),
        ("Winter 2027", day(2028, 2, 29)),
        ("Winter 2025/26", day(2026, 2, 28)),
        ("by summer of 2026", day(2026, 8, 31)),
        # A year on its own.
        ("2016", day(2016, 12, 31)),
        ("by 2016", day(2016, 12, 31)),
        ("End of 2016", day(2016, 12, 31)),
        ("by end of 2016", day(2016, 12, 31)),
        # Several dates: the latest.
        ("December 2015 April 2016", day(2016, 4, 30)),
        ("April 2016 April 2016", day(2016, 4, 30)),
        ("30 February 2016, then 31 March 2016", day(2016, 3, 31)),
        ("31/03/2026 and Q4 2026/27", day(2027, 3, 31)),
        # A fuller reading is not read again as a shorter one.
        ("1 March 2026", day(2026, 3, 1)),
        ("2026-03-01", day(2026, 3, 1)),
        ("Q1 2026/27", day(2026, 6, 30)),
        ("Spring term 2026", day(2026, 4, 30)),
        # No date.
        ("Ongoing", None),
        ("Ongoing review/ assessment", None),
        ("Quarterly", None),
        ("", None),
        ("   ", None),
        (None, None),
        ("Spring", None),
        ("March", None),
        ("Mayor 25", None),
        ("Springfield 2026", None),
        ("2026 onwards", None),
        ("0000", None),
        # A date that cannot exist is skipped.
        ("30 February 2016", None),
        ("31/02/2026", None),
        ("31/02/26", None),
        ("29-Feb-25", None),
        ("February 30, 2026", None),
        ("2026-02-30", None),
        ("13/13/2026", None),
        # A span whose second year does not follow its first is no financial year.
        ("2014-17", None),
        ("2025/27", None),
        ("2025/2027", None),
        ("Q3 2025/27", None),
        ("Spring term 2025/27", None),
    ],
)
def test_deadline_words_give_the_date_they_name(words, expected):
    assert deadline_date(words) == expected


@pytest.mark.parametrize(
    "words",
    [
        "99/99/99",
        "0/0/0000",
        "Q9 9999/00",
        "Winter 9999",
        "Spring term 9999/0",
        "9999-99-99",
        "December 9999",
        "\x00\ud800",
        "Q" * 5000,
        "31/03/" + "9" * 400,
        "Mar-" * 1000,
    ],
)
def test_no_words_make_it_raise(words):
    assert deadline_date(words) is None or isinstance(deadline_date(words), datetime.date)
