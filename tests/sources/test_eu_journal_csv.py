"""OpenSanctions EU Journal CSVs: fictional fixtures, stable merged identities, and the real 45 files."""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sanctionwatch.model import Entity, IdentifierType, NameKind, Schema
from sanctionwatch.sources.base import FileSet, ParsedList
from sanctionwatch.sources.catalog import discover
from sanctionwatch.sources.eu_journal_csv import COLUMNS, cell_values
from sanctionwatch.sources.registry import parse_fileset


def _folder(folder: Path) -> FileSet:
    return FileSet("eu_journal", "eu_journal_csv", {p.stem: p for p in sorted(folder.glob("*.csv"))})


def _parse(folder: Path) -> ParsedList:
    return parse_fileset(_folder(folder))


def _by_name(parsed: ParsedList) -> dict[str, Entity]:
    return {e.primary_name: e for e in parsed.entities}


def _located(problems: list[Any]) -> list[tuple[str, int | None, str | None, str | None]]:
    return [
        (Path(p.location.file).name, p.location.line, p.location.record, p.location.field) for p in problems
    ]


def _golden_data(parsed: ParsedList) -> dict[str, Any]:
    warnings = [{**p.to_dict(), "file": Path(p.location.file).name} for p in parsed.warnings]
    return {"entities": [e.to_dict() for e in parsed.entities], "warnings": warnings}


@pytest.fixture
def journal(fixtures: Path) -> Path:
    return fixtures / "eu_journal" / "consolidated"


def test_fixture_matches_golden(journal: Path) -> None:
    parsed = _parse(journal)
    assert parsed.problems == []
    golden = journal.parent / "consolidated.golden.json"
    data = _golden_data(parsed)
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n")
    assert orjson.loads(golden.read_bytes()) == orjson.loads(orjson.dumps(data))


def test_a_party_listed_under_two_programmes_is_one_entity_with_both(journal: Path) -> None:
    parsed = _parse(journal)
    petrov = _by_name(parsed)["Ivan Testovich PETROV-FICTIVE"]
    assert petrov.id == "eu_journal-39999r0101-i.persons-eu-zrk-1"  # the earlier listing anchors the id
    assert petrov.programs == ("EU-ZRK", "EU-ZRKDA")
    assert petrov.listed_on == "2014-03-17"
    assert [d.value for d in petrov.birth_dates] == ["1972-11-26"]  # "26.11.1972" = "26 November 1972"
    assert len(petrov.positions) == 2
    assert sum(1 for e in parsed.entities if "PETROV-FICTIVE" in e.primary_name) == 1


def test_one_entry_repeated_per_measure_is_one_entity(journal: Path) -> None:
    trading = _by_name(_parse(journal))["Zarkovia Trading LLC"]
    provisions = [v for k, v in trading.properties if k == "provisions"]
    assert provisions == [
        "Asset freeze: 39999R0101 Annex I.ENTITIES, entry 1",
        "Financial restrictions: 39999R0101 Annex I.ENTITIES, entry 1",
    ]
    assert ("sector", "Fictional commodities") in trading.properties


def test_entries_of_one_annex_never_merge_but_same_imo_across_annexes_does(journal: Path) -> None:
    parsed = _parse(journal)
    so_called = [e for e in parsed.entities if e.primary_name.lower().replace("-", " ") == "so called"]
    assert len(so_called) == 2
    stars = sorted(
        ([i.value for i in e.identifiers if i.type is IdentifierType.IMO], len(e.properties))
        for e in parsed.entities
        if e.primary_name == "ZARKOV STAR"
    )
    assert [imo for imo, _ in stars] == [["9999991"], ["9999992"]]
    merged = next(e for e in parsed.entities if "9999991" in {i.value for i in e.identifiers})
    assert {v.split(":")[0] for k, v in merged.properties if k == "provisions"} == {
        "Asset freeze",
        "Transportation restrictions",
    }


def test_rows_without_record_id_merge_by_name_and_get_a_digest_id(journal: Path) -> None:
    front = [e for e in _parse(journal).entities if e.schema is Schema.ORGANIZATION]
    assert len(front) == 1
    assert front[0].source_id.startswith("39999R0202/IV/EU-ZRKDA/")
    assert [n.full for n in front[0].names] == ["Fictive Liberation Front", "FICTIVE LIBERATION FRONT", "FLF"]


def test_original_script_forms_become_names_of_their_own(journal: Path) -> None:
    entities = _by_name(_parse(journal))
    petrov = entities["Ivan Testovich PETROV-FICTIVE"]
    assert [(n.full, n.kind, n.script) for n in petrov.names[:3]] == [
        ("Ivan Testovich PETROV-FICTIVE", NameKind.PRIMARY, "Latn"),
        ("Ivan Testovich PETROFF-FICTIVE", NameKind.ALIAS, "Latn"),
        ("Иван Тестович ПЕТРОВ-ФИКТИВ", NameKind.ALIAS, "Cyrl"),
    ]
    zarkova = entities["Maria Testovna ZARKOVA"]  # "(Russian: ...)" label dropped
    assert ("Мария Тестовна ЗАРКОВА", NameKind.ALIAS, "Cyrl") in [
        (n.full, n.kind, n.script) for n in zarkova.names
    ]
    assert zarkova.nationalities == ("de", "ma")
    assert [d.value for d in zarkova.birth_dates] == ["1960-02-01", "1961"]
    assert zarkova.gender == "female"


