"""UK OFSI Consolidated List (ConList), as CSV (ConList.csv) or XLSX (ConList.xlsx).

Row 1 reads ``Last Updated | dd/mm/yyyy``; row 2 is the header (columns are found by name, never
by position); then one row per name variant. Rows are grouped by ``Group ID`` into one entity,
repeated facts (the same address on every name row) kept once. Multi-valued cells use the list's
``(1) first (2) second`` notation, which is split into separate values.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import pycountry

from sanctionwatch.errors import Location, ParseError, Problem
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
    distinct,
    make_entity_id,
)
from sanctionwatch.model.dates import iso_prefix, parse_partial_date
from sanctionwatch.sources.base import FileReport, FileSet, ParsedList

_MAX_BYTES = 512 * 1024 * 1024  # the real file is ~15 MB as CSV; refuse anything absurdly larger
_REQUIRED = ("Name 6", "Group Type", "Group ID")
_NAME_COLUMNS = ("Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name 6")
_ADDRESS_COLUMNS = ("Address 1", "Address 2", "Address 3", "Address 4", "Address 5", "Address 6")
_SCHEMAS = {"individual": Schema.PERSON, "entity": Schema.ORGANIZATION, "ship": Schema.VESSEL}
_ALIAS_KINDS = {
    "primary name": NameKind.PRIMARY,
    "primary name variation": NameKind.ALIAS,
    "aka": NameKind.ALIAS,
    "fka": NameKind.PREVIOUS,
}
_GENDERS = {"male": "male", "female": "female"}
_NUMBERED = re.compile(r"\(\d{1,2}\)\s*")
_PATRONYMIC = re.compile(
    r"^\S+(?:ovich|evich|ich|ovna|evna|ichna|ович|евич|ич|овна|евна|ична)$", re.IGNORECASE
)
_MONTH_YEAR = re.compile(r"^(\d{1,2})/(\d{4})$")
_DOC_COUNTRY = re.compile(
    r"^\s*([A-Za-z][A-Za-z' \-]*?)(?:\s+(?:number|passport|national|issued)\b|[.,(:]|$)"
)
_TAX_HINT = re.compile(r"\b(?:tax|taxpayer|tin|inn)\b", re.IGNORECASE)
# The "(Key):value" facts OFSI packs into Other Information.
_OTHER_KEYS = re.compile(
    r"\((Gender|IMO number|Flag of ship|Previous flags|Type of ship|Tonnage of ship|Length of ship|"
    r"Year built|Current owners|Phone number|Tel|Fax|Email address|Website|Business Reg No|"
    r"Type of entity|Parent company|Subsidiaries|UK Sanctions List Ref|UK Statement of Reasons|UN Ref)\):"
)


def numbered(text: str) -> list[str]:
    """Split the list's ``(1) a (2) b`` notation into ``["a", "b"]``; other text is one value."""
    parts = _NUMBERED.split(text) if text.startswith("(1)") else [text]
    values = [" ".join(p.split()).strip(" ;,").rstrip(".").strip() for p in parts]
    return [v for v in values if v and v != "-"]


def uk_date(text: str) -> PartialDate:
    """A UK list date: ``dd/mm/yyyy`` (``00`` or ``dd``/``mm`` for unknown parts), ``mm/yyyy``, ``yyyy``."""
    body = text.strip().lower().replace("dd", "00").replace("mm", "00")
    if match := _MONTH_YEAR.match(body):
        body = f"00/{match[1]}/{match[2]}"
    parsed = parse_partial_date(body)
    return PartialDate(text.strip(), parsed.value, parsed.until, parsed.circa)


@lru_cache(maxsize=256)
def language_code(text: str | None) -> str | None:
    """ISO 639 code of a language the UK list names ("Russian" -> "ru", "Persian/Farsi" -> "fa")."""
    if not text:
        return None
    for part in re.split(r"[/,]", text):
        try:
            language = pycountry.languages.lookup(part.strip())
        except LookupError:
            continue
        code = getattr(language, "alpha_2", None) or getattr(language, "alpha_3", None)
        return str(code).lower() if code else None
    return None


