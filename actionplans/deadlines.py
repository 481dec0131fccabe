"""Reading a date out of a deadline written in words.

Real plans write deadlines such as "June 2015", "Ongoing review/ assessment" or
"December 2015 April 2016". The words are always kept; this module finds the date, if any,
that the words name, and never raises. A period means its last day; several dates mean the
latest, since an action is not late until the last date it was given has passed. A date
that cannot exist ("31/02/2026") is skipped, and words naming no date ("Ongoing") give None.

What the words may say, and the date each gives:

- a day: "31 March 2026", "31st March 2026", "31-Mar-26", "March 31, 2026", "2026-03-31",
  "31/03/2026", "31.03.2026", "31/03/26" (day first, as in the UK);
- a month: "March 2026", "Mar 2026", "end of March 2026", "Mar-26", "Mar 26", "March-2026":
  its last day;
- a two-digit year is this century's: "Mar-26" is March 2026;
- a financial year, April to March: "2025/26", "2025-26", "2025/2026": 31 March 2026.
  The second year must follow the first ("2014-17" is a span of years, not a date);
- a financial quarter, with the financial year: "Q3 2025/26", "Q1 2026-27", "Quarter 4 25/26".
  Q1 is April to June, Q2 July to September, Q3 October to December, Q4 January to March:
  Q3 2025/26 ends 31 December 2025, Q4 2025/26 ends 31 March 2026;
- a quarter with one year is that calendar year's: "Q3 2025" ends 30 September 2025. Councils
  count in financial quarters but write the financial year beside them when they do; a single
  year is read as written, so the date never falls in a later year than the words name;
- an English school term, "Spring term 2026": the end of the month the term ends in. The
  autumn term ends in December, the spring term in April (at Easter, which moves, so the whole
  month) and the summer term in July. With the academic year ("Spring term 2025/26") the
  autumn term is in its first year and the others in its second;
- a season, "Summer 2026": the end of its last month, spring May, summer August, autumn (or
  fall) November, and winter February of the next year ("Winter 2025" ends 28 February 2026);
- a year on its own, "2026", "by 2026", "end of 2026": 31 December.
"""

import calendar
import datetime
import re
from collections.abc import Callable

_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTHS["sept"] = 9
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_YEAR = r"(\d{4}|\d{2})"
# A financial or academic year: its first year and its second, "2025/26" or "2025-2026".
_NEXT = r"\s*[/-]\s*(\d{4}|\d{2})"
_SPAN = rf"(\d{{4}}){_NEXT}"

# (years after the financial year's first, month) at the end of each financial quarter.
_QUARTER_ENDS = {"1": (0, 6), "2": (0, 9), "3": (0, 12), "4": (1, 3)}
_TERM_ENDS = {"autumn": 12, "spring": 4, "summer": 7}
# (years after the year written, month) at the end of each season.
_SEASON_ENDS = {"spring": (0, 5), "summer": (0, 8), "autumn": (0, 11), "fall": (0, 11)}
_SEASON_ENDS["winter"] = (1, 2)


def _year(digits: str) -> int:
    """A year as written: two digits are this century's ("26" is 2026)."""
    return int(digits) + 2000 if len(digits) == 2 else int(digits)


def _second_year(first: str, second: str) -> int:
    """The second year of "2025/26" or "2025-2026"; ValueError unless it follows the first."""
    following = _year(first) + 1
    if int(second) != following % 10 ** len(second):
        raise ValueError
    return following


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _day(day: str, month: int, year: str) -> datetime.date:
    return datetime.date(_year(year), month, int(day))


# Each reader is given a pattern's match and gives its date, or raises ValueError when the
# date cannot exist.


def _day_month_year(match: re.Match) -> datetime.date:
    return _day(match[1], _MONTHS[match[2]], match[3])


def _month_day_year(match: re.Match) -> datetime.date:
    return _day(match[2], _MONTHS[match[1]], match[3])


def _iso_date(match: re.Match) -> datetime.date:
    return datetime.date(int(match[1]), int(match[2]), int(match[3]))


def _numeric_date(match: re.Match) -> datetime.date:
    return _day(match[1], int(match[2]), match[3])


