"""UN consolidated list XML: fictional fixtures (golden), bad records, unsafe/broken files, real snapshot."""

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

EXAMPLE = Path(__file__).resolve().parents[2] / "src" / "sanctionwatch" / "examples" / "lists" / "un_sc"


def parse(path: Path) -> ParsedList:
    return parse_fileset(FileSet("un_sc", "un_xml", {"main": path}))


@pytest.fixture(scope="module")
def fixture_list(fixtures: Path) -> ParsedList:
    return parse(fixtures / "un" / "consolidated_fixture.xml")


def by_ref(parsed: ParsedList, ref: str) -> Entity:
    return next(e for e in parsed.entities if e.source_id == ref)


def test_fixture_matches_reviewed_golden_file(
    fixture_list: ParsedList, fixtures: Path, golden: Golden
) -> None:
    golden(fixture_list, fixtures / "un" / "consolidated_fixture.golden.json")


def test_fixture_reads_every_record_with_its_schema_and_publication_date(fixture_list: ParsedList) -> None:
    assert fixture_list.problems == []
    assert fixture_list.published == "2026-01-15T00:00:05.123Z"
    schemas = {e.source_id: e.schema for e in fixture_list.entities}
    assert schemas == {
        "ZVi.001": Schema.PERSON,
        "QDi.901": Schema.PERSON,
        "CDi.901": Schema.PERSON,
        "ZVe.001": Schema.ORGANIZATION,
        "KPe.901": Schema.ORGANIZATION,
    }
    assert by_ref(fixture_list, "ZVi.001").id == "un_sc-zvi.001"


def test_original_script_names_keep_their_script(fixture_list: ParsedList) -> None:
    scripts = {n.full: n.script for e in fixture_list.entities for n in e.names}
    assert scripts["Иван Тестович ПЕТРОВ-ФИКТИВ"] == "Cyrl"
    assert scripts["خالد ظريف المثالي"] == "Arab"
    assert scripts["ООО «Заркович Трейдинг»"] == "Cyrl"


def test_alias_quality_decides_the_name_kind_and_empty_aliases_are_skipped(fixture_list: ParsedList) -> None:
    petrov = by_ref(fixture_list, "ZVi.001")
    kinds = {n.full: n.kind for n in petrov.names}
    assert kinds["IVAN TESTOVICH PETROV-FICTIVE"] is NameKind.PRIMARY
    assert kinds["Ivan PETROFF-FICTIVE"] is NameKind.ALIAS
    assert kinds["The Tester"] is NameKind.WEAK_ALIAS
    assert len(petrov.names) == 4  # primary, original script, two aliases; the empty alias is gone
    zarkovia = {n.full: n.kind for n in by_ref(fixture_list, "ZVe.001").names}
    assert zarkovia["Zarkovia Export Bureau"] is NameKind.PREVIOUS
    assert [n.full for n in by_ref(fixture_list, "KPe.901").names] == ["NORTHWIND FICTIONAL SHIPPING CO"]


def test_birth_dates_exact_year_range_and_approximate(fixture_list: ParsedList) -> None:
    petrov = by_ref(fixture_list, "ZVi.001")
    assert [(d.value, d.until, d.circa) for d in petrov.birth_dates] == [
        ("1962-01-12", None, False),
        ("1963", None, False),
    ]
    khalid = by_ref(fixture_list, "QDi.901")
    ranges = [d for d in khalid.birth_dates if d.until]
    assert [(d.value, d.until) for d in ranges] == [("1973", "1975")]
    amina = by_ref(fixture_list, "CDi.901")
    assert [(d.value, d.circa) for d in amina.birth_dates] == [("1970", True), ("1971-11", False)]


def test_documents_addresses_and_listing_date(fixture_list: ParsedList) -> None:
    petrov = by_ref(fixture_list, "ZVi.001")
    passport = next(i for i in petrov.identifiers if i.type is IdentifierType.PASSPORT)
    assert (passport.value, passport.country) == ("FX 0000001", "ru")
    assert any(i.type is IdentifierType.NATIONAL_ID for i in petrov.identifiers)
    assert petrov.addresses[0].country == "ru"
    assert petrov.addresses[0].city == "Sampleburg"
    assert petrov.nationalities == ("ru", "Zarkovian Republic")  # unresolvable text is kept
    assert petrov.gender == "male"
    assert by_ref(fixture_list, "QDi.901").listed_on == "2015-07-01"  # xs:date with a time zone


def test_bad_records_are_all_reported_and_good_ones_kept(fixtures: Path) -> None:
    parsed = parse(fixtures / "un" / "bad_records.xml")
    assert [e.source_id for e in parsed.entities] == ["ZVi.903", "ZVi.904"]
    found = {(p.location.line, p.location.record, p.location.field) for p in parsed.problems}
    assert found == {
        (5, "9100001", "REFERENCE_NUMBER"),
        (10, "ZVi.902", "FIRST_NAME"),
        (20, "ZVi.903", "LISTED_ON"),
        (21, "ZVi.903", "GENDER"),
        (22, "ZVi.903", "INDIVIDUAL_DATE_OF_BIRTH"),
        (26, "ZVi.903", "INDIVIDUAL_DATE_OF_BIRTH"),
        (30, "ZVi.903", "TYPE_OF_DATE"),
        (42, "ZVi.904", None),
    }
    assert all(p.location.file.endswith("bad_records.xml") for p in parsed.problems)
    bad = by_ref(parsed, "ZVi.903")
    assert "1962-13-45" in [d.text for d in bad.birth_dates]  # the text is kept even when unreadable


def test_truncated_xml_names_file_and_line(fixtures: Path) -> None:
    with pytest.raises(ParseError) as caught:
        parse(fixtures / "un" / "truncated.xml")
    assert "truncated.xml" in caught.value.message
    assert caught.value.problems[0].location.line == 63


def test_doctype_and_entity_bomb_are_refused(fixtures: Path) -> None:
    with pytest.raises(UnsafeInputError, match=r"entity_bomb\.xml"):
        parse(fixtures / "un" / "entity_bomb.xml")


def test_xml_of_another_format_is_refused_by_name(fixtures: Path) -> None:
    with pytest.raises(ParseError, match=r"not_un\.xml: not a UN consolidated list.*<sdnList>"):
        parse(fixtures / "un" / "not_un.xml")


def test_bundled_example_parses_without_problems() -> None:
    parsed = parse(EXAMPLE / "consolidated.xml")
    assert parsed.problems == []
    assert len(parsed.entities) == 6
    scripts = {n.script for e in parsed.entities for n in e.names}
    assert {"Arab", "Cyrl"} <= scripts


@pytest.mark.shared_data
def test_real_un_list(shared_lists: Path) -> None:
    parsed = parse(shared_lists / "un_sc" / "consolidated.xml")
    assert parsed.problems == []
    schemas = [e.schema for e in parsed.entities]
    assert (schemas.count(Schema.PERSON), schemas.count(Schema.ORGANIZATION)) == (730, 273)
    assert parsed.published == "2026-02-27T00:00:09.554Z"
    # 378 records carry NAME_ORIGINAL_SCRIPT; one of them (QDe.164) is written in Latin letters.
    non_latin_primary = [
        e
        for e in parsed.entities
        if any(n.kind is NameKind.PRIMARY and n.script not in (None, "Latn") for n in e.names)
    ]
    assert len(non_latin_primary) == 377
    jad = by_ref(parsed, "QDe.164")
    assert "JAMAAH ANSHARUT DAULAH" in [n.full for n in jad.names if n.kind is NameKind.PRIMARY]
    assert len({e.id for e in parsed.entities}) == 1003
