"""OFAC legacy CSV set (sdn.csv + add.csv + alt.csv + sdn_comments.csv, or the cons_* files).

Format quirks handled here: no header row, CRLF, a trailing 0x1A byte, ``-0-`` (often with a
trailing space) for empty, Latin-1/cp1252 bytes, several programs as ``A] [B`` in one field,
remarks cut at 1000 characters and continued in the comments file, and quoted fields that may
span lines. Facts written into the remarks are read by :mod:`ofac_remarks`.

Addresses: add.csv gives "street", "City, State Postal" and country; the city/state/postal field
cannot be split reliably, so it goes into ``Address.full`` only (the XML fills city, region and
postal code). Files larger than :data:`MAX_FILE_BYTES` are refused; the configured, usually
smaller, download limit is enforced by the caller that fetched or chose the files.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sanctionwatch.errors import Location, ParseError
from sanctionwatch.model import Address, NameKind, Schema
from sanctionwatch.sources.base import FileReport, FileSet, ParsedList
from sanctionwatch.sources.ofac_entry import SCHEMAS, Facts, Vessel
from sanctionwatch.sources.ofac_remarks import parse_remarks

MAX_FILE_BYTES = 512 * 1024 * 1024  # hard ceiling against runaway input, whatever the settings say

SDN_COLUMNS = (
    "ent_num",
    "SDN_Name",
    "SDN_Type",
    "Program",
    "Title",
    "Call_Sign",
    "Vess_type",
    "Tonnage",
    "GRT",
    "Vess_flag",
    "Vess_owner",
    "Remarks",
)
ALT_COLUMNS = ("ent_num", "alt_num", "alt_type", "alt_name", "alt_remarks")
ADD_COLUMNS = ("ent_num", "add_num", "address", "city_state_postal", "country", "add_remarks")
COMMENTS_COLUMNS = ("ent_num", "remarks_overflow")

_ALT_KINDS = {"aka": NameKind.ALIAS, "nka": NameKind.ALIAS, "fka": NameKind.PREVIOUS}


@dataclass(slots=True, frozen=True)
class Row:
    """One record of an OFAC CSV file with the line it starts on."""

    line: int
    cells: list[str]

    def get(self, index: int) -> str | None:
        """Cell ``index`` with OFAC's ``-0-`` (empty) as None."""
        value = self.cells[index].strip()
        return None if value in ("", "-0-") else value