def person_name(parts: list[str | None], kind: NameKind, title: str | None) -> Name:
    """A name from Name 1 (given), Name 2..5 (middle or patronymic) and Name 6 (family)."""
    given, family = parts[0], parts[5]
    middles = [p for p in parts[1:5] if p]
    if family is None and middles:
        family = middles.pop()  # a name without Name 6 ends with its last given part
    patronymic = middles[0] if len(middles) == 1 and _PATRONYMIC.match(middles[0]) else None
    full = " ".join(p for p in parts if p)
    return Name(
        full,
        kind,
        script=detect_script(full),
        given=given,
        middle=None if patronymic else " ".join(middles) or None,
        family=family,
        patronymic=patronymic,
        title=title,
    )


_KIND_ORDER = (NameKind.PRIMARY, NameKind.ALIAS, NameKind.PREVIOUS, NameKind.WEAK_ALIAS)


def merge_names(names: list[Name]) -> tuple[Name, ...]:
    """Each name once, in its strongest kind, primary names first.

    Rows repeat names (one row per address, date of birth or original-script spelling), and a
    primary name may come back as a variation on another row.
    """
    best: dict[tuple[str, str | None], Name] = {}
    for name in names:
        key = (name.full, name.lang)
        known = best.get(key)
        if known is None or _KIND_ORDER.index(name.kind) < _KIND_ORDER.index(known.kind):
            best[key] = name
    return tuple(sorted(best.values(), key=lambda n: n.kind is not NameKind.PRIMARY))


def imo_number(text: str) -> str:
    """IMO numbers in one form, ``IMO1234567``, whichever way the list writes them."""
    digits = re.sub(r"\D", "", text)
    return f"IMO{digits}" if digits else text.strip()


def document_country(details: str | None) -> str | None:
    """Issuing country from document details such as "Tunisia number. Issued on 16 Nov. 1989"."""
    if not details:
        return None
    match = _DOC_COUNTRY.match(details)
    return country_code(match[1]) if match else None


def document_type(default: IdentifierType, number: str, details: str | None) -> IdentifierType:
    """Tax numbers hide among "national identification" numbers ("TIN: ...", "Taxpayer No. ...")."""
    if default is IdentifierType.NATIONAL_ID and _TAX_HINT.search(f"{number} {details or ''}"):
        return IdentifierType.TAX
    return default


@dataclass(slots=True)
class _Group:
    """The rows of one Group ID, folded into one entity's facts."""

    gid: str
    line: int
    group_type: str | None = None
    seen: set[tuple[str, str]] = field(default_factory=set)
    names: list[Name] = field(default_factory=list)
    birth_dates: list[PartialDate] = field(default_factory=list)
    birth_places: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    genders: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    positions: list[str] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)
    listed: list[str] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    properties: list[tuple[str, str]] = field(default_factory=list)

    def first(self, column: str, value: str) -> bool:
        """True the first time this group shows ``value`` in ``column`` (rows repeat most facts)."""
        key = (column, value)
        if not value or key in self.seen:
            return False
        self.seen.add(key)
        return True


_OtherReader = Callable[[_Group, str], None]


@dataclass(slots=True)
class _Sheet(FileReport):
    """Where we are in the file: its path, the result problems go to, its column indexes."""

    columns: dict[str, int]

    def cell(self, row: list[str], column: str) -> str:
        index = self.columns.get(column)
        if index is None or index >= len(row):
            return ""
        return row[index].strip()


def parse(fileset: FileSet) -> ParsedList:
    """Read ConList.csv or ConList.xlsx into one entity per Group ID."""
    path = fileset.path()
    result = ParsedList(source=fileset.source, format=fileset.format)
    rows = _rows(path)
    header_line, header, result.published = _header(path, rows)
    sheet = _Sheet(path, result, _columns(path, header, header_line))
    groups: dict[str, _Group] = {}
    for line, row in rows:
        if any(cell.strip() for cell in row):
            _read_row(sheet, groups, line, row)
    for group in groups.values():
        entity = _entity(sheet, group, fileset.source)
        if entity is not None:
            result.entities.append(entity)
    return result


