"""Screening queries: FtM-style properties -> :class:`~sanctionwatch.model.Entity`.

A query is a customer or counterparty to screen. Both input shapes (CSV rows and FtM JSON lines)
are first turned into FtM properties (``name``, ``birthDate``, ``nationality``, ...) and then into
one :class:`Entity` with ``source="query"``. Every problem with a query raises
:class:`QueryError` carrying a :class:`~sanctionwatch.errors.Problem` that says which file, line
and field failed and why.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sanctionwatch.errors import InputError, Location, Problem
from sanctionwatch.model import (
    Address,
    Entity,
    Identifier,
    IdentifierType,
    Name,
    NameKind,
    PartialDate,
    Schema,
    country_or_text,
    detect_script,
)
from sanctionwatch.model.dates import parse_partial_date

#: Longest value accepted in any query field (characters); real names stay well below it.
MAX_VALUE_CHARS = 1000
#: Most values accepted for one property of one query.
MAX_VALUES = 100
#: Limits for a list entity read from FtM properties (the candidate of a compared pair): lists give
#: some parties hundreds of aliases, and their notes and addresses run long.
MAX_LISTED_VALUES = 5000
MAX_LISTED_VALUE_CHARS = 20_000

QUERY_SOURCE = "query"

# FtM schemata a query may name. Schemata we do not model map to the closest one; "Thing" and
# "LegalEntity" match both people and organisations.
SCHEMATA: dict[str, Schema] = {
    "person": Schema.PERSON,
    "organization": Schema.ORGANIZATION,
    "organisation": Schema.ORGANIZATION,
    "publicbody": Schema.ORGANIZATION,
    "company": Schema.COMPANY,
    "legalentity": Schema.LEGAL_ENTITY,
    "thing": Schema.LEGAL_ENTITY,
    "vessel": Schema.VESSEL,
    "aircraft": Schema.AIRCRAFT,
    "airplane": Schema.AIRCRAFT,
}

NAME_PROPERTIES: dict[str, NameKind] = {
    "name": NameKind.PRIMARY,
    "alias": NameKind.ALIAS,
    "weakAlias": NameKind.WEAK_ALIAS,
    # An organisation's abbreviation ("NIOC"): short, so it counts as weakly as a weak alias.
    "abbreviation": NameKind.WEAK_ALIAS,
    "previousName": NameKind.PREVIOUS,
}

NAME_PART_PROPERTIES = ("firstName", "middleName", "fatherName", "secondName", "lastName")

IDENTIFIER_PROPERTIES: dict[str, IdentifierType] = {
    "passportNumber": IdentifierType.PASSPORT,
    "idNumber": IdentifierType.NATIONAL_ID,
    "taxNumber": IdentifierType.TAX,
    "innCode": IdentifierType.INN,
    "ogrnCode": IdentifierType.OGRN,
    "registrationNumber": IdentifierType.REGISTRATION,
    "leiCode": IdentifierType.LEI,
    "imoNumber": IdentifierType.IMO,
    "mmsi": IdentifierType.MMSI,
    "callSign": IdentifierType.CALL_SIGN,
    "swiftBic": IdentifierType.SWIFT_BIC,
    "email": IdentifierType.EMAIL,
    "phone": IdentifierType.PHONE,
    "website": IdentifierType.WEBSITE,
    "serialNumber": IdentifierType.AIRCRAFT_SERIAL,
}

COUNTRY_PROPERTIES = ("nationality", "citizenship", "country", "jurisdiction", "mainCountry", "flag")

OTHER_PROPERTIES = ("birthDate", "birthPlace", "address", "gender", "title", "position")

#: Every property a query may carry; others are ignored (FtM has many that play no part in matching).
KNOWN_PROPERTIES = frozenset(
    (*NAME_PROPERTIES, *NAME_PART_PROPERTIES, *IDENTIFIER_PROPERTIES, *COUNTRY_PROPERTIES, *OTHER_PROPERTIES)
)


@dataclass(slots=True, frozen=True)
class Intake:
    """How strictly FtM properties are read into an :class:`Entity`.

    A query is customer data: it must be well formed, so a birth date that is not a date is an
    error to fix. A list entity (the candidate of a compared pair) is taken as the list states it:
    many aliases, and dates in another calendar or in words kept as text (not compared), the way
    the list parsers keep them.
    """

    max_values: int
    max_value_chars: int
    dates_as_text: bool


QUERY_INTAKE = Intake(MAX_VALUES, MAX_VALUE_CHARS, dates_as_text=False)
LISTED_INTAKE = Intake(MAX_LISTED_VALUES, MAX_LISTED_VALUE_CHARS, dates_as_text=True)


class QueryError(InputError):
    """One query could not be read; ``problem`` says where and why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem), problems=(problem,))
        self.problem = problem


@dataclass(slots=True)
class _Fields:
    """What one query says, accumulated property by property."""

    location: Location
    intake: Intake
    names: list[Name] = field(default_factory=list)
    parts: dict[str, str] = field(default_factory=dict)
    birth_dates: list[PartialDate] = field(default_factory=list)
    birth_places: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    citizenships: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    gender: str | None = None
    titles: list[str] = field(default_factory=list)
    positions: list[str] = field(default_factory=list)

    def fail(self, prop: str, message: str) -> QueryError:
        loc = self.location
        return QueryError(Problem(Location(loc.file, loc.line, loc.record, prop), message))


