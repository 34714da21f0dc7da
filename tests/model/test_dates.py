"""Dates as lists write them."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sanctionwatch.model import PartialDate
from sanctionwatch.model.dates import iso_prefix, parse_partial_date

CASES = [
    ("12 Jan 1962", PartialDate("12 Jan 1962", "1962-01-12")),
    ("Jan 1962", PartialDate("Jan 1962", "1962-01")),
    ("January 12, 1962", PartialDate("January 12, 1962", "1962-01-12")),
    ("1962", PartialDate("1962", "1962")),
    ("1962-01-12", PartialDate("1962-01-12", "1962-01-12")),
    ("1962-01-12T00:00:00", PartialDate("1962-01-12T00:00:00", "1962-01-12")),
    ("12/01/1962", PartialDate("12/01/1962", "1962-01-12")),  # day first, as UK/UN/EU write it
    ("26.11.1972", PartialDate("26.11.1972", "1972-11-26")),  # dotted, as the EU Official Journal prints it
    ("00/00/1962", PartialDate("00/00/1962", "1962")),
    ("00/03/1962", PartialDate("00/03/1962", "1962-03")),
    ("circa 1962", PartialDate("circa 1962", "1962", circa=True)),
    ("approximately 1962", PartialDate("approximately 1962", "1962", circa=True)),
    ("1960 to 1962", PartialDate("1960 to 1962", "1960", "1962")),
    ("circa 1979-1982", PartialDate("circa 1979-1982", "1979", "1982", circa=True)),
    ("Between 1950 and 1952", PartialDate("Between 1950 and 1952")),  # not understood: kept as text
    ("sometime in spring", PartialDate("sometime in spring")),
    ("31/13/1962", PartialDate("31/13/1962")),  # no 13th month
    ("0097-06-30", PartialDate("0097-06-30")),  # two-digit year: not a date we can trust
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_partial_dates(text: str, expected: PartialDate) -> None:
    assert parse_partial_date(text) == expected


@given(st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(2999, 12, 31)))
def test_every_iso_date_reads_back_as_itself(day: dt.date) -> None:
    assert iso_prefix(day.isoformat()) == day.isoformat()
    assert iso_prefix(day.strftime("%d %b %Y")) == day.isoformat()


@given(st.text(max_size=40))
def test_any_text_is_kept_whatever_it_is(text: str) -> None:
    parsed = parse_partial_date(text)
    assert parsed.text == text.strip()
    assert parsed.value is None or len(parsed.value) in (4, 7, 10)