def _rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of every row, from CSV or XLSX alike."""
    if path.stat().st_size > _MAX_BYTES:
        raise ParseError(f"{path}: refused: larger than {_MAX_BYTES} bytes")
    with path.open("rb") as handle:
        magic = handle.read(4)
    if magic == b"PK\x03\x04":
        return _xlsx_rows(path)
    return _csv_rows(path)


def _csv_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise ParseError(f"{path}: not an OFSI Consolidated List: binary data, neither CSV nor XLSX")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # OFSI's older files were Windows-1252
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 1
    try:
        for row in reader:
            yield line, row
            line = reader.line_num + 1
    except csv.Error as exc:
        raise ParseError(f"{path}: malformed CSV at line {reader.line_num}: {exc}") from exc


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    from python_calamine import CalamineError, CalamineWorkbook  # only XLSX reading pays for it

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        data = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except (CalamineError, ValueError, OSError) as exc:
        raise ParseError(f"{path}: not a readable XLSX workbook: {exc}") from exc
    for index, row in enumerate(data, start=1):
        yield index, [_cell_text(value) for value in row]


def _cell_text(value: object) -> str:
    """An XLSX cell as the CSV export would write it (dates as dd/mm/yyyy, whole numbers without .0)."""
    if isinstance(value, str):
        return value
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if value is None:
        return ""
    return str(value)


def _header(path: Path, rows: Iterator[tuple[int, list[str]]]) -> tuple[int, list[str], str | None]:
    """The header row, after the optional ``Last Updated`` row (whose date is the publication date)."""
    published = None
    for line, row in rows:
        cells = [c.strip() for c in row]
        if cells and cells[0].lower() == "last updated":
            published = iso_prefix(cells[1]) if len(cells) > 1 else None
            continue
        return line, cells, published
    raise ParseError(f"{path}: not an OFSI Consolidated List: the file has no header row")


def _columns(path: Path, header: list[str], line: int) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        columns.setdefault(" ".join(name.split()), index)
    missing = [c for c in _REQUIRED if c not in columns]
    if missing:
        problems = tuple(
            Problem(Location(str(path), line=line, field=c), "required column missing from the header")
            for c in missing
        )
        raise ParseError(
            f"{path}: not an OFSI Consolidated List: header (line {line}) lacks column(s) "
            + ", ".join(repr(c) for c in missing),
            problems=problems,
        )
    return columns


def _read_row(sheet: _Sheet, groups: dict[str, _Group], line: int, row: list[str]) -> None:
    gid = sheet.cell(row, "Group ID")
    if not gid:
        sheet.problem(line, None, "Group ID", "row without a Group ID: row skipped")
        return
    group = groups.get(gid)
    if group is None:
        group = groups[gid] = _Group(gid, line)
    group_type = sheet.cell(row, "Group Type")
    if group.group_type is None:
        group.group_type = group_type
    elif group_type and group_type != group.group_type:
        message = f"Group Type {group_type!r} differs from {group.group_type!r} of the group's first row"
        sheet.problem(line, gid, "Group Type", message)
    _read_names(sheet, group, line, row)
    _read_facts(sheet, group, line, row)
    _read_address(sheet, group, row)


def _read_names(sheet: _Sheet, group: _Group, line: int, row: list[str]) -> None:
    parts = [sheet.cell(row, c) or None for c in _NAME_COLUMNS]
    non_latin = sheet.cell(row, "Name Non-Latin Script")
    if not any(parts) and not non_latin:
        sheet.problem(line, group.gid, "Name 6", "row without a name")
        return
    alias_type = sheet.cell(row, "Alias Type").lower()
    kind = _ALIAS_KINDS.get(alias_type, NameKind.ALIAS)
    if kind is NameKind.ALIAS and sheet.cell(row, "Alias Quality").lower().startswith("low"):
        kind = NameKind.WEAK_ALIAS
    titles = numbered(sheet.cell(row, "Title"))
    if any(parts):
        individual = (group.group_type or "").lower() == "individual"
        title = titles[0] if len(titles) == 1 else None
        if individual:
            group.names.append(person_name(parts, kind, title))
        else:
            full = " ".join(p for p in parts if p)
            group.names.append(Name(full, kind, script=detect_script(full)))
    if non_latin:
        lang = language_code(sheet.cell(row, "Non-Latin Script Language") or None)
        group.names.append(Name(non_latin, kind, lang=lang, script=detect_script(non_latin)))


def _read_facts(sheet: _Sheet, group: _Group, line: int, row: list[str]) -> None:
    """The columns that mostly repeat on every row of a group: each distinct value is read once."""
    dob = sheet.cell(row, "DOB")
    if group.first("DOB", dob):
        date = uk_date(dob)
        if date.value is None:
            sheet.problem(line, group.gid, "DOB", f"not a date: {dob!r}")
        group.birth_dates.append(date)
    title = sheet.cell(row, "Title")
    if group.first("Title", title):
        group.titles.extend(numbered(title))
    position = sheet.cell(row, "Position")
    if group.first("Position", position):
        group.positions.extend(numbered(position))
    nationality = sheet.cell(row, "Nationality")
    if group.first("Nationality", nationality):
        group.nationalities.extend(country_or_text(n) for n in numbered(nationality))
    birth = (sheet.cell(row, "Town of Birth"), sheet.cell(row, "Country of Birth"))
    if group.first("Birth", "|".join(birth)):
        group.birth_places.extend(_birth_places(*birth))
    _read_documents(sheet, group, row)
    regime = sheet.cell(row, "Regime")
    if group.first("Regime", regime):
        group.programs.append(regime)
    _read_dates(sheet, group, line, row)
    other = sheet.cell(row, "Other Information")
    if group.first("Other Information", other):
        group.remarks.append(other)
        _read_other(group, other)


def _birth_places(towns_text: str, countries_text: str) -> list[str]:
    towns, countries = numbered(towns_text), numbered(countries_text)
    if len(towns) == len(countries):
        return [f"{t}, {c}" for t, c in zip(towns, countries, strict=True)]
    return towns + countries


def _read_documents(sheet: _Sheet, group: _Group, row: list[str]) -> None:
    for number_column, details_column, id_type in (
        ("Passport Number", "Passport Details", IdentifierType.PASSPORT),
        ("National Identification Number", "National Identification Details", IdentifierType.NATIONAL_ID),
    ):
        numbers_text, details_text = sheet.cell(row, number_column), sheet.cell(row, details_column)
        if not group.first(number_column, f"{numbers_text}|{details_text}"):
            continue
        numbers, details = numbered(numbers_text), numbered(details_text)
        if len(details) != len(numbers):
            details = [details_text] * len(numbers) if details_text else []
        for index, number in enumerate(numbers):
            detail = details[index] if index < len(details) else None
            kind = document_type(id_type, number, detail)
            group.identifiers.append(Identifier(kind, number, document_country(detail), detail))
        if details_text and not numbers:
            group.remarks.append(f"{details_column}: {details_text}")


def _read_dates(sheet: _Sheet, group: _Group, line: int, row: list[str]) -> None:
    listed = sheet.cell(row, "Listed On")
    if group.first("Listed On", listed):
        value = uk_date(listed).value
        if value is None:
            sheet.problem(line, group.gid, "Listed On", f"not a date: {listed!r}")
        else:
            group.listed.append(value)
    designated = sheet.cell(row, "UK Sanctions List Date Designated")
    if group.first("Designated", designated):
        group.remarks.append(f"UK Sanctions List date designated: {designated}")


def _read_address(sheet: _Sheet, group: _Group, row: list[str]) -> None:
    lines = [sheet.cell(row, c) for c in _ADDRESS_COLUMNS]
    postal, country = sheet.cell(row, "Post/Zip Code"), sheet.cell(row, "Country")
    full = ", ".join(p for p in [*lines, postal, country] if p)
    if not group.first("Address", full):
        return
    code = country_code(country)
    group.addresses.append(Address(full, postal_code=postal or None, country=code))
    if code:
        group.countries.append(code)


def _read_other(group: _Group, text: str) -> None:
    """Pick the structured facts out of Other Information (the whole text is kept as remarks too)."""
    pieces = _OTHER_KEYS.split(text)
    for key, value in zip(pieces[1::2], pieces[2::2], strict=True):
        _OTHER_READERS.get(key, _ignore)(group, value.strip())


def _ignore(group: _Group, value: str) -> None:
    """Facts kept only in the remarks (statement of reasons, parent company, ...)."""


def _other_gender(group: _Group, value: str) -> None:
    gender = _GENDERS.get(value.strip(" .").lower())
    if gender:
        group.genders.append(gender)


def _other_ids(id_type: IdentifierType, label: str) -> _OtherReader:
    def read(group: _Group, value: str) -> None:
        for item in numbered(value):
            text = imo_number(item) if id_type is IdentifierType.IMO else item
            group.identifiers.append(Identifier(id_type, text, label=label))

    return read


def _other_property(name: str, countries: bool = False) -> _OtherReader:
    def read(group: _Group, value: str) -> None:
        for item in numbered(value):
            group.properties.append((name, country_or_text(item) if countries else item))
            if countries and (code := country_code(item)):
                group.countries.append(code)

    return read


_OTHER_READERS = {
    "Gender": _other_gender,
    "IMO number": _other_ids(IdentifierType.IMO, "IMO number"),
    "Phone number": _other_ids(IdentifierType.PHONE, "Phone number"),
    "Tel": _other_ids(IdentifierType.PHONE, "Tel"),
    "Fax": _other_ids(IdentifierType.PHONE, "Fax"),
    "Email address": _other_ids(IdentifierType.EMAIL, "Email address"),
    "Website": _other_ids(IdentifierType.WEBSITE, "Website"),
    "Business Reg No": _other_ids(IdentifierType.REGISTRATION, "Business Reg No"),
    "Flag of ship": _other_property("flag", countries=True),
    "Previous flags": _other_property("pastFlags", countries=True),
    "Type of ship": _other_property("type"),
    "Tonnage of ship": _other_property("tonnage"),
    "Year built": _other_property("buildDate"),
}


def _entity(sheet: _Sheet, group: _Group, source: str) -> Entity | None:
    schema = _SCHEMAS.get((group.group_type or "").lower())
    if schema is None:
        message = f"unknown Group Type {group.group_type!r}: read as LegalEntity"
        sheet.problem(group.line, group.gid, "Group Type", message)
        schema = Schema.LEGAL_ENTITY
    if not group.names:
        sheet.problem(group.line, group.gid, "Name 6", "group without any name: group skipped")
        return None
    return Entity(
        id=make_entity_id(source, group.gid),
        schema=schema,
        source=source,
        source_id=group.gid,
        names=merge_names(group.names),
        birth_dates=distinct(group.birth_dates),
        birth_places=distinct(group.birth_places),
        nationalities=distinct(group.nationalities),
        countries=distinct(group.countries),
        addresses=distinct(group.addresses),
        identifiers=distinct(group.identifiers),
        gender=group.genders[0] if group.genders else None,
        titles=distinct(group.titles),
        positions=distinct(group.positions),
        programs=distinct(group.programs),
        listed_on=min(group.listed) if group.listed else None,
        remarks="\n".join(dict.fromkeys(group.remarks)) or None,
        properties=distinct(group.properties),
    )