def test_ids_are_stable_across_reordering_and_new_cross_listings(journal: Path, tmp_path: Path) -> None:
    before = _parse(journal)
    assert [e.id for e in _parse(journal).entities] == [e.id for e in before.entities]  # re-parsing
    # The next publication: rows in another order, and Ms ZARKOVA newly listed under a second programme.
    for source in journal.glob("*.csv"):
        header, *rows = source.read_text(encoding="utf-8").splitlines(keepends=True)
        (tmp_path / source.name).write_text(header + "".join(reversed(rows)), encoding="utf-8")
    listing = dict.fromkeys(COLUMNS, "") | {
        "celex": "39999R0202",
        "recordId": "9",
        "programKey": "EU-ZRKDA",
        "annex": "I.A",
        "measure": "Asset freeze",
        "startDate": "1.1.2026",
        "schema": "Person",
        "name": "Maria Testovna ZARKOVA (Russian: Мария Тестовна ЗАРКОВА)",
        "birthDate": "(a) 1.2.1960, (b) 1961",
    }
    with (tmp_path / "39999R0202.csv").open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow(listing.values())

    after = _parse(tmp_path)

    assert after.problems == []
    assert sorted(e.id for e in after.entities) == sorted(e.id for e in before.entities)
    zarkova = _by_name(after)["Maria Testovna ZARKOVA"]
    assert zarkova.id == _by_name(before)["Maria Testovna ZARKOVA"].id
    assert zarkova.programs == ("EU-ZRK", "EU-ZRKDA")


def test_every_bad_row_and_file_is_reported_where_it_is(fixtures: Path) -> None:
    parsed = _parse(fixtures / "eu_journal" / "bad")
    assert _located(parsed.problems) == [
        ("39999R0303.csv", 3, "2", None),  # 10 cells
        ("39999R0303.csv", 4, "3", "name"),
        ("39999R0303.csv", 5, "4", "schema"),
        ("39999R0303.csv", 6, "5", "celex"),
        ("39999R0303.csv", 7, "6", "startDate"),
        ("39999R0303.csv", 10, "8", "programKey"),  # line 10: the record before it spans two lines
        ("39999R0303.csv", 10, "8", "measure"),
        ("39999R0404.csv", 1, None, None),
        ("39999R0505.csv", 1, None, None),
    ]
    assert "amendment file" in parsed.problems[-2].message
    assert "missing notes; unexpected remarks" in parsed.problems[-1].message
    # The readable rows are still read, the row with a bad start date included.
    assert sorted(e.primary_name for e in parsed.entities) == [
        "Date FICTIVE",
        "Good FICTIVE",
        "Multiline FICTIVE",
    ]


def test_the_catalog_makes_one_publication_of_a_folder(journal: Path, tmp_path: Path) -> None:
    shutil.copytree(journal, tmp_path / "eu_journal_sanctions" / "consolidated")
    found = discover(tmp_path)
    assert found.skipped == ()
    (fileset,) = found.filesets
    assert (fileset.source, fileset.format, sorted(fileset.paths)) == (
        "eu_journal",
        "eu_journal_csv",
        ["39999R0101", "39999R0202"],
    )


_VALUE = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12)


@given(st.lists(_VALUE.filter(lambda v: v.strip() == v and v != ""), min_size=1, max_size=5, unique=True))
def test_multi_valued_cells_decode_as_the_format_encodes_them(values: list[str]) -> None:
    # FORMAT.md: "; "-joined, a value holding ";" or '"' CSV-quoted with its quotes doubled.
    encoded = "; ".join(f'"{v.replace(chr(34), chr(34) * 2)}"' if ";" in v or '"' in v else v for v in values)
    assert cell_values(encoded) == values


@pytest.mark.shared_data
def test_the_real_45_files_load_as_one_list(shared_lists: Path) -> None:
    found = discover(shared_lists / "opensanctions" / "eu_journal_sanctions")
    (fileset,) = found.filesets
    assert len(fileset.paths) == 45
    parsed = parse_fileset(fileset)
    assert parsed.problems == []
    # 8,017 rows: 29 Asset rows are not screened; the other 7,988 merge into 7,906 parties.
    assert sum(1 for w in parsed.warnings if w.location.field == "schema") == 29
    assert len(parsed.entities) == 7_906
    assert len({e.id for e in parsed.entities}) == 7_906
    aksyonov = next(e for e in parsed.entities if e.id == "eu_journal-32014r0269-i.persons-eu-ukr-1")
    assert aksyonov.primary_name == "Sergey Valeryevich AKSYONOV"
    cyrillic = {n.full for n in aksyonov.names if n.script == "Cyrl"}
    assert cyrillic == {"Сергей Валерьевич АКСЁНОВ", "Сергiй Валерiйович АКСЬОНОВ"}
    assert [d.value for d in aksyonov.birth_dates] == ["1972-11-26"]
    menyailo = next(e for e in parsed.entities if e.primary_name == "Sergei Ivanovich MENYAILO")
    assert menyailo.programs == ("EU-UKR", "EU-CHEM")
