"""FCDO UK Sanctions List XML: fictional fixtures (golden), bad records, unsafe/broken files, real excerpt."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from sanctionwatch.errors import ParseError, UnsafeInputError
from sanctionwatch.model import Entity, IdentifierType, NameKind, Schema
from sanctionwatch.sources.base import FileSet, ParsedList
from sanctionwatch.sources.registry import parse_fileset

if TYPE_CHECKING:
    from tests.conftest import Golden


def parse(path: Path) -> ParsedList:
    return parse_fileset(FileSet("uk_fcdo", "uk_fcdo_xml", {"main": path}))


@pytest.fixture(scope="module")
def fixture_list(fixtures: Path) -> ParsedList:
    return parse(fixtures / "uk" / "uk_sanctions_list_fixture.xml")


def by_id(parsed: ParsedList, unique_id: str) -> Entity:
    return next(e for e in parsed.entities if e.source_id == unique_id)


def test_fixture_matches_reviewed_golden_file(
    fixture_list: ParsedList, fixtures: Path, golden: Golden
) -> None:
    golden(fixture_list, fixtures / "uk" / "uk_sanctions_list_fixture.golden.json")


def test_designations_become_entities_of_their_type(fixture_list: ParsedList) -> None:
    assert fixture_list.problems == []
    assert fixture_list.published == "2026-01-15"
    assert [(e.id, e.schema) for e in fixture_list.entities] == [
        ("uk_fcdo-rus9001", Schema.PERSON),
        ("uk_fcdo-aqd9002", Schema.PERSON),
        ("uk_fcdo-rus9003", Schema.ORGANIZATION),
        ("uk_fcdo-rus9004", Schema.VESSEL),
    ]


def test_names_kinds_and_non_latin_names(fixture_list: ParsedList) -> None:
    petrov = {n.full: n for n in by_id(fixture_list, "RUS9001").names}
    assert petrov["Ivan Testovich PETROV-FICTIVE"].kind is NameKind.PRIMARY
    assert petrov["Ivan Testovich PETROV-FICTIVE"].patronymic == "Testovich"
    assert petrov["Ivan PETROFF-FICTIVE"].kind is NameKind.ALIAS
    assert petrov["Vanya TESTER"].kind is NameKind.WEAK_ALIAS
    cyrillic = petrov["Иван Тестович ПЕТРОВ-ФИКТИВ"]
    assert (cyrillic.script, cyrillic.lang) == ("Cyrl", "ru")
    khalid = {n.full: n for n in by_id(fixture_list, "AQD9002").names}
    assert khalid["خالد ظريف المثالي"].script == "Arab"


def test_individual_details(fixture_list: ParsedList) -> None:
    petrov = by_id(fixture_list, "RUS9001")
    assert [d.value for d in petrov.birth_dates] == ["1962-01-12", "1963"]
    assert petrov.birth_places == ("Sampleburg, Russia",)
    assert (petrov.nationalities, petrov.gender, petrov.titles) == (("ru",), "male", ("Colonel",))
    ids = [(i.type, i.value, i.country) for i in petrov.identifiers]
    assert (IdentifierType.PASSPORT, "000000001", "ru") in ids
    assert (IdentifierType.TAX, "000000000001", None) in ids  # "Taxpayer identification number (INN)"
    assert petrov.listed_on == "2022-03-15"
    assert petrov.programs == ("The Russia (Sanctions) (EU Exit) Regulations 2019",)


def test_ship_details(fixture_list: ParsedList) -> None:
    ship = by_id(fixture_list, "RUS9004")
    assert [(i.type, i.value) for i in ship.identifiers] == [(IdentifierType.IMO, "IMO9000001")]
    assert ("flag", "ru") in ship.properties and ("pastFlags", "pa") in ship.properties
    assert "Current owner/operator: Northwind Fictional Shipping Co" in (ship.remarks or "")


def test_bad_records_are_all_reported_and_good_ones_kept(fixtures: Path) -> None:
    parsed = parse(fixtures / "uk" / "uk_sanctions_list_bad_records.xml")
    assert [e.source_id for e in parsed.entities] == ["TST9003", "TST9004"]
    found = {(p.location.line, p.location.record, p.location.field) for p in parsed.problems}
    assert found == {
        (5, "92001", "UniqueID"),
        (12, "TST9002", "Name"),
        (10, "TST9002", "Names"),
        (16, "TST9003", "DateDesignated"),
        (21, "TST9003", "DOB"),
        (22, "TST9003", "Gender"),
        (15, "TST9003", "IndividualEntityShip"),
    }


def test_truncated_xml_names_file_and_line(fixtures: Path) -> None:
    with pytest.raises(ParseError) as caught:
        parse(fixtures / "uk" / "uk_sanctions_list_truncated.xml")
    assert "uk_sanctions_list_truncated.xml" in caught.value.message
    assert caught.value.problems[0].location.line == 138


def test_doctype_and_entity_bomb_are_refused(fixtures: Path) -> None:
    with pytest.raises(UnsafeInputError, match=r"uk_sanctions_list_entity_bomb\.xml"):
        parse(fixtures / "uk" / "uk_sanctions_list_entity_bomb.xml")


def test_xml_of_another_format_is_refused_by_name(fixtures: Path) -> None:
    with pytest.raises(ParseError, match=r"not a UK Sanctions List XML.*<export>"):
        parse(fixtures / "eu" / "eu_fsf_fixture.xml")


@pytest.mark.shared_data
def test_real_fcdo_excerpt(shared_lists: Path) -> None:
    parsed = parse(shared_lists / "uk" / "sample_uk_sanctions.xml")
    assert parsed.problems == []
    assert [e.source_id for e in parsed.entities] == ["AFG0001", "AFG0006", "BEL0107", "DPR0075", "AQD0195"]
    schemas = {e.source_id: e.schema for e in parsed.entities}
    assert schemas["DPR0075"] is Schema.VESSEL and schemas["AFG0006"] is Schema.PERSON
    assert parsed.published == "2026-09-10"
    bnk = {n.full: n.kind for n in by_id(parsed, "BEL0107").names}
    assert bnk == {
        "BNK (UK) Ltd": NameKind.PRIMARY,
        "BNK UK Limited": NameKind.ALIAS,
        "BNK": NameKind.WEAK_ALIAS,
    }
    assert "Arab" in {n.script for n in by_id(parsed, "AFG0006").names}
