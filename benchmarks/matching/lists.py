"""The list publications the benchmark screens against, read with sanctionwatch's own parsers.

One publication per list (the newest complete one). The OpenSanctions EU journal transcriptions
and the EU derived name list have no parser in sanctionwatch (they are not official formats), so
this module reads them into entities itself: they carry the EU designations with their original
script names, which the other snapshots lack.
"""

from __future__ import annotations

import csv
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from sanctionwatch.model import Entity, Name, NameKind, Schema, detect_script, make_entity_id
from sanctionwatch.model.countries import country_or_text
from sanctionwatch.model.dates import parse_partial_date
from sanctionwatch.sources.base import file_sha256
from sanctionwatch.sources.catalog import fileset_for
from sanctionwatch.sources.registry import parse_fileset

REPO = Path(__file__).resolve().parents[2]

# (list key, path under the lists directory): parsed by sanctionwatch.sources.
PARSED_LISTS: tuple[tuple[str, str], ...] = (
    ("ofac_sdn", "ofac_sdn/2023-12-28/sdn.csv"),
    ("ofac_cons", "ofac_cons/consolidated.xml"),
    ("un_sc", "un_sc/consolidated.xml"),
    ("uk", "uk/ConList_from_xlsx.csv"),
    ("uk_fcdo", "uk/sample_uk_sanctions.xml"),
    ("eu_fsf", "eu_fsf/sample_eu_fsf.xml"),
    ("ua_war_sanctions", "opensanctions/ua_war_sanctions/targets.simple.csv"),
    ("us_csl", "us_csl/consolidated.csv.gz"),
)
EU_JOURNAL_DIR = "opensanctions/eu_journal_sanctions/consolidated"
EU_DERIVED_FILE = "eu_fsf/derived/eur_Europe_parsed.csv"

_JOURNAL_SCHEMA = {
    "Person": Schema.PERSON,
    "LegalEntity": Schema.LEGAL_ENTITY,
    "Organization": Schema.ORGANIZATION,
    "Company": Schema.COMPANY,
    "Vessel": Schema.VESSEL,
}
# "Sergei Valerievich AKSENOV (Сергей Валерьевич АКСЁНОВ)": a Latin name with its original script.
_PAREN_ORIGINAL = re.compile(r"^(?P<latin>[^()]+?)\s*\((?P<original>[^()]+)\)$")


@dataclass(slots=True, frozen=True)
class ListInfo:
    """One loaded publication, for the report."""

    source: str
    files: str
    format: str
    published: str
    sha256: str
    entities: int
    problems: int
    seconds: float


@dataclass(slots=True, frozen=True)
class LoadedLists:
    entities: list[Entity]
    infos: list[ListInfo]


def default_lists_dir() -> Path:
    """SANCTIONWATCH_SHARED_LISTS, else ../shared/data/lists beside the repository."""
    return Path(os.environ.get("SANCTIONWATCH_SHARED_LISTS", REPO.parent / "shared" / "data" / "lists"))


def load_lists(root: Path) -> LoadedLists:
    """Every benchmark list under ``root`` (missing files are reported, not fatal)."""
    entities: list[Entity] = []
    infos: list[ListInfo] = []
    for source, relative in PARSED_LISTS:
        path = root / relative
        if not path.is_file():
            infos.append(ListInfo(source, relative, "-", "MISSING", "-", 0, 0, 0.0))
            continue
        started = time.perf_counter()
        fileset = fileset_for(source, path)
        parsed = parse_fileset(fileset)
        seconds = time.perf_counter() - started
        entities.extend(parsed.entities)
        files = ", ".join(str(p.relative_to(root)) for p in fileset.paths.values())
        published = parsed.published or fileset.published_hint or "-"
        infos.append(
            ListInfo(
                source,
                files,
                fileset.format,
                published,
                file_sha256(path)[:16],
                len(parsed.entities),
                len(parsed.problems),
                seconds,
            )
        )
    for reader in (_load_journal, _load_derived):
        started = time.perf_counter()
        found, info = reader(root)
        entities.extend(found)
        infos.append(replace(info, seconds=time.perf_counter() - started))
    return LoadedLists(entities, infos)


