"""OpenSanctions' EU Journal sanctions CSV: the annexes of the EU sanctions regulations, transcribed.

One publication is a folder of *consolidated* files, one per framework act (``32014R0269.csv`` =
Reg. 269/2014), all with the same header (``celex,recordId,programKey,annex,measure,...``). A row
is one designated party in one legal context (programme, annex, measure); multi-valued cells are
``;``-separated (and themselves CSV-quoted where a value holds ``;`` or ``"``).

**Entity identity.** Rows merge into one entity per listed party, in two steps:

1. rows of the same printed entry, ``(celex, annex, programKey, recordId, schema)``, are one
   designation (the format repeats an entry once per measure). Annex numbering restarts in every
   annex (entry 9 of Annex I.PERSONS and entry 9 of I.ENTITIES are different parties), so
   ``(celex or programKey, recordId)`` alone is *not* a designation;
2. the same party listed elsewhere (another annex, programme or act) joins it when the *party key*
   is equal: schema, normalised name, birth dates (parsed, so ``22.8.1960`` = ``22 August 1960``)
   and IMO numbers. Two different entries of one annex never merge: the list itself says they are
   different parties (two ``So called`` militias, two vessels ``MARIA`` are).

The entity id comes from its *anchor*, the earliest-listed printed entry of the group (rows with a
recordId first, then by ``startDate``, act, annex, programme, entry): ``eu_journal-32014r0269-
i.persons-eu-ukr-1``. A later cross-listing of the same party does not move the anchor, so ids stay
stable across updates. Groups without any printed recordId (the UN-derived annexes) take
``celex/annex/programKey/`` plus a digest of the party key, stable while the name is.

Rows of schema ``Asset`` (facilities, zones, crypto-assets) have no place in the entity model:
each is reported as a warning, not loaded.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sanctionwatch.errors import Location
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
    distinct,
    make_entity_id,
)
from sanctionwatch.model.dates import parse_partial_date
from sanctionwatch.model.demonyms import nationality_code
from sanctionwatch.sources.base import FileSet, ParsedList

# The exact header of a consolidated file (FORMAT.md): same columns, same order, no extras.
HEADER = (
    "celex,recordId,programKey,annex,measure,startDate,reason,schema,name,alias,weakAlias,previousName,"
    "country,nationality,jurisdiction,birthDate,birthPlace,position,passportNumber,gender,appearance,"
    "ethnicity,fatherName,motherName,incorporationDate,legalForm,sector,registrationNumber,taxNumber,"
    "idNumber,innCode,ogrnCode,kppCode,okpoCode,leiCode,swiftBic,ticker,imoNumber,mmsi,flag,address,"
    "phone,email,website,notes"
)
COLUMNS = tuple(HEADER.split(","))
_REQUIRED = ("celex", "programKey", "measure", "schema", "name")
_MAX_BYTES = 64 * 1024 * 1024  # the largest real file is ~3 MB
_SCHEMAS = {
    "Person": Schema.PERSON,
    "LegalEntity": Schema.LEGAL_ENTITY,
    "Organization": Schema.ORGANIZATION,
    "Company": Schema.COMPANY,
    "Vessel": Schema.VESSEL,
    "Airplane": Schema.AIRCRAFT,
}
_NOT_SCREENED = frozenset(["Asset"])
_CELEX = re.compile(r"^\d{5}[A-Z]{1,2}\d{4}$")
_NAME_COLUMNS = (
    ("alias", NameKind.ALIAS),
    ("weakAlias", NameKind.WEAK_ALIAS),
    ("previousName", NameKind.PREVIOUS),
)
# column -> (identifier type, label); kppCode/okpoCode have no type of their own.
_IDENTIFIERS: dict[str, tuple[IdentifierType, str | None]] = {
    "passportNumber": (IdentifierType.PASSPORT, None),
    "idNumber": (IdentifierType.NATIONAL_ID, None),
    "taxNumber": (IdentifierType.TAX, None),
    "innCode": (IdentifierType.INN, None),
    "ogrnCode": (IdentifierType.OGRN, None),
    "registrationNumber": (IdentifierType.REGISTRATION, None),
    "leiCode": (IdentifierType.LEI, None),
    "swiftBic": (IdentifierType.SWIFT_BIC, None),
    "imoNumber": (IdentifierType.IMO, None),
    "mmsi": (IdentifierType.MMSI, None),
    "kppCode": (IdentifierType.OTHER, "KPP"),
    "okpoCode": (IdentifierType.OTHER, "OKPO"),
    "phone": (IdentifierType.PHONE, None),
    "email": (IdentifierType.EMAIL, None),
    "website": (IdentifierType.WEBSITE, None),
}
# Columns kept as FtM properties of the same name.
_PROPERTIES = (
    "incorporationDate",
    "legalForm",
    "sector",
    "ticker",
    "appearance",
    "ethnicity",
    "fatherName",
    "motherName",
    "notes",
)
_GENDERS = frozenset(["male", "female"])
# "X (Y)" where Y is the original-script form, optionally labelled: "(Russian: Y)".
_ORIGINAL = re.compile(r"^(?P<name>[^()]+?)\s*\((?:[A-Za-z]+\s*:\s*)?(?P<original>[^()]+)\)$")
# Enumerations as the annexes print them: "(a) 3.3.1965, (b) 1.1.1965", "a) 1975 b) 1970", "(i) ...".
_ENUMERATION = re.compile(r"(?:^|(?<=[\s,;]))\(?(?:[a-h]|i{1,3}|iv|vi{0,3})\)\s*")
_DATE_SEPARATORS = re.compile(r"\s*(?:[,;]|\bor\b|\s/\s)\s*")
_BETWEEN = re.compile(r"^between\s+(.+?)\s+and\s+(.+?)\s*(\(approximately\s*\))?$", re.IGNORECASE)
_LIST_SEPARATORS = re.compile(r"\s*[,;/]\s*")
_AND = re.compile(r"\s+and(?:/or)?\s+")
_WORDS = re.compile(r"\w+")


def parse(fileset: FileSet) -> ParsedList:
    """Read every file of a folder of consolidated EU journal CSVs into one entity per listed party."""
    result = ParsedList(source=fileset.source, format=fileset.format)
    rows = [row for _role, path in sorted(fileset.paths.items()) for row in _read_file(result, path)]
    _build(result, _group(rows))
    return result


# ------------------------------------------------------------------------------------------- rows


@dataclass(slots=True)
class _Row:
    """One valid data row, with the values whose parsing can warn already read."""

    file: str
    line: int
    cells: dict[str, str]
    schema: Schema
    start: str | None
    births: tuple[PartialDate, ...]
    nationalities: tuple[str, ...]
    gender: str | None
    party: tuple[str, ...] = ()  # schema, normalised name, birth dates, IMO numbers: see the module doc

    def __post_init__(self) -> None:
        births = sorted({d.value or d.text for d in self.births})
        imo = sorted(self.values("imoNumber"))
        self.party = (self.schema.value, _normalised(self.cells["name"]), "|".join(births), "|".join(imo))

    def get(self, column: str) -> str:
        return self.cells[column]

    def values(self, column: str) -> list[str]:
        return cell_values(self.cells[column])

    @property
    def record_id(self) -> str:
        return self.cells["recordId"]

    @property
    def section(self) -> tuple[str, str, str]:
        """The printed list an entry number belongs to: act, annex, programme."""
        return (self.cells["celex"], self.cells["annex"], self.cells["programKey"])

    @property
    def entry(self) -> tuple[str, ...] | None:
        return (*self.section, self.record_id, self.schema.value) if self.record_id else None

    @property
    def order(self) -> tuple[object, ...]:
        """Anchor order: printed entries first, then the earliest listing."""
        rid = self.record_id
        return (not rid, self.start or "9999", *self.section, rid.zfill(12), self.get("measure"), self.line)


@dataclass(slots=True)
class _Reading:
    """Where the rows being read come from, for locating problems and warnings."""

    result: ParsedList
    file: str
    line: int = 0
    record: str | None = None

    def problem(self, column: str | None, message: str) -> None:
        self.result.problem(Location(self.file, self.line, self.record, column), message)

    def warn(self, column: str | None, message: str) -> None:
        self.result.warn(Location(self.file, self.line, self.record, column), message)


def _read_file(result: ParsedList, path: Path) -> Iterator[_Row]:
    reading = _Reading(result, str(path))
    if path.stat().st_size > _MAX_BYTES:
        reading.problem(None, f"file larger than {_MAX_BYTES // (1024 * 1024)} MiB: not read")
        return
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if _bad_header(reading, header):
                return
            for line, cells in _records(reading, reader):
                reading.line, reading.record = line, cells[1].strip() or None
                row = _row(reading, dict(zip(COLUMNS, (c.strip() for c in cells), strict=True)))
                if row is not None:
                    yield row
    except UnicodeDecodeError as exc:
        result.problem(Location(str(path)), f"not UTF-8 text ({exc.reason}): rest of the file not read")


def _bad_header(reading: _Reading, header: list[str] | None) -> bool:
    reading.line = 1
    if header is None:
        reading.problem(None, "empty file: no header")
        return True
    columns = tuple(c.strip() for c in header)
    if columns == COLUMNS:
        return False
    if columns[:2] == ("amendedCelex", "amendmentCelex"):
        reading.problem(None, "an amendment file, not a consolidated snapshot: not read")
        return True
    missing = [c for c in COLUMNS if c not in columns]
    extra = [c for c in columns if c not in COLUMNS]
    detail = f"missing {', '.join(missing) or '-'}; unexpected {', '.join(extra) or '-'}"
    if not missing and not extra:
        detail = "same columns in another order"
    reading.problem(None, f"not the consolidated EU journal header ({detail}): file not read")
    return True


def _records(reading: _Reading, reader: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    """(first line, cells) of each record with the header's width; a problem for every other one."""
    while True:
        line = getattr(reader, "line_num", 0) + 1  # a record may span lines: report where it starts
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            reading.line, reading.record = line, None
            reading.problem(None, f"unreadable CSV record: {exc}")
            continue
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(COLUMNS):
            reading.line, reading.record = line, (cells[1].strip() or None) if len(cells) > 1 else None
            reading.problem(None, f"{len(cells)} cells, expected {len(COLUMNS)}: row skipped")
            continue
        yield line, cells