def read_text(path: Path) -> str:
    """The file's text: UTF-8 if it is valid UTF-8, else cp1252 (falling back to Latin-1)."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ParseError(
            f"{path}: refused: {size} bytes is more than the {MAX_FILE_BYTES} an OFAC file may be"
        )
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def _records(text: str) -> Iterator[Row]:
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 1
    for cells in reader:
        if len(cells) > 1 or (cells and cells[0].strip()):  # skip blank lines
            yield Row(line, cells)
        line = reader.line_num + 1


def read_rows(path: Path, columns: tuple[str, ...], parsed: ParsedList, required: bool) -> list[Row]:
    """The records of ``path`` that have the right number of columns; the rest become problems.

    A file none of whose records fits, or a required file with no record, is not this format at all.
    """
    text = read_text(path).rstrip("\x1a\r\n\t ")
    rows = list(_records(text))
    if not rows:
        if required:
            raise ParseError(f"{path}: empty: no records in this OFAC CSV file")
        return []
    good = [row for row in rows if len(row.cells) == len(columns)]
    if not good:
        raise ParseError(
            f"{path}: not an OFAC {path.name} file: no record has its {len(columns)} columns "
            f"({', '.join(columns)})"
        )
    for row in rows:
        if len(row.cells) != len(columns):
            parsed.problem(
                Location(str(path), line=row.line),
                f"expected {len(columns)} columns, found {len(row.cells)}; record skipped",
            )
    return good


@dataclass(slots=True)
class _Entry:
    line: int
    facts: Facts
    remarks: str


def parse(fileset: FileSet) -> ParsedList:
    """Read an OFAC CSV set into entities; every bad record becomes a located Problem."""
    parsed = ParsedList(source=fileset.source, format=fileset.format, published=fileset.published_hint)
    sdn_path = fileset.paths.get("sdn") or fileset.paths.get("prim")
    if sdn_path is None:
        raise ParseError(
            f"OFAC CSV set for {fileset.source} has no 'sdn' file (roles: {sorted(fileset.paths)})"
        )
    entries = _read_primary(sdn_path, parsed)
    if path := fileset.paths.get("comments"):
        _read_comments(path, entries, parsed)
    if path := fileset.paths.get("alt"):
        _read_aliases(path, entries, parsed)
    if path := fileset.paths.get("add"):
        _read_addresses(path, entries, parsed)
    report = FileReport(sdn_path, parsed)
    for ent_num, entry in entries.items():
        remarks = entry.remarks.strip()
        if remarks:
            parse_remarks(remarks, entry.facts)
        entry.facts.report_to(report, entry.line, ent_num)
        parsed.entities.append(entry.facts.entity(fileset.source, ent_num, remarks))
    return parsed


def _ent_num(row: Row, path: Path, parsed: ParsedList) -> str | None:
    value = row.cells[0].strip()
    if not value.isdigit():
        parsed.problem(Location(str(path), row.line, None, "ent_num"), f"ent_num {value!r} is not a number")
        return None
    return str(int(value))


def _read_primary(path: Path, parsed: ParsedList) -> dict[str, _Entry]:
    entries: dict[str, _Entry] = {}
    for row in read_rows(path, SDN_COLUMNS, parsed, required=True):
        ent_num = _ent_num(row, path, parsed)
        if ent_num is None:
            continue
        where = Location(str(path), row.line, ent_num)
        if ent_num in entries:
            parsed.problem(where, f"ent_num {ent_num} appears again (first on line {entries[ent_num].line})")
            continue
        name = row.get(1)
        if name is None:
            parsed.problem(Location(str(path), row.line, ent_num, "SDN_Name"), "no name; record skipped")
            continue
        # Raw, not stripped: a remark cut at 1000 characters may end in the space before its overflow.
        remarks = row.cells[11] if row.get(11) else ""
        entries[ent_num] = _Entry(row.line, _primary_facts(row, name, where, parsed), remarks)
    return entries


def _primary_facts(row: Row, name: str, where: Location, parsed: ParsedList) -> Facts:
    sdn_type = (row.get(2) or "").lower()
    schema = SCHEMAS.get(sdn_type)
    if schema is None:
        parsed.problem(
            Location(where.file, where.line, where.record, "SDN_Type"),
            f"unknown SDN_Type {sdn_type!r}, read as an organization",
        )
        schema = Schema.ORGANIZATION
    facts = Facts(schema)
    facts.add_name(name, NameKind.PRIMARY)
    facts.programs.extend(programs(row.get(3)))
    if title := row.get(4):
        facts.positions.append(title)
    facts.add_vessel(
        Vessel(
            call_sign=row.get(5),
            vessel_type=row.get(6),
            tonnage=row.get(7),
            gross_tonnage=row.get(8),
            flag=row.get(9),
            owner=row.get(10),
        )
    )
    return facts


def programs(field_value: str | None) -> list[str]:
    """``"SDGT] [NS-PLC"`` -> ``["SDGT", "NS-PLC"]``."""
    if not field_value:
        return []
    return [p.strip(" []") for p in field_value.split("] [") if p.strip(" []")]


def _entry_for(row: Row, path: Path, entries: dict[str, _Entry], parsed: ParsedList) -> _Entry | None:
    ent_num = _ent_num(row, path, parsed)
    if ent_num is None:
        return None
    entry = entries.get(ent_num)
    if entry is None:
        parsed.problem(
            Location(str(path), row.line, ent_num, "ent_num"),
            f"ent_num {ent_num} is not in the primary file; record skipped",
        )
    return entry


def _read_comments(path: Path, entries: dict[str, _Entry], parsed: ParsedList) -> None:
    for row in read_rows(path, COMMENTS_COLUMNS, parsed, required=False):
        entry = _entry_for(row, path, entries, parsed)
        if entry is not None and row.get(1) is not None:
            # The remark was cut mid-word at 1000 characters: the overflow continues it directly,
            # so its first character (even a space) belongs to the text.
            entry.remarks += row.cells[1]


def _read_aliases(path: Path, entries: dict[str, _Entry], parsed: ParsedList) -> None:
    for row in read_rows(path, ALT_COLUMNS, parsed, required=False):
        entry = _entry_for(row, path, entries, parsed)
        if entry is None:
            continue
        where = Location(str(path), row.line, row.cells[0].strip())
        name = row.get(3)
        if name is None:
            parsed.problem(Location(where.file, where.line, where.record, "alt_name"), "alias without a name")
            continue
        alt_type = (row.get(2) or "").lower()
        kind = _ALT_KINDS.get(alt_type)
        if kind is None:
            parsed.problem(
                Location(where.file, where.line, where.record, "alt_type"),
                f"unknown alt_type {alt_type!r}, read as a.k.a.",
            )
            kind = NameKind.ALIAS
        entry.facts.add_name(name, kind)


def _read_addresses(path: Path, entries: dict[str, _Entry], parsed: ParsedList) -> None:
    for row in read_rows(path, ADD_COLUMNS, parsed, required=False):
        entry = _entry_for(row, path, entries, parsed)
        if entry is None:
            continue
        street = row.get(2)
        if note := row.get(5):
            street = f"{street} ({note})" if street else f"({note})"
        entry.facts.add_address(Address(street=street), row.get(3), row.get(4))
