"""OFAC legacy CSV set: fictional fixtures (golden), bad records, whole-file errors, real snapshots."""

from __future__ import annotations

import collections
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from sanctionwatch.errors import ParseError
from sanctionwatch.model import Entity, IdentifierType, NameKind, Schema
from sanctionwatch.sources import ofac_csv, ofac_xml
from sanctionwatch.sources.base import FileSet, ParsedList

if TYPE_CHECKING:
    from tests.conftest import Golden

EXAMPLES = Path(ofac_csv.__file__).resolve().parent.parent / "examples" / "lists"


def csv_set(folder: Path, source: str = "ofac_sdn", prefix: str = "", **names: str) -> FileSet:
    """The FileSet of an OFAC CSV folder; ``names`` overrides file names by role (None-like "" drops)."""
    files = {"sdn": "sdn.csv", "add": "add.csv", "alt": "alt.csv", "comments": "sdn_comments.csv"}
    files.update(names)
    paths = {role: folder / name for role, name in files.items() if name and (folder / name).exists()}
    return FileSet(source=source, format="ofac_csv", paths=paths)


def by_id(parsed: ParsedList) -> dict[str, Entity]:
    return {e.source_id: e for e in parsed.entities}


@pytest.fixture(scope="module")
def fixture_set(fixtures: Path) -> ParsedList:
    return ofac_csv.parse(csv_set(fixtures / "ofac" / "csv"))


def test_fixture_set_matches_reviewed_golden_file(
    fixture_set: ParsedList, fixtures: Path, golden: Golden
) -> None:
    golden(fixture_set, fixtures / "ofac" / "csv.golden.json")


def test_remark_cut_at_1000_characters_is_rejoined_from_comments(fixture_set: ParsedList) -> None:
    org = by_id(fixture_set)["90002"]
    assert org.remarks is not None and len(org.remarks) > 1000
    # The cut fell inside "alt. Website"; facts on both sides of it are read.
    assert "alt. Website www.zarkovia-branch23.example" in org.remarks
    values = {(i.type, i.value) for i in org.identifiers}
    assert (IdentifierType.WEBSITE, "www.zarkovia-branch23.example") in values
    assert (IdentifierType.INN, "7700000001") in values
    assert (IdentifierType.OGRN, "1027700000001") in values
    assert ("incorporationDate", "2002-04-03") in org.properties


def test_fixture_entities_read_every_column(fixture_set: ParsedList) -> None:
    entities = by_id(fixture_set)
    person = entities["90001"]
    assert person.schema is Schema.PERSON
    primary = person.names[0]
    assert (primary.full, primary.family, primary.given, primary.patronymic) == (
        "PETROV-FICTIVE, Ivan Testovich",
        "PETROV-FICTIVE",
        "Ivan",
        "Testovich",
    )
    assert [n.full for n in person.names if n.kind is NameKind.WEAK_ALIAS] == ["VANYA"]
    assert person.positions == ("Director General of ZARKOVIA TEKNOLODZHIZ",)
    vessel = entities["90003"]
    assert vessel.schema is Schema.VESSEL
    assert ("flag", "ru") in vessel.properties and "ru" in vessel.countries
    assert ("ownerName", "ZARKOVIA SHIPPING LLC") in vessel.properties
    assert [n.full for n in vessel.names if n.kind is NameKind.PREVIOUS] == ["NORTHERN FICTION"]
    assert entities["90004"].schema is Schema.AIRCRAFT
    # cp1252 byte 0xE8 in add.csv
    assert any("Genève" in (a.full or "") for a in entities["90002"].addresses)


def test_csv_and_xml_of_one_publication_give_the_same_entities(
    fixture_set: ParsedList, fixtures: Path
) -> None:
    xml = ofac_xml.parse(FileSet("ofac_sdn", "ofac_xml", {"main": fixtures / "ofac" / "sdn.xml"}))
    assert [e.id for e in xml.entities] == [e.id for e in fixture_set.entities]
    for from_csv, from_xml in zip(fixture_set.entities, xml.entities, strict=True):
        assert comparable(from_csv) == comparable(from_xml), from_csv.id


def comparable(entity: Entity) -> dict[str, object]:
    """What both formats carry: everything but the remarks and the address parts."""
    data = entity.to_dict()
    data.pop("remarks", None)
    data["addresses"] = [a["full"] for a in data.get("addresses", [])]
    return data


