import datetime

import pytest

from actionplans.deadlines import deadline_date


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("June 2015", datetime.date(2015, 6, 30)),
        ("September 2015", datetime.date(2015, 9, 30)),
        ("Sept 2015", datetime.date(2015, 9, 30)),
        ("February 2016", datetime.date(2016, 2, 29)),
        ("December 2015 April 2016", datetime.date(2016, 4, 30)),
        ("April 2016 April 2016", datetime.date(2016, 4, 30)),
        ("31st March 2016", datetime.date(2016, 3, 31)),
        ("by 1 April 2016", datetime.date(2016, 4, 1)),
        ("2016-03-31", datetime.date(2016, 3, 31)),
        ("31/03/2016", datetime.date(2016, 3, 31)),
        ("2016", datetime.date(2016, 12, 31)),
        ("Ongoing", None),
        ("Ongoing review/ assessment", None),
        ("", None),
        ("   ", None),
        ("30 February 2016", None),
        ("30 February 2016, then 31 March 2016", datetime.date(2016, 3, 31)),
        ("Quarterly", None),
    ],
)
def test_deadline_words_give_the_date_they_name(words, expected):
    assert deadline_date(words) == expected