def _financial_quarter(match: re.Match) -> datetime.date:
    quarter, first, second = match.groups()
    later, month = _QUARTER_ENDS[quarter]
    return _month_end(_second_year(first, second) - 1 + later, month)


def _calendar_quarter(match: re.Match) -> datetime.date:
    return _month_end(int(match[2]), int(match[1]) * 3)


def _term(match: re.Match) -> datetime.date:
    term, first, second = match.groups()
    year = int(first)
    if second is not None:  # an academic year: autumn in its first year, the rest in its second
        year = _second_year(first, second) - (term == "autumn")
    return _month_end(year, _TERM_ENDS[term])


def _season(match: re.Match) -> datetime.date:
    later, month = _SEASON_ENDS[match[1]]
    return _month_end(int(match[2]) + later, month)


def _month(match: re.Match) -> datetime.date:
    return _month_end(_year(match[2]), _MONTHS[match[1]])


def _financial_year(match: re.Match) -> datetime.date:
    return _month_end(_second_year(match[1], match[2]), 3)


_MONTH_WORD = rf"({_MONTH})\.?"
_ORDINAL = r"(?:st|nd|rd|th)?"
# Fullest first: each reading blanks what it matched, so "Q3 2025/26" is not read again as
# the financial year 2025/26, nor "31 March 2026" as March 2026.
_READERS: list[tuple[re.Pattern, Callable[[re.Match], datetime.date]]] = [
    # 31 March 2026, 31st March 2026, 31-Mar-26
    (
        re.compile(rf"\b(\d{{1,2}}){_ORDINAL}(?:\s+|-){_MONTH_WORD},?(?:\s+|-){_YEAR}\b"),
        _day_month_year,
    ),
    # March 31, 2026
    (re.compile(rf"\b{_MONTH_WORD}\s+(\d{{1,2}}){_ORDINAL},?\s+(\d{{4}})\b"), _month_day_year),
    # 2026-03-31
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), _iso_date),
    # 31/03/2026, 31.03.2026, 31/03/26 (UK order)
    (re.compile(rf"\b(\d{{1,2}})[/.](\d{{1,2}})[/.]{_YEAR}\b"), _numeric_date),
    # Q3 2025/26, Quarter 1 2026-27, Q4 25/26
    (re.compile(rf"\bq(?:uarter)?\s*([1-4]),?\s+(?:of\s+)?{_YEAR}{_NEXT}\b"), _financial_quarter),
    # Q3 2025
    (re.compile(r"\bq(?:uarter)?\s*([1-4]),?\s+(?:of\s+)?(\d{4})\b"), _calendar_quarter),
    # Spring term 2026, Autumn term 2025/26
    (
        re.compile(rf"\b({'|'.join(_TERM_ENDS)})\s+term,?\s+(?:of\s+)?(\d{{4}})(?:{_NEXT})?\b"),
        _term,
    ),
    # Summer 2026
    (re.compile(rf"\b({'|'.join(_SEASON_ENDS)})\s+(?:of\s+)?(\d{{4}})\b"), _season),
    # March 2026, Mar 2026, Mar-26, Mar 26, March-2026
    (re.compile(rf"\b{_MONTH_WORD}(?:,?\s+|\s*[-/'\u2019]\s*){_YEAR}\b"), _month),
    # 2025/26
    (re.compile(rf"\b{_SPAN}\b"), _financial_year),
]
_YEAR_ONLY = re.compile(r"^\s*(?:by\s+|end\s+of\s+|by\s+end\s+of\s+)?([1-9]\d{3})\s*$")


def _dates_in(text: str) -> list[datetime.date]:
    found: list[datetime.date] = []
    remaining = text
    for pattern, read in _READERS:
        for match in pattern.finditer(remaining):
            try:
                found.append(read(match))
            except ValueError:
                continue
        remaining = pattern.sub(" ", remaining)
    return found


def deadline_date(text: str) -> datetime.date | None:
    """The date a deadline's words name, or None when they name none ("Ongoing")."""
    if not text or not text.strip():
        return None
    text = text.lower()  # the patterns are written in lower case
    dates = _dates_in(text)
    if dates:
        return max(dates)
    year_only = _YEAR_ONLY.match(text)
    if year_only:
        return datetime.date(int(year_only[1]), 12, 31)
    return None
