"""Facts besides names that matching compares, normalised once at prepare time."""

from __future__ import annotations

import calendar
import re

from sanctionwatch.model import Entity, Identifier, IdentifierType, PartialDate
from sanctionwatch.model.countries import country_code

#: (first day, last day, precision) with days as yyyymmdd ints; precision 1 year, 2 month, 3 day.
DateRange = tuple[int, int, int]

YEAR, MONTH, DAY = 1, 2, 3
#: "circa 1962" covers 1961..1963.
CIRCA_YEARS = 1

_IDENTIFIER_GROUPS: dict[IdentifierType, str] = {
    IdentifierType.IMO: "vessel",
    IdentifierType.MMSI: "vessel",
    IdentifierType.CALL_SIGN: "vessel",
    IdentifierType.EMAIL: "email",
    IdentifierType.PHONE: "phone",
    IdentifierType.WEBSITE: "web",
    IdentifierType.CRYPTO_WALLET: "crypto",
    IdentifierType.SWIFT_BIC: "bic",
    IdentifierType.AIRCRAFT_SERIAL: "aircraft",
}
_NOT_ALNUM = re.compile(r"[^0-9A-Z]+")
_IMO_PREFIX = re.compile(r"^IMO")
#: Identifiers shorter than this (after normalisation) are too likely to coincide.
MIN_IDENTIFIER_CHARS = 5


def _bounds(iso: str) -> tuple[int, int, int] | None:
    parts = iso.split("-")
    try:
        year = int(parts[0])
        if len(parts) == 1:
            return year * 10000 + 101, year * 10000 + 1231, YEAR
        month = int(parts[1])
        if len(parts) == 2:
            last = calendar.monthrange(year, month)[1]
            return year * 10000 + month * 100 + 1, year * 10000 + month * 100 + last, MONTH
        day = year * 10000 + month * 100 + int(parts[2])
    except (ValueError, IndexError, calendar.IllegalMonthError):
        return None
    return day, day, DAY


def date_range(date: PartialDate) -> DateRange | None:
    """A list date as a range of days; ``None`` if it states no usable date."""
    if not date.value:
        return None
    first = _bounds(date.value)
    if first is None:
        return None
    start, end, precision = first
    if date.until and (last := _bounds(date.until)):
        end, precision = max(end, last[1]), YEAR
    if date.circa:
        start, end, precision = start - CIRCA_YEARS * 10000, end + CIRCA_YEARS * 10000, YEAR
    return start, end, precision


def birth_ranges(entity: Entity) -> tuple[DateRange, ...]:
    return tuple(r for r in map(date_range, entity.birth_dates) if r is not None)


def _code(value: str) -> str | None:
    value = value.strip().lower()
    if len(value) == 2 and value.isalpha():
        return value
    return country_code(value)


def entity_countries(entity: Entity) -> frozenset[str]:
    """Nationalities, citizenships and linked countries as ISO codes (unresolvable text dropped)."""
    values = (*entity.nationalities, *entity.citizenships, *entity.countries)
    return frozenset(c for c in map(_code, values) if c)


def identifier_key(identifier: Identifier) -> tuple[str, str] | None:
    """(group, normalised value) so "AB 123-456" equals "ab123456"; ``None`` if too short."""
    value = _NOT_ALNUM.sub("", identifier.value.upper())
    group = _IDENTIFIER_GROUPS.get(identifier.type, "document")
    if group == "vessel":
        value = _IMO_PREFIX.sub("", value)
    if len(value) < MIN_IDENTIFIER_CHARS or len(set(value)) == 1:
        return None
    return group, value


def identifier_keys(entity: Entity) -> frozenset[tuple[str, str]]:
    return frozenset(k for k in map(identifier_key, entity.identifiers) if k is not None)