def parse_schema(value: str | None, location: Location) -> Schema:
    """An FtM schema name (any case) -> :class:`Schema`; empty means ``LegalEntity``."""
    if value is None or not value.strip():
        return Schema.LEGAL_ENTITY
    schema = SCHEMATA.get(value.strip().lower())
    if schema is None:
        known = ", ".join(sorted({s.value for s in SCHEMATA.values()} | {"Thing", "PublicBody", "Airplane"}))
        problem = Problem(
            Location(location.file, location.line, location.record, "schema"),
            f"unknown schema {value.strip()[:60]!r} (known: {known})",
        )
        raise QueryError(problem)
    return schema


def entity_from_properties(
    query_id: str,
    schema: Schema,
    properties: Mapping[str, Sequence[str]],
    location: Location,
    intake: Intake = QUERY_INTAKE,
) -> Entity:
    """Build the query :class:`Entity` from FtM properties (values already lists of strings).

    Raises :class:`QueryError` when a value is too long, there are too many values, a birth date
    is not a date (for a query: see :class:`Intake`), or the entity has no name at all.
    """
    fields = _Fields(location, intake)
    for prop, values in properties.items():
        if prop not in KNOWN_PROPERTIES:
            continue
        if len(values) > intake.max_values:
            raise fields.fail(prop, f"{len(values)} values (limit {intake.max_values})")
        for raw in values:
            value = _clean(raw, prop, fields)
            if value:
                _add(fields, prop, value)
    _compose_name(fields)
    if not fields.names:
        raise fields.fail("name", "the query has no name")
    return Entity(
        id=query_id,
        schema=schema,
        source=QUERY_SOURCE,
        source_id=query_id,
        names=tuple(fields.names),
        birth_dates=tuple(fields.birth_dates),
        birth_places=tuple(fields.birth_places),
        nationalities=tuple(dict.fromkeys(fields.nationalities)),
        citizenships=tuple(dict.fromkeys(fields.citizenships)),
        countries=tuple(dict.fromkeys(fields.countries)),
        addresses=tuple(fields.addresses),
        identifiers=tuple(fields.identifiers),
        gender=fields.gender,
        titles=tuple(fields.titles),
        positions=tuple(fields.positions),
    )


def _clean(raw: str, prop: str, fields: _Fields) -> str:
    limit = fields.intake.max_value_chars
    if len(raw) > limit:
        raise fields.fail(prop, f"value is {len(raw)} characters long (limit {limit})")
    if any("\udc80" <= char <= "\udcff" for char in raw):
        raise fields.fail(prop, "value is not valid UTF-8")
    return " ".join(raw.split())


def _add(fields: _Fields, prop: str, value: str) -> None:
    if prop in NAME_PROPERTIES:
        fields.names.append(Name(full=value, kind=NAME_PROPERTIES[prop], script=detect_script(value)))
    elif prop in NAME_PART_PROPERTIES:
        fields.parts[prop] = f"{fields.parts[prop]} {value}" if prop in fields.parts else value
    elif prop in IDENTIFIER_PROPERTIES:
        fields.identifiers.append(Identifier(type=IDENTIFIER_PROPERTIES[prop], value=value))
    elif prop in COUNTRY_PROPERTIES:
        _add_country(fields, prop, value)
    else:
        _add_other(fields, prop, value)


def _add_country(fields: _Fields, prop: str, value: str) -> None:
    code = country_or_text(value)
    if prop == "nationality":
        fields.nationalities.append(code)
    elif prop == "citizenship":
        fields.citizenships.append(code)
    else:
        fields.countries.append(code)


def _add_other(fields: _Fields, prop: str, value: str) -> None:
    if prop == "birthDate":
        date = parse_partial_date(value)
        if date.value is None and not fields.intake.dates_as_text:
            raise fields.fail(prop, f"{value[:60]!r} is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)")
        fields.birth_dates.append(date)
    elif prop == "birthPlace":
        fields.birth_places.append(value)
    elif prop == "address":
        fields.addresses.append(Address(full=value))
    elif prop == "gender":
        fields.gender = value.lower()
    elif prop == "title":
        fields.titles.append(value)
    else:
        fields.positions.append(value)


def _compose_name(fields: _Fields) -> None:
    """Name parts (firstName, lastName, ...) make the primary name when none is given, and
    annotate it when exactly one is."""
    if not fields.parts:
        return
    parts = fields.parts
    given = parts.get("firstName")
    family = parts.get("lastName")
    middle = " ".join(p for p in (parts.get("middleName"), parts.get("secondName")) if p) or None
    patronymic = parts.get("fatherName")
    primaries = [n for n in fields.names if n.kind is NameKind.PRIMARY]
    if len(primaries) > 1:
        return
    if primaries:
        full = primaries[0].full
        fields.names.remove(primaries[0])
    else:
        full = " ".join(p for p in (given, middle, patronymic, family) if p)
    name = Name(
        full=full,
        script=detect_script(full),
        given=given,
        middle=middle,
        family=family,
        patronymic=patronymic,
    )
    fields.names.insert(0, name)


def property_values(value: Any, prop: str, location: Location) -> list[str]:
    """A JSON property value (a string or a list of strings) -> list of strings, or QueryError."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    problem = Problem(
        Location(location.file, location.line, location.record, prop),
        f"expected a string or a list of strings, got {type(value).__name__}",
    )
    raise QueryError(problem)
