"""EU FSF export XML: fictional fixtures (golden), bad records, unsafe/broken files, real sample."""

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

EXAMPLE = Path(__file__).resolve().parents[2] / "src" / "sanctionwatch" / "examples" / "lists" / "eu_fsf"


def parse(path: Path) -> ParsedList:
    return parse_fileset(FileSet("eu_fsf", "eu_fsf_xml", {"main": path}))


@pytest.fixture(scope="module")
def fixture_list(fixtures: Path) -> ParsedList:
    return parse(fixtures / "eu" / "eu_fsf_fixture.xml")


def by_id(parsed: ParsedList, logical_id: str) -> Entity:
    return next(e for e in parsed.entities if e.source_id == logical_id)


def test_fixture_matches_reviewed_golden_file(
    fixture_list: ParsedList, fixtures: Path, golden: Golden
) -> None:
    golden(fixture_list, fixtures / "eu" / "eu_fsf_fixture.golden.json")


def test_fixture_entities_schemas_and_publication(fixture_list: ParsedList) -> None:
    assert fixture_list.problems == []
    assert fixture_list.published == "2026-02-01T10:00:00.000+01:00"
    assert [(e.id, e.schema) for e in fixture_list.entities] == [
        ("eu_fsf-900101", Schema.PERSON),
        ("eu_fsf-900102", Schema.PERSON),
        ("eu_fsf-900103", Schema.ORGANIZATION),
    ]


def test_names_keep_language_script_parts_and_strength(fixture_list: ParsedList) -> None:
    petrov = by_id(fixture_list, "900101")
    assert petrov.primary_name == "Ivan Testovich PETROV-FICTIVE"
    names = {n.full: n for n in petrov.names}
    cyrillic = names["Иван Тестович ПЕТРОВ-ФИКТИВ"]
    assert (cyrillic.lang, cyrillic.script, cyrillic.given, cyrillic.family) == (
        "ru",
        "Cyrl",
        "Иван",
        "ПЕТРОВ-ФИКТИВ",
    )
    assert cyrillic.patronymic == "Тестович"
    assert names["Ivan Testovich PETROV-FICTIVE"].patronymic == "Testovich"
    assert (names["Ιβάν Τέστοβιτς ΠΕΤΡΟΦ-ΦΙΚΤΙΒ"].lang, names["Ιβάν Τέστοβιτς ΠΕΤΡΟΦ-ΦΙΚΤΙΒ"].script) == (
        "el",
        "Grek",
    )
    assert names["Vanya the Tester"].kind is NameKind.WEAK_ALIAS  # strong="false"
    khalid = {n.full: n for n in by_id(fixture_list, "900102").names}
    assert khalid["Abu Mithal"].kind is NameKind.WEAK_ALIAS  # remark "low quality alias"
    assert khalid["خالد ظريف المثالي"].script == "Arab"
    assert khalid["Khalid Zarif AL-MITHALI"].title == "Sheikh"


def test_birth_dates_circa_and_year_range(fixture_list: ParsedList) -> None:
    khalid = by_id(fixture_list, "900102")
    assert [(d.value, d.until, d.circa) for d in khalid.birth_dates] == [
        ("1973", "1975", True),
        ("1974", None, True),
    ]
    assert by_id(fixture_list, "900101").birth_dates[0].value == "1962-01-12"
    assert by_id(fixture_list, "900101").birth_places == ("Sampleburg, Test Oblast, RUSSIAN FEDERATION",)


def test_identifiers_contacts_programmes_and_listing(fixture_list: ParsedList) -> None:
    petrov = by_id(fixture_list, "900101")
    assert [(i.type, i.value, i.country) for i in petrov.identifiers] == [
        (IdentifierType.TAX, "000000000001", "ru")
    ]
    assert petrov.citizenships == ("ru",)
    assert petrov.gender == "male"
    assert petrov.positions == ("Member of the Fictional Duma",)
    zarkovia = by_id(fixture_list, "900103")
    types = sorted(i.type.value for i in zarkovia.identifiers)
    assert types == ["email", "phone", "phone", "registration", "website"]
    assert zarkovia.programs == ("RUS", "BLR")
    assert zarkovia.listed_on == "2023-06-23"
    assert zarkovia.addresses[0].country == "ru"
    assert "UN reference number: QDi.901" in (by_id(fixture_list, "900102").remarks or "")


def test_bad_records_are_all_reported_and_good_ones_kept(fixtures: Path) -> None:
    parsed = parse(fixtures / "eu" / "bad_records.xml")
    assert [e.source_id for e in parsed.entities] == ["910103", "910104"]
    found = {(p.location.line, p.location.record, p.location.field) for p in parsed.problems}
    assert found == {
        (4, "EU.9101.1", "logicalId"),
        (10, "910102", "nameAlias"),
        (8, "910102", "nameAlias"),
        (13, "910103", "subjectType"),
        (15, "910103", "birthdate"),
        (16, "910103", "identification/number"),
        (12, "910103", "designationDate"),
        (22, "910104", "logicalId"),
    }
    assert by_id(parsed, "910103").schema is Schema.LEGAL_ENTITY


def test_truncated_xml_names_file_and_line(fixtures: Path) -> None:
    with pytest.raises(ParseError) as caught:
        parse(fixtures / "eu" / "truncated.xml")
    assert "truncated.xml" in caught.value.message
    assert caught.value.problems[0].location.line == 35


def test_doctype_with_external_entity_is_refused(fixtures: Path) -> None:
    with pytest.raises(UnsafeInputError, match=r"entity_bomb\.xml"):
        parse(fixtures / "eu" / "entity_bomb.xml")


def test_xml_of_another_format_is_refused_by_name(fixtures: Path) -> None:
    with pytest.raises(ParseError, match=r"not an EU Financial Sanctions File.*<CONSOLIDATED_LIST>"):
        parse(fixtures / "un" / "consolidated_fixture.xml")


def test_bundled_example_parses_without_problems() -> None:
    parsed = parse(EXAMPLE / "eu_fsf_export.xml")
    assert parsed.problems == []
    assert len(parsed.entities) == 5
    scripts = {n.script for e in parsed.entities for n in e.names}
    assert {"Cyrl", "Grek"} <= scripts


@pytest.mark.shared_data
def test_real_eu_sample(shared_lists: Path) -> None:
    parsed = parse(shared_lists / "eu_fsf" / "sample_eu_fsf.xml")
    assert parsed.problems == []
    assert len(parsed.entities) == 5
    assert sum(len(e.names) for e in parsed.entities) == 45
    assert parsed.published == "2026-08-05T16:47:04.449+02:00"
    parchin = next(e for e in parsed.entities if "Parchin Chemical Industries (PCI)" in e.primary_name)
    assert parchin.schema is Schema.ORGANIZATION
    assert {n.lang for n in parchin.names} == {"ga", "hu", "es", "de", "fa", "en"}
    asiri = next(e for e in parsed.entities if "Asiri" in e.primary_name)
    assert [n.full for n in asiri.names if n.script == "Arab"] == [
        "إبراهيم حسن طالع عسيري",
        "إبراهيم حسن طالع العسيري",
    ]
    assert asiri.citizenships == ("sa",)