def _name(full: str, kind: NameKind) -> Name:
    return Name(full=full, kind=kind, script=detect_script(full))


def _split_values(cell: str) -> list[str]:
    """The FORMAT.md multi-value cell: ``Foo; "Bar; Baz"`` -> [Foo, Bar; Baz]."""
    if not cell.strip():
        return []
    return [v.strip() for v in next(csv.reader([cell], delimiter=";", skipinitialspace=True)) if v.strip()]


def _journal_names(row: dict[str, str]) -> list[Name]:
    names: list[Name] = []
    for column, kind in (
        ("name", NameKind.PRIMARY),
        ("alias", NameKind.ALIAS),
        ("weakAlias", NameKind.WEAK_ALIAS),
    ):
        values = [row[column].strip()] if column == "name" else _split_values(row.get(column, ""))
        for value in values:
            found = _PAREN_ORIGINAL.match(value)
            if found and detect_script(found["original"]) not in ("Latn", None):
                names.append(_name(found["latin"], kind))
                names.append(_name(found["original"], NameKind.ALIAS))
            elif value:
                names.append(_name(value, kind))
    return names


def _journal_rows(root: Path) -> Iterator[tuple[Path, int, dict[str, str]]]:
    for path in sorted((root / EU_JOURNAL_DIR).glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for number, row in enumerate(csv.DictReader(handle), start=2):
                yield path, number, row


def _load_journal(root: Path) -> tuple[list[Entity], ListInfo]:
    """One entity per distinct (schema, name) across the framework acts."""
    seen: dict[tuple[str, str], Entity] = {}
    for path, number, row in _journal_rows(root):
        schema = _JOURNAL_SCHEMA.get(row["schema"])
        if schema is None or not row["name"].strip() or (row["schema"], row["name"]) in seen:
            continue
        # recordId restarts in every annex of an act, so the row number identifies the entry.
        source_id = f"{path.stem}-r{number}"
        nationality = tuple(country_or_text(v) for v in _split_values(row.get("nationality", "")))
        dates = tuple(parse_partial_date(v) for v in _split_values(row.get("birthDate", "")))
        seen[(row["schema"], row["name"])] = Entity(
            id=make_entity_id("eu_journal", source_id),
            schema=schema,
            source="eu_journal",
            source_id=source_id,
            names=tuple(_journal_names(row)),
            birth_dates=tuple(d for d in dates if d.value),
            nationalities=nationality,
            gender=row.get("gender") or None,
        )
    entities = list(seen.values())
    info = ListInfo(
        "eu_journal", f"{EU_JOURNAL_DIR}/*.csv", "bench adapter", "2026-08-19", "-", len(entities), 0, 0
    )
    return entities, info


def _load_derived(root: Path) -> tuple[list[Entity], ListInfo]:
    path = root / EU_DERIVED_FILE
    entities: list[Entity] = []
    if path.is_file():
        with path.open(encoding="utf-8", newline="") as handle:
            for number, row in enumerate(csv.DictReader(handle), start=2):
                entity = _derived_entity(number, row)
                if entity is not None:
                    entities.append(entity)
    sha = file_sha256(path)[:16] if path.is_file() else "MISSING"
    return entities, ListInfo(
        "eu_derived", EU_DERIVED_FILE, "bench adapter", "2025-05", sha, len(entities), 0, 0
    )


def _derived_entity(number: int, row: dict[str, str]) -> Entity | None:
    primary = row["Name"].strip()
    if not primary:
        return None
    aliases = [a.strip() for a in row["Alias"].split(",") if a.strip() and a.strip() != primary]
    names = [_name(primary, NameKind.PRIMARY), *(_name(a, NameKind.ALIAS) for a in dict.fromkeys(aliases))]
    schema = Schema.PERSON if row["Designation"].strip().lower() == "person" else Schema.ORGANIZATION
    nationality = row["Nationality"].strip()
    return Entity(
        id=make_entity_id("eu_derived", str(number)),
        schema=schema,
        source="eu_derived",
        source_id=str(number),
        names=tuple(names),
        nationalities=(country_or_text(nationality),) if nationality else (),
    )