def test_bad_records_are_all_reported_with_their_lines(fixtures: Path) -> None:
    parsed = ofac_csv.parse(csv_set(fixtures / "ofac" / "bad"))
    found = sorted(
        (Path(p.location.file).name, p.location.line or 0, p.location.record or "", p.location.field or "")
        for p in parsed.problems
    )
    assert found == [
        ("add.csv", 2, "99998", "ent_num"),  # address of an unknown ent_num
        ("add.csv", 3, "", ""),  # 4 columns instead of 6
        ("alt.csv", 2, "99999", "ent_num"),  # alias of an unknown ent_num
        ("alt.csv", 3, "91002", "alt_type"),  # alt_type "xyz"
        ("sdn.csv", 4, "", ""),  # 11 columns (line 2-3 is one record with a line break)
        ("sdn.csv", 5, "", "ent_num"),  # "ABC"
        ("sdn.csv", 6, "91001", ""),  # duplicate ent_num
        ("sdn.csv", 7, "91004", "SDN_Type"),  # "corporation"
        ("sdn.csv", 8, "91005", "SDN_Name"),  # no name
    ]
    # A date kept only as the list's text is a warning: the record is whole.
    assert [(p.location.line, p.location.record, p.location.field) for p in parsed.warnings] == [
        (1, "91001", "Remarks (DOB)")  # "sometime in spring"
    ]
    entities = by_id(parsed)
    assert sorted(entities) == ["91001", "91002", "91004"]  # the good records are kept
    alpha = entities["91001"]
    assert [d.text for d in alpha.birth_dates] == ["sometime in spring"]  # kept as text
    assert alpha.birth_dates[0].value is None
    assert [n.full for n in alpha.names] == ["GOOD, Person Alpha", "GOOD, P. Alpha"]
    assert ("linkedTo", "GOOD, Person Alpha") in entities["91002"].properties
    assert entities["91004"].schema is Schema.ORGANIZATION


