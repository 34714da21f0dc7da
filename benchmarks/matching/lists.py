"""The list publications the benchmark screens against, read with sanctionwatch's own parsers.

One publication per list (the newest complete one). The OpenSanctions EU journal transcriptions
(the EU designations with their original-script names, which the other snapshots lack) are read
with sanctionwatch's eu_journal_csv parser; the EU derived name list has no parser in
sanctionwatch (it is not an official format), so this module reads it into entities itself.
"""

from __future__ import annotations

import csv
import hashlib
import os
import time
from dataclasses import dataclass, replace
from pathlib import Path

from sanctionwatch.model import Entity, Name, NameKind, Schema, detect_script, make_entity_id
from sanctionwatch.model.countries import country_or_text
from sanctionwatch.sources.base import FileSet, file_sha256
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


def _load_journal(root: Path) -> tuple[list[Entity], ListInfo]:
    """The consolidated EU journal CSVs (one per framework act) with sanctionwatch's own parser."""
    paths = {path.stem: path for path in sorted((root / EU_JOURNAL_DIR).glob("*.csv"))}
    if not paths:
        return [], ListInfo("eu_journal", f"{EU_JOURNAL_DIR}/*.csv", "-", "MISSING", "-", 0, 0, 0.0)
    parsed = parse_fileset(FileSet("eu_journal", "eu_journal_csv", paths, "2026-08-19"))
    digest = hashlib.sha256()
    for path in paths.values():
        digest.update(file_sha256(path).encode())
    info = ListInfo(
        "eu_journal",
        f"{EU_JOURNAL_DIR}/*.csv",
        "eu_journal_csv",
        parsed.published or "2026-08-19",
        digest.hexdigest()[:16],
        len(parsed.entities),
        len(parsed.problems),
        0,
    )
    return list(parsed.entities), info


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
