"""UK OFSI ConList, CSV and XLSX: fictional fixtures (golden), grouping, bad rows, bad headers, real list."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sanctionwatch.errors import ParseError
from sanctionwatch.model import Entity, IdentifierType, NameKind, Schema
from sanctionwatch.sources.base import FileSet, ParsedList
from sanctionwatch.sources.registry import parse_fileset
from sanctionwatch.sources.uk_conlist import numbered, uk_date

if TYPE_CHECKING:
    from tests.conftest import Golden

EXAMPLE = Path(__file__).resolve().parents[2] / "src" / "sanctionwatch" / "examples" / "lists" / "uk"


def parse(path: Path) -> ParsedList:
    return parse_fileset(FileSet("uk", "uk_conlist", {"main": path}))


@pytest.fixture(scope="module")
def fixture_list(fixtures: Path) -> ParsedList:
    return parse(fixtures / "uk" / "ConList_fixture.csv")


def by_group(parsed: ParsedList, gid: str) -> Entity:
    return next(e for e in parsed.entities if e.source_id == gid)


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def dicts(parsed: ParsedList) -> list[dict[str, Any]]:
    return [e.to_dict() for e in parsed.entities]


def test_fixture_matches_reviewed_golden_file(
    fixture_list: ParsedList, fixtures: Path, golden: Golden
) -> None:
    golden(fixture_list, fixtures / "uk" / "ConList_fixture.golden.json")


def test_rows_are_grouped_by_group_id(fixture_list: ParsedList) -> None:
    assert fixture_list.problems == []
    assert fixture_list.published == "2026-01-15"
    assert [(e.source_id, e.schema) for e in fixture_list.entities] == [
        ("90001", Schema.PERSON),
        ("90002", Schema.PERSON),
        ("90003", Schema.ORGANIZATION),
        ("90004", Schema.VESSEL),
        ("90005", Schema.PERSON),
        ("90006", Schema.ORGANIZATION),
    ]
    petrov = by_group(fixture_list, "90001")
    assert petrov.id == "uk-90001"
    assert [n.full for n in petrov.names].count("Ivan Testovich PETROV-FICTIVE") == 1  # repeated per address
    assert len(petrov.addresses) == 2
    assert petrov.birth_dates[0].value == "1962-01-12"
    two_regimes = by_group(fixture_list, "90006")
    assert two_regimes.programs == ("Iran (Nuclear)", "Syria")
    assert two_regimes.listed_on == "2010-07-27"  # the earliest listing


def test_names_kinds_scripts_and_parts(fixture_list: ParsedList) -> None:
    petrov = {n.full: n for n in by_group(fixture_list, "90001").names}
    primary = petrov["Ivan Testovich PETROV-FICTIVE"]
    assert (primary.kind, primary.given, primary.patronymic, primary.family) == (
        NameKind.PRIMARY,
        "Ivan",
        "Testovich",
        "PETROV-FICTIVE",
    )
    cyrillic = petrov["Иван Тестович ПЕТРОВ-ФИКТИВ"]
    assert (cyrillic.kind, cyrillic.script, cyrillic.lang) == (NameKind.PRIMARY, "Cyrl", "ru")
    assert petrov["Vanya TESTER"].kind is NameKind.WEAK_ALIAS
    assert petrov["Ivan PETROFF-FICTIVE"].kind is NameKind.ALIAS
    khalid = {n.full: n for n in by_group(fixture_list, "90002").names}
    assert (khalid["خالد ظريف المثالي"].script, khalid["خالد ظريف المثالي"].lang) == ("Arab", "ar")
    zarkovia = {n.full: n.kind for n in by_group(fixture_list, "90003").names}
    assert zarkovia["ZARKOVIA EXPORT BUREAU"] is NameKind.PREVIOUS


def test_partial_dates_and_numbered_cells(fixture_list: ParsedList) -> None:
    khalid = by_group(fixture_list, "90002")
    assert [d.value for d in khalid.birth_dates] == ["1962", "1963-06"]
    assert khalid.birth_places == ("Exampletown, Syria", "Sample City, Iraq")
    assert khalid.titles == ("Sheikh", "Doctor")
    assert by_group(fixture_list, "90005").birth_dates[0].value == "1970-05"
    petrov = by_group(fixture_list, "90001")
    assert petrov.nationalities == ("ru", "Zarkovia")
    passports = [(i.value, i.country) for i in petrov.identifiers if i.type is IdentifierType.PASSPORT]
    assert passports == [("000000001", "ru"), ("FX0000002", None)]
    assert petrov.gender == "male"
    assert len(petrov.positions) == 2


def test_ship_group_is_a_vessel_with_imo_and_flags(fixture_list: ParsedList) -> None:
    ship = by_group(fixture_list, "90004")
    assert ship.schema is Schema.VESSEL
    assert [(i.type, i.value) for i in ship.identifiers] == [(IdentifierType.IMO, "IMO9000001")]
    assert ("flag", "ru") in ship.properties
    assert ("pastFlags", "pa") in ship.properties and ("pastFlags", "km") in ship.properties
    assert ("СЕВЕРНАЯ ФИКЦИЯ", "Cyrl") in [(n.full, n.script) for n in ship.names]


def test_columns_are_found_by_name_not_position(
    fixture_list: ParsedList, tmp_path: Path, fixtures: Path
) -> None:
    rows = read_csv(fixtures / "uk" / "ConList_fixture.csv")
    order = list(reversed(range(len(rows[1]))))
    shuffled = tmp_path / "ConList.csv"
    with shuffled.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(rows[0])
        writer.writerows([[row[i] for i in order] for row in rows[1:]])
    assert dicts(parse(shuffled)) == dicts(fixture_list)


def test_xlsx_gives_the_same_entities_as_csv(
    fixture_list: ParsedList, tmp_path: Path, fixtures: Path
) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Data"
    for row in read_csv(fixtures / "uk" / "ConList_fixture.csv"):
        sheet.append(row)
    sheet["B1"] = dt.date(2026, 1, 15)  # a real date cell, as Excel may store it
    path = tmp_path / "ConList.xlsx"
    workbook.save(path)
    parsed = parse(path)
    assert parsed.problems == []
    assert parsed.published == "2026-01-15"
    assert dicts(parsed) == dicts(fixture_list)


def test_bad_rows_are_all_reported_and_good_groups_kept(fixtures: Path) -> None:
    parsed = parse(fixtures / "uk" / "bad_records.csv")
    assert [e.source_id for e in parsed.entities] == ["91003", "91004", "91005", "91006", "91007"]
    found = {(p.location.line, p.location.record, p.location.field) for p in parsed.problems}
    assert found == {
        (3, None, "Group ID"),
        (4, "91002", "Name 6"),
        (5, "91003", "DOB"),
        (6, "91004", "Listed On"),
        (8, "91005", "Group Type"),
        (9, "91006", "Group Type"),
    }
    assert by_group(parsed, "91006").schema is Schema.LEGAL_ENTITY
    assert by_group(parsed, "91003").birth_dates[0].text == "31/02/19x2"  # kept as written


def test_missing_required_column_is_a_parse_error_naming_file_and_column(fixtures: Path) -> None:
    with pytest.raises(ParseError) as caught:
        parse(fixtures / "uk" / "missing_group_id.csv")
    assert "missing_group_id.csv" in caught.value.message
    assert "'Group ID'" in caught.value.message
    assert [(p.location.line, p.location.field) for p in caught.value.problems] == [(2, "Group ID")]


def test_a_file_of_another_format_is_refused(fixtures: Path) -> None:
    with pytest.raises(ParseError, match=r"consolidated_fixture\.xml: not an OFSI Consolidated List"):
        parse(fixtures / "un" / "consolidated_fixture.xml")


VALUE = st.lists(st.text(alphabet="ABCXYZ0123456789/", min_size=1), min_size=1, max_size=3).map(" ".join)


@given(st.lists(VALUE, min_size=2, max_size=6))
def test_numbered_cells_split_into_their_values(values: list[str]) -> None:
    cell = " ".join(f"({i}) {v}" for i, v in enumerate(values, start=1))
    assert numbered(cell) == values
    assert numbered(values[0]) == [values[0]]


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_uk_dates_read_day_first(day: dt.date) -> None:
    assert uk_date(day.strftime("%d/%m/%Y")).value == day.isoformat()
    assert uk_date(day.strftime("00/%m/%Y")).value == day.isoformat()[:7]
    assert uk_date(day.strftime("dd/mm/%Y")).value == day.isoformat()[:4]


def test_bundled_example_parses_without_problems() -> None:
    parsed = parse(EXAMPLE / "ConList.csv")
    assert parsed.problems == []
    assert len(parsed.entities) == 8
    assert Schema.VESSEL in {e.schema for e in parsed.entities}
    assert "Cyrl" in {n.script for e in parsed.entities for n in e.names}


@pytest.mark.shared_data
def test_real_conlist_csv_and_xlsx_agree(shared_lists: Path) -> None:
    from_csv = parse(shared_lists / "uk" / "ConList_from_xlsx.csv")
    from_xlsx = parse(shared_lists / "uk" / "ConList.xlsx")
    for parsed in (from_csv, from_xlsx):
        assert parsed.problems == []
        assert parsed.published == "2025-04-10"
        schemas = [e.schema for e in parsed.entities]
        counts = (
            schemas.count(Schema.PERSON),
            schemas.count(Schema.ORGANIZATION),
            schemas.count(Schema.VESSEL),
        )
        assert counts == (3662, 1009, 15)
        assert len({p for e in parsed.entities for p in e.programs}) == 31
    assert dicts(from_csv) == dicts(from_xlsx)
