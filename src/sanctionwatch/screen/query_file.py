"""Files of screening queries: CSV (one customer per row) and FtM JSON lines.

Reading is split in two so a batch can spread the work over processes: :meth:`QueryFile.records`
yields raw records cheaply (JSON line bytes, CSV cells) with their line numbers, and
:meth:`QueryFile.parse` turns one record into an :class:`~sanctionwatch.model.Entity` or raises
:class:`~sanctionwatch.screen.query.QueryError` saying which line and field is wrong and why.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

import orjson

from sanctionwatch.errors import InputError, Location, Problem
from sanctionwatch.model import Entity
from sanctionwatch.screen.query import (
    MAX_VALUE_CHARS,
    QUERY_INTAKE,
    Intake,
    QueryError,
    entity_from_properties,
    parse_schema,
    property_values,
)

#: Longest input line accepted (bytes); longer lines are reported and skipped.
MAX_LINE_BYTES = 1 << 20

# CSV header (folded: lower case, letters and digits only) -> FtM property.
_COLUMNS: dict[str, str] = {
    "name": "name",
    "fullname": "name",
    "alias": "alias",
    "aliases": "alias",
    "weakalias": "weakAlias",
    "abbreviation": "abbreviation",
    "previousname": "previousName",
    "firstname": "firstName",
    "givenname": "firstName",
    "middlename": "middleName",
    "secondname": "secondName",
    "fathername": "fatherName",
    "patronymic": "fatherName",
    "lastname": "lastName",
    "familyname": "lastName",
    "surname": "lastName",
    "birthdate": "birthDate",
    "dob": "birthDate",
    "dateofbirth": "birthDate",
    "birthplace": "birthPlace",
    "placeofbirth": "birthPlace",
    "nationality": "nationality",
    "citizenship": "citizenship",
    "country": "country",
    "countries": "country",
    "jurisdiction": "jurisdiction",
    "address": "address",
    "gender": "gender",
    "title": "title",
    "position": "position",
    "passport": "passportNumber",
    "passportnumber": "passportNumber",
    "idnumber": "idNumber",
    "nationalid": "idNumber",
    "taxnumber": "taxNumber",
    "taxid": "taxNumber",
    "inn": "innCode",
    "inncode": "innCode",
    "ogrn": "ogrnCode",
    "ogrncode": "ogrnCode",
    "registrationnumber": "registrationNumber",
    "lei": "leiCode",
    "leicode": "leiCode",
    "imo": "imoNumber",
    "imonumber": "imoNumber",
    "mmsi": "mmsi",
    "callsign": "callSign",
    "swift": "swiftBic",
    "swiftbic": "swiftBic",
    "bic": "swiftBic",
    "email": "email",
    "phone": "phone",
    "website": "website",
}
# Cells of these properties hold one value; all others may hold several, separated by ";".
_SINGLE_VALUED = frozenset({"name", "address", "firstName", "lastName", "middleName", "fatherName"})
_FOLD = re.compile(r"[^a-z0-9]+")


class QueryFormat(StrEnum):
    JSONL = "jsonl"
    CSV = "csv"

    @classmethod
    def of_path(cls, path: Path) -> QueryFormat:
        """The format a file name implies: ``.csv`` is CSV, anything else JSON lines."""
        return cls.CSV if path.suffix.lower() in (".csv", ".tsv") else cls.JSONL


@dataclass(slots=True, frozen=True)
class RawQuery:
    """One record as read: a JSON line (bytes) or the cells of a CSV row, and where it starts."""

    line: int
    data: bytes | tuple[str, ...]
    oversize: int = 0  # length in bytes of a line too long to read (then ``data`` is empty)


def _fold(header: str) -> str:
    return _FOLD.sub("", header.strip().lower())


@dataclass(slots=True, frozen=True)
class QueryFile:
    """A file of queries; picklable, so worker processes can parse records themselves."""

    path: Path
    format: QueryFormat
    columns: tuple[str | None, ...] = ()  # CSV: FtM property (or "id"/"schema") of each column

    @classmethod
    def open(cls, path: Path, fmt: QueryFormat | None = None) -> QueryFile:
        """Check the file is readable and, for CSV, read its header; raises InputError."""
        fmt = fmt or QueryFormat.of_path(path)
        if not path.is_file():
            raise InputError(f"{path}: no such file")
        if fmt is QueryFormat.JSONL:
            return cls(path, fmt)
        with _open_text(path) as handle:
            header = next(csv.reader(handle), None)
        if not header:
            raise InputError(f"{path}: empty CSV file (expected a header row: id,name,schema,...)")
        columns = tuple(_column(h) for h in header)
        if not {"name", "firstName", "lastName"} & set(columns):
            raise InputError(f"{path}: line 1: the CSV header has no 'name' column (got {','.join(header)})")
        return cls(path, fmt, columns)

    def records(self) -> Iterator[RawQuery]:
        """Every non-blank record with the line it starts on (lines too long become errors later)."""
        if self.format is QueryFormat.JSONL:
            return self._json_records()
        return self._csv_records()

    def count_hint(self) -> int:
        """About how many records the file holds (for a progress bar): its line count."""
        count = 0
        with self.path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                count += block.count(b"\n")
        return max(count - (1 if self.format is QueryFormat.CSV else 0), 0)

    def parse(self, raw: RawQuery) -> Entity:
        """One record -> query entity, or :class:`QueryError` naming the line and field."""
        location = Location(str(self.path), raw.line)
        if raw.oversize:
            raise QueryError(Problem(location, f"line is {raw.oversize} bytes long (limit {MAX_LINE_BYTES})"))
        if isinstance(raw.data, bytes):
            return _parse_json(raw.data, location)
        return self._parse_row(raw.data, location)

    def _json_records(self) -> Iterator[RawQuery]:
        with self.path.open("rb") as handle:
            number = 0
            while True:
                line = handle.readline(MAX_LINE_BYTES + 1)
                if not line:
                    return
                number += 1
                if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
                    size = len(line) + _skip_rest_of_line(handle)
                    yield RawQuery(number, b"", oversize=size)
                    continue
                if line.strip():
                    yield RawQuery(number, line)

    def _csv_records(self) -> Iterator[RawQuery]:
        with _open_text(self.path) as handle:
            reader = csv.reader(handle)
            next(reader, None)
            start = reader.line_num + 1
            for row in reader:
                if any(cell.strip() for cell in row):
                    yield RawQuery(start, tuple(row))
                start = reader.line_num + 1

    def _parse_row(self, cells: tuple[str, ...], location: Location) -> Entity:
        if len(cells) > len(self.columns):
            raise QueryError(Problem(location, f"{len(cells)} cells but the header has {len(self.columns)}"))
        query_id = ""
        schema_text: str | None = None
        properties: dict[str, list[str]] = {}
        for column, cell in zip(self.columns, cells, strict=False):
            if column is None or not cell.strip():
                continue
            if column == "id":
                query_id = cell.strip()
            elif column == "schema":
                schema_text = cell
            elif column in _SINGLE_VALUED:
                properties.setdefault(column, []).append(cell)
            else:
                properties.setdefault(column, []).extend(v for v in cell.split(";") if v.strip())
        return _entity(query_id, schema_text, properties, location)


def _column(header: str) -> str | None:
    folded = _fold(header)
    if folded in ("id", "schema"):
        return folded
    return _COLUMNS.get(folded)


def _open_text(path: Path) -> IO[str]:
    # Undecodable bytes become lone surrogates, reported per field instead of failing the file.
    csv.field_size_limit(MAX_LINE_BYTES)
    return path.open(encoding="utf-8-sig", errors="surrogateescape", newline="")


def _skip_rest_of_line(handle: IO[bytes]) -> int:
    skipped = 0
    while True:
        chunk = handle.readline(MAX_LINE_BYTES)
        skipped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return skipped


def _parse_json(line: bytes, location: Location) -> Entity:
    try:
        data = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        why = "not valid UTF-8" if "utf-8" in str(exc).lower() else f"malformed JSON: {exc}"
        raise QueryError(Problem(location, why)) from None
    if not isinstance(data, dict):
        raise QueryError(Problem(location, f"expected a JSON object, got {type(data).__name__}"))
    return _json_entity(data, location)


def _json_entity(data: dict[str, Any], location: Location, intake: Intake = QUERY_INTAKE) -> Entity:
    raw_id = data.get("id")
    if raw_id is not None and not isinstance(raw_id, str | int):
        raise QueryError(Problem(location, f"'id' must be a string or a number, got {type(raw_id).__name__}"))
    schema = data.get("schema")
    if schema is not None and not isinstance(schema, str):
        raise QueryError(Problem(location, f"'schema' must be a string, got {type(schema).__name__}"))
    props = data.get("properties")
    if not isinstance(props, dict):
        raise QueryError(Problem(location, "missing 'properties' object (FtM form: {\"properties\": {...}})"))
    query_id = "" if raw_id is None else str(raw_id)
    located = Location(location.file, location.line, query_id or None)
    properties = {str(k): property_values(v, str(k), located) for k, v in props.items()}
    return _entity(query_id, schema, properties, location, intake)


def _entity(
    query_id: str,
    schema_text: str | None,
    properties: dict[str, list[str]],
    location: Location,
    intake: Intake = QUERY_INTAKE,
) -> Entity:
    if len(query_id) > MAX_VALUE_CHARS or any("\udc80" <= c <= "\udcff" for c in query_id):
        raise QueryError(Problem(Location(location.file, location.line, None, "id"), "invalid id"))
    # Queries without an id are named after their line, so alerts can still be traced back.
    query_id = query_id or f"line-{location.line}"
    located = Location(location.file, location.line, query_id)
    schema = parse_schema(schema_text, located)
    return entity_from_properties(query_id, schema, properties, located, intake)


def parse_entity_dict(data: dict[str, Any], location: Location, intake: Intake = QUERY_INTAKE) -> Entity:
    """An FtM-style dict ``{"id"?, "schema", "properties": {...}}`` -> Entity (or QueryError);
    ``intake`` says how strictly (a query, or a list entity: see :class:`Intake`)."""
    return _json_entity(data, location, intake)