def test_every_problem_names_its_file(fixtures: Path) -> None:
    parsed = ofac_csv.parse(csv_set(fixtures / "ofac" / "bad"))
    assert all(str(p).startswith(str(fixtures / "ofac" / "bad")) for p in parsed.problems)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (b"\x1a", "empty"),
        (b"a,b,c\r\nd,e,f\r\n", "no record has its 12 columns"),
        (b"<html><body>Service unavailable</body></html>", "no record has its 12 columns"),
    ],
)
def test_a_file_that_is_not_sdn_csv_is_refused_naming_it(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    (tmp_path / "sdn.csv").write_bytes(content)
    with pytest.raises(ParseError) as caught:
        ofac_csv.parse(csv_set(tmp_path))
    assert expected in caught.value.message
    assert str(tmp_path / "sdn.csv") in caught.value.message
    assert "\n" not in caught.value.message


def test_an_alt_file_of_the_wrong_format_is_refused(tmp_path: Path, fixtures: Path) -> None:
    source = fixtures / "ofac" / "csv"
    (tmp_path / "sdn.csv").write_bytes((source / "sdn.csv").read_bytes())
    (tmp_path / "alt.csv").write_bytes((source / "add.csv").read_bytes())  # 6 columns, alt has 5
    with pytest.raises(ParseError, match=r"alt\.csv"):
        ofac_csv.parse(csv_set(tmp_path))


def test_utf8_input_is_read_as_utf8(tmp_path: Path) -> None:
    row = '1,"ZAŁOGA FICTIVE SP. Z O.O.",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
    (tmp_path / "sdn.csv").write_bytes(row.encode("utf-8"))
    parsed = ofac_csv.parse(csv_set(tmp_path))
    assert parsed.entities[0].primary_name == "ZAŁOGA FICTIVE SP. Z O.O."


def test_bundled_example_lists_parse_without_problems() -> None:
    sdn = ofac_csv.parse(csv_set(EXAMPLES / "ofac_sdn"))
    assert sdn.problems == []
    assert len(sdn.entities) >= 15
    assert {e.schema for e in sdn.entities} >= {Schema.PERSON, Schema.ORGANIZATION, Schema.VESSEL}
    # 95013's remark is cut right after "alt. ": the space before the overflow must survive.
    bank = by_id(sdn)["95013"]
    assert bank.remarks is not None and bank.remarks.endswith("; alt. BIK (RU) 044525039.")
    assert "044525039" in {i.value for i in bank.identifiers}
    cons = ofac_xml.parse(
        FileSet("ofac_cons", "ofac_xml", {"main": EXAMPLES / "ofac_cons" / "consolidated.xml"})
    )
    assert cons.problems == []
    assert len(cons.entities) == cons.stated_count


# --- the real snapshots (SANCTIONWATCH_SHARED_LISTS) ---


@pytest.fixture(scope="module")
def sdn_2023(shared_lists: Path) -> ParsedList:
    return ofac_csv.parse(csv_set(shared_lists / "ofac_sdn" / "2023-12-28"))


@pytest.mark.shared_data
def test_real_sdn_2023_set_reads_every_entry_without_problems(sdn_2023: ParsedList) -> None:
    assert sdn_2023.problems == []
    schemas = collections.Counter(e.schema for e in sdn_2023.entities)
    assert len(sdn_2023.entities) == 13_821
    assert schemas[Schema.PERSON] == 6_646
    assert schemas[Schema.VESSEL] == 764
    assert schemas[Schema.AIRCRAFT] == 378
    assert schemas[Schema.ORGANIZATION] == 13_821 - 6_646 - 764 - 378


@pytest.mark.shared_data
def test_real_positive_technologies_entry(sdn_2023: ParsedList) -> None:
    entity = by_id(sdn_2023)["31455"]
    assert entity.id == "ofac_sdn-31455"
    assert entity.primary_name == "AKTSIONERNOE OBSHCHESTVO POZITIV TEKNOLODZHIZ"
    assert "JSC POSITIVE TECHNOLOGIES" in {n.full for n in entity.names if n.kind is NameKind.ALIAS}
    assert {"RUSSIA-EO14024", "CYBER2"} <= set(entity.programs)
    ids = {(i.type, i.value, i.country) for i in entity.identifiers}
    assert (IdentifierType.INN, "7718668887", "ru") in ids
    assert (IdentifierType.WEBSITE, "www.ptsecurity.ru", None) in ids


@pytest.mark.shared_data
def test_real_truncated_remarks_are_rejoined(sdn_2023: ParsedList, shared_lists: Path) -> None:
    overflow_ids = [
        line.split(",", 1)[0]
        for line in (shared_lists / "ofac_sdn" / "2023-12-28" / "sdn_comments.csv")
        .read_text("latin-1")
        .splitlines()
        if line[:1].isdigit()
    ]
    assert len(overflow_ids) == 16
    entities = by_id(sdn_2023)
    for ent_num in overflow_ids:
        assert len(entities[ent_num].remarks or "") > 1000, ent_num
    # 27307 (LAZARUS GROUP) was cut inside the quoted a.k.a. 'WHOIS HACKING TEAM'.
    lazarus = entities["27307"]
    assert "WHOIS HACKING TEAM" in {n.full for n in lazarus.names}
    # 45430's overflow is missing from this comments file: its cut remark is read as it is.
    assert len(entities["45430"].remarks or "") == 1000


@pytest.mark.shared_data
def test_real_sdn_2024_without_add_and_alt(shared_lists: Path) -> None:
    parsed = ofac_csv.parse(csv_set(shared_lists / "ofac_sdn" / "2024-05-03", add="", alt="", comments=""))
    assert parsed.problems == []
    assert len(parsed.entities) == 14_965


@pytest.mark.shared_data
def test_real_consolidated_csv_has_the_uids_of_the_xml(shared_lists: Path) -> None:
    folder = shared_lists / "ofac_cons"
    fileset = csv_set(
        folder,
        "ofac_cons",
        sdn="cons_prim.csv",
        add="cons_add.csv",
        alt="cons_alt.csv",
        comments="cons_comments.csv",
    )
    from_csv = ofac_csv.parse(fileset)
    from_xml = ofac_xml.parse(FileSet("ofac_cons", "ofac_xml", {"main": folder / "consolidated.xml"}))
    assert from_csv.problems == []
    assert len(from_csv.entities) == 442
    assert {e.id for e in from_csv.entities} == {e.id for e in from_xml.entities}
    # The two files are two weeks apart; all but a handful of entries agree on every shared fact.
    xml_by_id = by_id(from_xml)
    differing = [e.id for e in from_csv.entities if comparable(e) != comparable(xml_by_id[e.source_id])]
    assert len(differing) <= 5, differing
