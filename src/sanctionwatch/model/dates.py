"""Dates as lists write them -> :class:`PartialDate` (full, year-month, year, circa, ranges)."""

from __future__ import annotations

import re

from sanctionwatch.model.entity import PartialDate

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for m in names
}

_CIRCA = re.compile(r"^\s*(circa|approximately|approx\.?|about|ca\.?|c\.)\s+", re.IGNORECASE)
_RANGE = re.compile(r"\s+(?:to|-|–|until|and)\s+", re.IGNORECASE)
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:T.*)?$")
_DMY = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_TEXT_DMY = re.compile(r"^(?:(\d{1,2})\s+)?([A-Za-z]{3,9})\.?,?\s+(\d{4})$")
_TEXT_MDY = re.compile(r"^([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})$")
_YEAR_RANGE = re.compile(r"^(\d{4})\s*[-–/]\s*(\d{4})$")  # "1979-1982": four digits both sides, never ISO


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    if not 1000 <= year <= 2999:
        return None
    if month is None or month == 0:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None or day == 0:
        return f"{year:04d}-{month:02d}"
    if not 1 <= day <= 31:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def iso_prefix(text: str) -> str | None:
    """One date in any of the common list notations -> ISO prefix, or None if not a date."""
    text = text.strip().rstrip(".")
    if m := _ISO.match(text):
        return _iso(int(m[1]), int(m[2]) if m[2] else None, int(m[3]) if m[3] else None)
    if m := _DMY.match(text):
        # Lists outside the US write day first (UK, UN, EU): 12/01/1962 is 12 January.
        return _iso(int(m[3]), int(m[2]), int(m[1]))
    if m := _TEXT_DMY.match(text):
        month = _MONTHS.get(m[2].lower())
        if month is None:
            return None
        return _iso(int(m[3]), month, int(m[1]) if m[1] else None)
    if m := _TEXT_MDY.match(text):
        month = _MONTHS.get(m[1].lower())
        if month is None:
            return None
        return _iso(int(m[3]), month, int(m[2]))
    return None


def parse_partial_date(text: str) -> PartialDate:
    """Parse "12 Jan 1962", "1962", "circa 1962", "1960 to 1962", "12/01/1962", "1962-01-12".

    Text that is not a recognisable date is kept as ``text`` with no ``value``: nothing is lost.
    """
    raw = text.strip()
    body = raw
    circa = False
    if m := _CIRCA.match(body):
        circa = True
        body = body[m.end() :]
    if m := _YEAR_RANGE.match(body.strip()):
        first, last = _iso(int(m[1])), _iso(int(m[2]))
        if first and last and first <= last:
            return PartialDate(text=raw, value=first, until=last, circa=circa)
    parts = _RANGE.split(body, maxsplit=1)
    if len(parts) == 2:
        first, last = iso_prefix(parts[0]), iso_prefix(parts[1])
        if first and last:
            return PartialDate(text=raw, value=first, until=last, circa=circa)
    return PartialDate(text=raw, value=iso_prefix(body), circa=circa)