def _row(reading: _Reading, cells: dict[str, str]) -> _Row | None:
    missing = [c for c in _REQUIRED if not cells[c]]
    for column in missing:
        reading.problem(column, f"empty {column}: row skipped")
    if missing:
        return None
    if not _CELEX.match(cells["celex"]):
        reading.problem("celex", f"not a CELEX number: {cells['celex']!r}: row skipped")
        return None
    schema = _SCHEMAS.get(cells["schema"])
    if schema is None:
        if cells["schema"] in _NOT_SCREENED:
            reading.warn("schema", f"schema {cells['schema']} is not screened: {cells['name']!r} not loaded")
        else:
            reading.problem("schema", f"unknown schema {cells['schema']!r}: row skipped")
        return None
    return _Row(
        reading.file,
        reading.line,
        cells,
        schema,
        _start(reading, cells["startDate"]),
        tuple(d for text in cell_values(cells["birthDate"]) for d in _dates(reading, text)),
        tuple(n for text in cell_values(cells["nationality"]) for n in _nationalities(reading, text)),
        _gender(reading, cells["gender"]),
    )


def _start(reading: _Reading, text: str) -> str | None:
    if not text:
        return None
    value = parse_partial_date(text).value
    if value is None:
        reading.problem("startDate", f"not a date: {text!r}")
    return value


