"""Reading a date out of a deadline written in words.

Real plans write deadlines such as "June 2015", "Ongoing review/ assessment" or
"December 2015 April 2016". The words are always kept; this module finds the date, if any,
that the words name. A named month means its last day; several dates mean the latest,
since an action is not late until the last date it was given has passed.
"""

import calendar
import datetime
import re

_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTHS["sept"] = 9
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))

_PATTERNS = [
    # 31 March 2016, 31st March 2016
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\.?,?\s+(\d{{4}})\b", re.I), "dmy"),
    # 2016-03-31
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), "iso"),
    # 31/03/2016 or 31.03.2016 (UK order)
    (re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b"), "uk"),
    # March 2016, Mar 2016
    (re.compile(rf"\b({_MONTH})\.?,?\s+(\d{{4}})\b", re.I), "my"),
]
_YEAR_ONLY = re.compile(r"^\s*(?:by\s+|end\s+of\s+|by\s+end\s+of\s+)?(\d{4})\s*$", re.I)


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _dates_in(text: str) -> list[datetime.date]:
    found: list[datetime.date] = []
    remaining = text
    for pattern, kind in _PATTERNS:
        for match in pattern.finditer(remaining):
            try:
                if kind == "dmy":
                    day, month, year = match.groups()
                    found.append(datetime.date(int(year), _MONTHS[month.lower()], int(day)))
                elif kind == "iso":
                    year, month, day = match.groups()
                    found.append(datetime.date(int(year), int(month), int(day)))
                elif kind == "uk":
                    day, month, year = match.groups()
                    found.append(datetime.date(int(year), int(month), int(day)))
                else:
                    month, year = match.groups()
                    found.append(_month_end(int(year), _MONTHS[month.lower()]))
            except ValueError:
                continue
        # A span already read as a fuller date must not be read again as "Month Year".
        remaining = pattern.sub(" ", remaining)
    return found


def deadline_date(text: str) -> datetime.date | None:
    """The date a deadline's words name, or None when they name none ("Ongoing")."""
    if not text or not text.strip():
        return None
    dates = _dates_in(text)
    if dates:
        return max(dates)
    year_only = _YEAR_ONLY.match(text)
    if year_only:
        return datetime.date(int(year_only.group(1)), 12, 31)
    return None
