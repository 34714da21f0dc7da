"""US trade.gov Consolidated Screening List (CSL) CSV, plain or gzip-compressed.

One row per listing on one of the 13 sub-lists (SDN, Entity List, DPL, ...). The same Treasury
designation appears on several sub-lists with the same ``_id`` (an SDN row and its SSI or CAPTA
row), so an entity's list id is ``{sub-list}-{_id}`` (``SDN-21944``, ``CAP-34616``); a row repeating
both gets ``-2``, ``-3`` in file order. The sub-list's full name is kept as the ``authority``
property (an FtM ``Sanction`` property), the row's programmes as programmes.

Multi-valued cells are joined with ``"; "``. ``ids`` holds entries ``[country, ][issued, expires, ]
value, type``: identifiers by type, gender, and facts (``Organization Established Date``,
``Secondary sanctions risk:``, ...) that go to the remarks as ``type: value``.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

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
    country_code,
    country_or_text,
    detect_script,
    make_entity_id,
)
from sanctionwatch.model.dates import iso_prefix, parse_partial_date
from sanctionwatch.sources.base import FileReport, FileSet, ParsedList
from sanctionwatch.sources.csv_table import header_columns, records

SOURCE = "us_csl"
MAX_BYTES = 512 * 1024 * 1024  # uncompressed; the real file is under 6 MB
_REQUIRED = ("_id", "source", "type", "name")
_TITLE = "a Consolidated Screening List CSV"
_GZIP_MAGIC = b"\x1f\x8b"
_TYPES = {
    "individual": Schema.PERSON,
    "entity": Schema.ORGANIZATION,
    "vessel": Schema.VESSEL,
    "aircraft": Schema.AIRCRAFT,
    # The BIS and State Department lists give no type: persons and companies alike.
    "": Schema.LEGAL_ENTITY,
}
_SUBLIST = re.compile(r"\(([^()]+)\)")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


def _types(id_type: IdentifierType, *labels: str) -> dict[str, IdentifierType]:
    return dict.fromkeys(labels, id_type)


# The CSL's identifier type wordings (lower case) -> our types; others become OTHER with their label.
_ID_TYPES: dict[str, IdentifierType] = (
    _types(
        IdentifierType.PASSPORT,
        "passport",
        "diplomatic passport",
        "stateless person passport",
        "british national overseas passport",
    )
    | _types(
        IdentifierType.NATIONAL_ID,
        "national id no.",
        "personal id card",
        "cedula no.",
        "c.u.r.p.",
        "d.n.i.",
        "tazkira national id card",
        "kenyan id no.",
        "turkish identification number",
        "bosnian personal id no.",
        "moroccan personal id no.",
        "uae identification",
        "cnp (personal numerical code)",
        "citizen's card number",
        "numero de identidad",
        "national foreign id number",
        "ssn",
        "stateless person id card",
        "refugee id card",
    )
    | _types(
        IdentifierType.TAX,
        "tax id no.",
        "r.f.c.",
        "rfc",
        "nit #",
        "ruc #",
        "v.a.t. number",
        "italian fiscal code",
        "us fein",
        "rif #",
        "c.u.i.t.",
        "c.i.f.",
        "fiscal code",
        "romanian tax registration",
        "paraguayan tax identification number",
        "numero unico de identificacao tributaria (nuit)",
        "rtn",
    )
    | _types(
        IdentifierType.REGISTRATION,
        "registration number",
        "registration id",
        "company number",
        "uk company number",
        "business registration number",
        "business registration document #",
        "business number",
        "commercial registry number",
        "folio mercantil no.",
        "matricula mercantil no",
        "unified social credit code (uscc)",
        "united social credit code certificate (usccc)",
        "public registration number",
        "chamber of commerce number",
        "trade license no.",
        "c.r. no.",
        "romanian c.r.",
        "government gazette number",
        "enterprise number",
        "certificate of incorporation number",
        "istanbul chamber of comm. no.",
        "dubai chamber of commerce membership no.",
        "central registration system number",
        "registered charity no.",
        "le number",
        "aircraft tail number",
        "previous aircraft tail number",
    )
    | _types(
        IdentifierType.AIRCRAFT_SERIAL,
        "aircraft manufacturer's serial number (msn)",
        "aircraft serial identification",
        "aircraft construction number (also called l/n or s/n or f/n)",
    )
    | _types(IdentifierType.LEI, "legal entity number")
    | _types(IdentifierType.SWIFT_BIC, "swift/bic")
    | _types(IdentifierType.WEBSITE, "website")
    | _types(IdentifierType.EMAIL, "email address")
    | _types(IdentifierType.PHONE, "phone number")
    | _types(IdentifierType.MMSI, "mmsi")
    | _types(IdentifierType.CALL_SIGN, "other vessel call sign")
)
# ``ids`` entries that state facts rather than identify (besides types ending ":" or "-", or naming a date).
_FACTS = frozenset(
    [
        "target type",
        "aircraft model",
        "aircraft operator",
        "issuer name",
        "equity ticker",
        "former vessel flag",
        "other vessel flag",
        "other vessel type",
        "nationality of registration",
        "registration country",
    ]
)
_CRYPTO = "digital currency address - "


def parse(fileset: FileSet) -> ParsedList:
    """Read the CSL CSV (``.csv`` or ``.csv.gz``, told apart by content) into entities."""
    path = fileset.path()
    result = ParsedList(source=fileset.source, format=fileset.format)
    try:
        with _open(path) as handle:
            reader = csv.reader(handle)
            columns = header_columns(path, next(reader, None), _REQUIRED, _TITLE)
            _read_rows(_Reading(path, result), reader, columns)
    except UnicodeDecodeError as exc:
        raise ParseError(f"{path}: not {_TITLE}: not UTF-8 ({exc.reason})") from exc
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise ParseError(f"{path}: unreadable gzip data: {exc}") from exc
    return result


class _Bounded(io.RawIOBase):
    """A byte stream that refuses to yield more than :data:`MAX_BYTES` (a gzip bomb stops here)."""

    def __init__(self, stream: IO[bytes], path: Path) -> None:
        self.stream = stream
        self.path = path
        self.total = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.stream.read(len(buffer))
        self.total += len(data)
        if self.total > MAX_BYTES:
            raise ParseError(f"{self.path}: more than {MAX_BYTES} bytes of CSV: refused")
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self.stream.close()
        super().close()


def _open(path: Path) -> io.TextIOWrapper:
    raw: IO[bytes] = path.open("rb")
    if raw.read(2) == _GZIP_MAGIC:
        raw.seek(0)
        raw = gzip.GzipFile(fileobj=raw)  # type: ignore[assignment]
    else:
        raw.seek(0)
    buffered = io.BufferedReader(_Bounded(raw, path))
    return io.TextIOWrapper(buffered, encoding="utf-8-sig", newline="")


@dataclass(slots=True)
class _Reading(FileReport):
    seen: Counter[str] = field(default_factory=Counter)  # rows per sub-list and id, for unique ids


def _read_rows(reading: _Reading, reader: Iterator[list[str]], columns: list[str]) -> None:
    for line, row in records(reader, len(columns), reading):
        entity = _Row(reading, line, dict(zip(columns, row, strict=True))).entity()
        if entity is not None:
            reading.result.entities.append(entity)


def _split(cell: str | None) -> list[str]:
    if not cell:
        return []
    return list(dict.fromkeys(v.strip() for v in cell.split(";") if v.strip()))


def sublist_of(csl_source: str) -> str:
    """The short name of a CSL sub-list: "Entity List (EL) - Bureau of Industry and Security" -> "EL"."""
    found = _SUBLIST.search(csl_source)
    short = found.group(1) if found else csl_source
    return short.removesuffix(" List").strip().replace(" ", "-") or "CSL"


@dataclass(slots=True)
class _Row:
    """One CSL row being read into an entity."""

    reading: _Reading
    line: int
    cells: dict[str, str]
    remarks: list[str] = field(default_factory=list)
    properties: list[tuple[str, str]] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    gender: str | None = None

    def get(self, column: str) -> str:
        return (self.cells.get(column) or "").strip()

    def problem(self, column: str, message: str) -> None:
        self.reading.problem(self.line, self.get("_id"), column, message)

    def warn(self, column: str, message: str) -> None:
        self.reading.warn(self.line, self.get("_id"), column, message)

    def entity(self) -> Entity | None:
        row_id, csl_source, name = self.get("_id"), self.get("source"), self.get("name")
        for column, value in (("_id", row_id), ("source", csl_source), ("name", name)):
            if not value:
                self.problem(column, f"empty {column}: row skipped")
                return None
        schema = _TYPES.get(self.get("type").lower())
        if schema is None:
            self.problem("type", f"unknown type {self.get('type')!r}: row skipped")
            return None
        source_id = self._source_id(sublist_of(csl_source), row_id)
        self.properties.append(("authority", csl_source))
        self._read_ids()
        self._read_sanction()
        self._read_vessel()
        addresses = self._addresses()
        return Entity(
            id=make_entity_id(self.reading.result.source, source_id),
            schema=schema,
            source=self.reading.result.source,
            source_id=source_id,
            names=self._names(schema, name),
            birth_dates=self._birth_dates(),
            birth_places=tuple(_split(self.cells.get("places_of_birth"))),
            nationalities=_countries(self.cells.get("nationalities")),
            citizenships=_countries(self.cells.get("citizenships")),
            countries=tuple(dict.fromkeys(a.country for a in addresses if a.country)),
            addresses=addresses,
            identifiers=tuple(dict.fromkeys(self.identifiers)),
            gender=self.gender,
            positions=tuple(_split(self.cells.get("title"))),
            programs=tuple(_split(self.cells.get("programs"))),
            listed_on=self._date("start_date"),
            remarks="\n".join(dict.fromkeys(r for r in [self.get("remarks"), *self.remarks] if r)) or None,
            properties=tuple(dict.fromkeys(self.properties)),
        )

    def _source_id(self, sublist: str, row_id: str) -> str:
        key = f"{sublist}-{row_id}"
        self.reading.seen[key] += 1
        count = self.reading.seen[key]
        return key if count == 1 else f"{key}-{count}"

    def _names(self, schema: Schema, name: str) -> tuple[Name, ...]:
        names = [_name(name, NameKind.PRIMARY, schema)]
        names += [_name(alias, NameKind.ALIAS, schema) for alias in _split(self.cells.get("alt_names"))]
        return tuple(dict.fromkeys(names))

    def _birth_dates(self) -> tuple[PartialDate, ...]:
        dates = []
        for text in _split(self.cells.get("dates_of_birth")):
            date = parse_partial_date(text)
            if date.value is None:
                self.warn("dates_of_birth", f"not a date: {text!r} (kept as text)")
            dates.append(date)
        return tuple(dates)

    def _date(self, column: str) -> str | None:
        text = self.get(column)
        if not text:
            return None
        value = iso_prefix(text)
        if value is None:
            self.warn(column, f"not a date: {text!r} (kept as property {column})")
            self.properties.append((column, text))
        return value

    def _addresses(self) -> tuple[Address, ...]:
        out = []
        for text in _split(self.cells.get("addresses")):
            last = text.rpartition(",")[2].strip()
            code = country_code(last) if _COUNTRY.match(last) else None
            out.append(Address(full=text, country=code))
        return tuple(dict.fromkeys(out))

    def _read_sanction(self) -> None:
        for column, prop in (("federal_register_notice", "authorityId"), ("end_date", "endDate")):
            if self.get(column):
                self.properties.append((prop, self.get(column)))
        for column in ("source_list_url", "source_information_url"):
            if self.get(column):
                self.properties.append(("sourceUrl", self.get(column)))
        for column, label in (
            ("standard_order", "Standard order"),
            ("license_requirement", "License requirement"),
            ("license_policy", "License policy"),
        ):
            if self.get(column):
                self.properties.append(("provisions", f"{label}: {self.get(column)}"))

    def _read_vessel(self) -> None:
        if self.get("call_sign"):
            self.identifiers.append(Identifier(IdentifierType.CALL_SIGN, self.get("call_sign")))
        for column, prop in (
            ("vessel_type", "type"),
            ("gross_tonnage", "tonnage"),
            ("gross_registered_tonnage", "grossRegisteredTonnage"),
        ):
            if self.get(column):
                self.properties.append((prop, self.get(column)))
        if self.get("vessel_flag"):
            self.properties.append(("flag", country_or_text(self.get("vessel_flag"))))
        if self.get("vessel_owner"):
            self.remarks.append(f"Vessel owner: {self.get('vessel_owner')}")

    def _read_ids(self) -> None:
        for entry in _split(self.cells.get("ids")):
            parts = [p.strip() for p in entry.split(", ")]
            kind = parts[-1]
            rest = parts[:-1]
            if not rest or not kind:
                self.warn("ids", f"entry without a value and a type: {entry!r} (kept in remarks)")
                self.remarks.append(entry)
                continue
            self._read_id(kind, rest)

    def _read_id(self, kind: str, rest: list[str]) -> None:
        lowered = kind.lower()
        value = ", ".join(rest)
        if lowered == "gender":
            self.gender = value.lower()
            return
        if lowered.startswith(_CRYPTO):
            currency = kind[len(_CRYPTO) :].strip()
            self.identifiers.append(
                Identifier(IdentifierType.CRYPTO_WALLET, value, label=kind, currency=currency)
            )
            return
        if lowered in _FACTS or kind.endswith((":", "-")) or "date" in lowered:
            self.remarks.append(f"{kind.rstrip(' :-')}: {value}")
            return
        country = None
        if len(rest) > 1 and _COUNTRY.match(rest[0]):
            country = country_code(rest[0])
            rest = rest[1:]
        dates = [p for p in rest[:-1] if _ISO_DATE.match(p)]
        value = ", ".join(p for p in rest if p not in dates)
        self.identifiers.append(Identifier(_id_type(lowered, value), value, country, label=kind))
        if dates:
            # Usually expiry then issue, but a lone date may be either: kept as given.
            self.remarks.append(f"{kind} {value}: dates {', '.join(dates)}")


def _id_type(lowered: str, value: str) -> IdentifierType:
    if lowered == "vessel registration identification":
        return IdentifierType.IMO if value.upper().startswith("IMO") else IdentifierType.REGISTRATION
    return _ID_TYPES.get(lowered, IdentifierType.OTHER)


def _name(full: str, kind: NameKind, schema: Schema) -> Name:
    script = detect_script(full)
    family, comma, given = full.partition(", ")
    # OFAC writes persons "FAMILY, Given": split only when that form is unambiguous.
    if schema is Schema.PERSON and comma and "," not in given and family and given:
        return Name(full, kind, script=script, given=given, family=family)
    return Name(full, kind, script=script)


def _countries(cell: str | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(country_or_text(c) for c in _split(cell)))