def _dates(reading: _Reading, text: str) -> list[PartialDate]:
    """A birth date cell value; an enumeration ("(a) 1.1.1965, (b) 1966", "1965 or 1966") -> each date."""
    whole = parse_partial_date(text)
    if whole.value is not None:
        return [whole]
    if (between := _BETWEEN.match(text)) is not None:
        first, last = parse_partial_date(between[1]).value, parse_partial_date(between[2]).value
        if first and last and first <= last:
            return [PartialDate(text, first, last, circa=between[3] is not None)]
    parts = [p for p in _DATE_SEPARATORS.split(_ENUMERATION.sub(";", text)) if p]
    dates = [parse_partial_date(p) for p in parts]
    if len(dates) > 1 and all(d.value is not None for d in dates):
        return dates
    reading.warn("birthDate", f"not a date: {text!r} (kept as text)")
    return [whole]


def _nationalities(reading: _Reading, text: str) -> list[str]:
    """Codes of a nationality cell value ("Russian", "(a) German, (b) Moroccan"), else its text."""
    parts = [p for p in _LIST_SEPARATORS.split(_ENUMERATION.sub(";", text)) if p]
    codes = [_nationality_codes(p) for p in parts]
    if parts and all(codes):
        return list(dict.fromkeys(c for found in codes for c in found))
    reading.warn("nationality", f"not a known nationality: {text!r} (kept as text)")
    return [text]


