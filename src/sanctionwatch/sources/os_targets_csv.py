"""OpenSanctions ``targets.simple.csv``: one row per target, multi-valued cells joined with ``;``.

Columns: id, schema, name, aliases, birth_date, countries, addresses, identifiers, sanctions, phones,
emails, program_ids, dataset, first_seen, last_seen, last_change. Multi-valued cells are themselves
``;``-delimited CSV (a value holding ``;``, a quote or a newline is quoted; a lone empty value is
written ``""``). Rows of schemas we do not keep (CryptoWallet, Security, Address, ...) are skipped and
counted. ``first_seen``/``last_seen``/``last_change`` are OpenSanctions' crawl times, not facts about
the designation, and ``last_seen`` changes daily: they are not kept, so versions differ only when
the designation does.
"""

from __future__ import annotations

import csv
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sanctionwatch.errors import ParseError
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
    make_entity_id,
)
from sanctionwatch.model.dates import parse_partial_date
from sanctionwatch.sources.base import FileReport, FileSet, ParsedList
from sanctionwatch.sources.csv_table import header_columns, records

log = logging.getLogger(__name__)

COLUMNS = (
    "id",
    "schema",
    "name",
    "aliases",
    "birth_date",
    "countries",
    "addresses",
    "identifiers",
    "sanctions",
    "phones",
    "emails",
    "program_ids",
    "dataset",
    "first_seen",
    "last_seen",
    "last_change",
)
_REQUIRED = ("id", "schema", "name")
_TITLE = "an OpenSanctions targets.simple.csv"
_SCHEMAS = {
    "Person": Schema.PERSON,
    "Organization": Schema.ORGANIZATION,
    "Company": Schema.COMPANY,
    "LegalEntity": Schema.LEGAL_ENTITY,
    "Vessel": Schema.VESSEL,
    "Airplane": Schema.AIRCRAFT,
}
_IMO = re.compile(r"^IMO\s?\d{7}$", re.IGNORECASE)


def dataset_of(path: Path) -> str | None:
    """The ``dataset`` column of the first data row (what the catalog names the list after)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            row = next(csv.DictReader(handle), None)
    except (OSError, UnicodeDecodeError, csv.Error):
        return None
    value = (row or {}).get("dataset")
    return value.strip() or None if isinstance(value, str) else None


def parse(fileset: FileSet) -> ParsedList:
    """Read a targets.simple.csv into entities; every malformed row is a located problem."""
    result, skipped = parse_counting(fileset)
    if skipped:
        log.info("%s: skipped rows by schema: %s", fileset.path(), dict(skipped))
    return result


def parse_counting(fileset: FileSet) -> tuple[ParsedList, Counter[str]]:
    """Like :func:`parse`, also returning how many rows were skipped, by schema."""
    path = fileset.path()
    reading = _Reading(path, ParsedList(source=fileset.source, format=fileset.format))
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            columns = header_columns(path, next(reader, None), _REQUIRED, _TITLE)
            seen: set[str] = set()
            for line, row in records(reader, len(columns), reading):
                entity = _read(reading, line, dict(zip(columns, row, strict=True)))
                if entity is None:
                    continue
                if entity.id in seen:
                    reading.problem(line, entity.source_id, "id", "duplicate id: row skipped")
                    continue
                seen.add(entity.id)
                reading.result.entities.append(entity)
    except UnicodeDecodeError as exc:
        raise ParseError(f"{path}: not {_TITLE}: not UTF-8 text ({exc.reason})") from exc
    return reading.result, reading.skipped


@dataclass(slots=True)
class _Reading(FileReport):
    skipped: Counter[str] = field(default_factory=Counter)


def _values(cell: str | None) -> list[str]:
    """Values of a ``;``-joined cell (itself CSV: quoted where a value holds ``;``, ``"`` or a newline)."""
    if not cell:
        return []
    items = next(csv.reader([cell], delimiter=";")) if '"' in cell else cell.split(";")
    return list(dict.fromkeys(v.strip() for v in items if v.strip()))


def _read(reading: _Reading, line: int, row: dict[str, str]) -> Entity | None:
    target_id, schema_name, name = (row.get(c, "").strip() for c in _REQUIRED)
    for column, value in (("id", target_id), ("schema", schema_name), ("name", name)):
        if not value:
            reading.problem(line, target_id, column, f"empty {column}: row skipped")
            return None
    schema = _SCHEMAS.get(schema_name)
    if schema is None:
        reading.skipped[schema_name] += 1
        return None
    names = [Name(name, script=detect_script(name))]
    names += [Name(a, NameKind.ALIAS, script=detect_script(a)) for a in _values(row.get("aliases"))]
    return Entity(
        id=make_entity_id(reading.result.source, target_id),
        schema=schema,
        source=reading.result.source,
        source_id=target_id,
        names=tuple(dict.fromkeys(names)),
        birth_dates=_birth_dates(reading, line, target_id, row),
        countries=tuple(dict.fromkeys(country_or_text(c) for c in _values(row.get("countries")))),
        addresses=tuple(Address(full=a) for a in _values(row.get("addresses"))),
        identifiers=_identifiers(row),
        programs=tuple(_values(row.get("program_ids"))),
        remarks="\n".join(_values(row.get("sanctions"))) or None,
    )


def _birth_dates(
    reading: _Reading, line: int, target_id: str, row: dict[str, str]
) -> tuple[PartialDate, ...]:
    dates = []
    for text in _values(row.get("birth_date")):
        date = parse_partial_date(text)
        if date.value is None:
            reading.warn(line, target_id, "birth_date", f"not a date: {text!r} (kept as text)")
        dates.append(date)
    return tuple(dates)


def _identifiers(row: dict[str, str]) -> tuple[Identifier, ...]:
    out = [
        Identifier(IdentifierType.IMO if _IMO.match(v) else IdentifierType.OTHER, v)
        for v in _values(row.get("identifiers"))
    ]
    out += [Identifier(IdentifierType.PHONE, v) for v in _values(row.get("phones"))]
    out += [Identifier(IdentifierType.EMAIL, v) for v in _values(row.get("emails"))]
    return tuple(dict.fromkeys(out))