def _nationality_codes(text: str) -> list[str]:
    """Codes of one nationality ("Trinidad and Tobago") or of an "X and Y" pair; [] if unknown."""
    code = nationality_code(text)
    if code is not None:
        return [code]
    codes = [nationality_code(p) for p in _AND.split(text)]
    return [c for c in codes if c] if len(codes) > 1 and all(codes) else []


def _gender(reading: _Reading, text: str) -> str | None:
    value = text.strip(" .").lower()
    if value and value not in _GENDERS:
        reading.warn("gender", f"not a known gender: {text!r} (kept as text)")
        return None
    return value or None


def cell_values(cell: str) -> list[str]:
    """The values of a ``;``-separated cell (CSV-quoted where a value holds ``;`` or ``"``)."""
    if not cell:
        return []
    items: Iterable[str] = cell.split(";")
    if '"' in cell:
        # On a quoting error the plain split stays: every character of the cell is still there.
        with contextlib.suppress(csv.Error, StopIteration):
            items = next(csv.reader([cell], delimiter=";", skipinitialspace=True))
    return list(dict.fromkeys(v.strip() for v in items if v.strip()))


def _normalised(name: str) -> str:
    """Case, accents and punctuation folded: "AKSYONOV, Sergey" and "Aksyonov Sergey" are equal."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_WORDS.findall(bare.casefold()))


# ----------------------------------------------------------------------------------------- groups


@dataclass(slots=True)
class _Group:
    """The rows of one listed party, and the printed entry it has in each annex."""

    rows: list[_Row] = field(default_factory=list)
    entries: dict[tuple[str, str, str], str] = field(default_factory=dict)

    def accepts(self, row: _Row) -> bool:
        """False for a second, different entry of the same annex: that is another party."""
        printed = self.entries.get(row.section)
        return not row.record_id or printed is None or printed == row.record_id

    def add(self, row: _Row) -> None:
        self.rows.append(row)
        if row.record_id:
            self.entries.setdefault(row.section, row.record_id)


def _group(rows: list[_Row]) -> list[_Group]:
    groups: list[_Group] = []
    by_entry: dict[tuple[str, ...], _Group] = {}
    by_party: dict[tuple[str, ...], _Group] = {}
    for row in rows:
        entry = row.entry
        group = by_entry.get(entry) if entry else None
        if group is None:
            candidate = by_party.get(row.party)
            group = candidate if candidate is not None and candidate.accepts(row) else None
        if group is None:
            group = _Group()
            groups.append(group)
        group.add(row)
        if entry:
            by_entry.setdefault(entry, group)
        by_party.setdefault(row.party, group)
    for group in groups:
        group.rows.sort(key=lambda r: r.order)
    return groups


def _source_id(group: _Group) -> str:
    anchor = group.rows[0]
    celex, annex, program = anchor.section
    if anchor.record_id:
        return f"{celex}/{annex}/{program}/{anchor.record_id}"
    digest = hashlib.sha1("\x1f".join(anchor.party).encode(), usedforsecurity=False).hexdigest()[:12]
    return f"{celex}/{annex}/{program}/{digest}"


def _build(result: ParsedList, groups: list[_Group]) -> None:
    by_source_id: dict[str, list[_Group]] = {}
    for group in groups:
        by_source_id.setdefault(_source_id(group), []).append(group)
    seen: dict[str, _Row] = {}
    for source_id, sharing in by_source_id.items():
        for group in sharing:
            # One printed entry number used for two schemas (allowed by the format): say which.
            own_id = f"{source_id}/{group.rows[0].schema.value}" if len(sharing) > 1 else source_id
            entity = _entity(result.source, own_id, group.rows)
            first = seen.setdefault(entity.id, group.rows[0])
            if first is not group.rows[0]:
                anchor = group.rows[0]
                where = Location(anchor.file, anchor.line, anchor.record_id or None, "recordId")
                result.problem(where, f"same entity id {entity.id} as {first.file} line {first.line}")
                continue
            result.entities.append(entity)


# ---------------------------------------------------------------------------------------- entity


def _entity(source: str, source_id: str, rows: list[_Row]) -> Entity:
    starts = [r.start for r in rows if r.start]
    return Entity(
        id=make_entity_id(source, source_id),
        schema=rows[0].schema,
        source=source,
        source_id=source_id,
        names=_names(rows),
        birth_dates=_birth_dates(rows),
        birth_places=distinct(v for r in rows for v in r.values("birthPlace")),
        nationalities=distinct(n for r in rows for n in r.nationalities),
        countries=_countries(rows),
        addresses=distinct(Address(full=v) for r in rows for v in r.values("address")),
        identifiers=_identifiers(rows),
        gender=next((r.gender for r in rows if r.gender), None),
        positions=distinct(v for r in rows for v in r.values("position")),
        programs=distinct(r.get("programKey") for r in rows),
        listed_on=min(starts) if starts else None,
        remarks="\n\n".join(distinct(r.get("reason") for r in rows if r.get("reason"))) or None,
        properties=_properties(rows),
    )


def _birth_dates(rows: list[_Row]) -> tuple[PartialDate, ...]:
    """Each date once: "22.8.1960" on one row and "22 August 1960" on another are one date."""
    by_value: dict[str, PartialDate] = {}
    for date in (d for r in rows for d in r.births):
        by_value.setdefault(f"{date.value}/{date.until}/{date.circa}" if date.value else date.text, date)
    return tuple(by_value.values())


def _names(rows: list[_Row]) -> tuple[Name, ...]:
    """Each name once: the anchor's name is the primary one; other rows' names become aliases."""
    names: list[Name] = []
    for index, row in enumerate(rows):
        names += _split_original(row.get("name"), NameKind.PRIMARY if index == 0 else NameKind.ALIAS)
        for column, kind in _NAME_COLUMNS:
            for value in row.values(column):
                names += _split_original(value, kind)
    by_text: dict[str, Name] = {}
    for name in names:
        by_text.setdefault(name.full, name)
    return tuple(by_text.values())


def _split_original(text: str, kind: NameKind) -> list[Name]:
    """``Sergei AKSENOV (Сергей АКСЁНОВ)`` -> the Latin name and the original-script one."""
    match = _ORIGINAL.match(text)
    if match is not None:
        latin, original = match["name"].strip(), match["original"].strip()
        script = detect_script(original)
        if script not in (None, "Latn") and detect_script(latin) == "Latn":
            other = NameKind.ALIAS if kind is NameKind.PRIMARY else kind
            return [Name(latin, kind, script="Latn"), Name(original, other, script=script)]
    return [Name(text, kind, script=detect_script(text))]


def _countries(rows: list[_Row]) -> tuple[str, ...]:
    columns = ("country", "jurisdiction", "flag")
    return distinct(country_or_text(v) for r in rows for c in columns for v in r.values(c))


def _identifiers(rows: list[_Row]) -> tuple[Identifier, ...]:
    return distinct(
        Identifier(kind, value, label=label)
        for r in rows
        for column, (kind, label) in _IDENTIFIERS.items()
        for value in r.values(column)
    )


def _properties(rows: list[_Row]) -> tuple[tuple[str, str], ...]:
    pairs = [(c, v) for r in rows for c in _PROPERTIES for v in r.values(c)]
    pairs += [("flag", country_or_text(v)) for r in rows for v in r.values("flag")]
    pairs += [("gender", r.get("gender")) for r in rows if r.get("gender") and not r.gender]
    pairs += [("provisions", _provision(r)) for r in rows]
    return distinct(pairs)


def _provision(row: _Row) -> str:
    """The legal basis of one row: ``Asset freeze: 32014R0269 Annex I.PERSONS, entry 1``."""
    celex, annex, _program = row.section
    where = f"{celex} Annex {annex}" if annex else celex
    entry = f", entry {row.record_id}" if row.record_id else ""
    return f"{row.get('measure')}: {where}{entry}"
