"""OFAC sdnList XML: fictional fixture (golden), bad entries, unsafe and foreign files, the real file."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from sanctionwatch.errors import ParseError, UnsafeInputError
from sanctionwatch.model import IdentifierType, NameKind, Schema
from sanctionwatch.sources import ofac_xml
from sanctionwatch.sources.base import FileSet

if TYPE_CHECKING:
    from tests.conftest import Golden

NS = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML"


def xml_set(path: Path, source: str = "ofac_sdn") -> FileSet:
    return FileSet(source=source, format="ofac_xml", paths={"main": path})


def write(tmp_path: Path, body: str, *, namespace: str | None = NS, head: str = "") -> Path:
    xmlns = f' xmlns="{namespace}"' if namespace else ""
    path = tmp_path / "sdn.xml"
    path.write_text(f'<?xml version="1.0"?>\n{head}<sdnList{xmlns}>\n{body}</sdnList>\n', encoding="utf-8")
    return path


HEADER = (
    "<publshInformation><Publish_Date>03/15/2024</Publish_Date>"
    "<Record_Count>{n}</Record_Count></publshInformation>\n"
)


def test_fixture_matches_reviewed_golden_file(fixtures: Path, golden: Golden) -> None:
    parsed = ofac_xml.parse(xml_set(fixtures / "ofac" / "sdn.xml"))
    golden(parsed, fixtures / "ofac" / "xml.golden.json")


def test_fixture_header_and_structured_lists(fixtures: Path) -> None:
    parsed = ofac_xml.parse(xml_set(fixtures / "ofac" / "sdn.xml"))
    assert (parsed.published, parsed.stated_count, parsed.problems) == ("2023-12-28", 6, [])
    entities = {e.source_id: e for e in parsed.entities}
    person = entities["90001"]
    assert (
        person.names[0].full == "PETROV-FICTIVE, Ivan Testovich"
    )  # lastName, firstName as the CSV writes it
    assert [n.full for n in person.names if n.kind is NameKind.WEAK_ALIAS] == ["VANYA"]  # category weak
    assert person.gender == "male"  # idType Gender is no identifier
    assert [d.value for d in person.birth_dates] == ["1962-01-12", "1963"]
    assert ("linkedTo", "AKTSIONERNOE OBSHCHESTVO ZARKOVIA TEKNOLODZHIZ") in person.properties  # from remarks
    org = entities["90002"]
    assert ("incorporationDate", "2002-04-03") in org.properties
    assert {(i.type, i.value) for i in org.identifiers} >= {
        (IdentifierType.INN, "7700000001"),
        (IdentifierType.OGRN, "1027700000001"),
    }
    assert entities["90003"].schema is Schema.VESSEL
    assert ("grossRegisteredTonnage", "23,500") in entities["90003"].properties
    crypto = [i for i in entities["90005"].identifiers if i.type is IdentifierType.CRYPTO_WALLET]
    assert {(i.currency, i.value) for i in crypto} == {
        ("XBT", "1FictitiousAddrZarkovia000000001"),
        ("ETH", "0x00000000000000000000000000000000fict0001"),
    }


@pytest.mark.parametrize("namespace", [NS, None, "urn:some-future-ofac-namespace"])
def test_elements_are_matched_on_local_names(tmp_path: Path, namespace: str | None) -> None:
    body = HEADER.format(n=1) + (
        "<sdnEntry><uid>7</uid><firstName>Anna</firstName><lastName>TESTOVA</lastName>"
        "<sdnType>Individual</sdnType><programList><program>SDGT</program></programList></sdnEntry>\n"
    )
    parsed = ofac_xml.parse(xml_set(write(tmp_path, body, namespace=namespace)))
    assert [(e.id, e.primary_name, e.programs) for e in parsed.entities] == [
        ("ofac_sdn-7", "TESTOVA, Anna", ("SDGT",))
    ]


def test_bad_entries_are_all_reported_and_good_ones_kept(tmp_path: Path) -> None:
    body = HEADER.format(n=6) + (
        "<sdnEntry><uid>1</uid><lastName>GOOD ONE</lastName><sdnType>Entity</sdnType></sdnEntry>\n"
        "<sdnEntry><uid>X9</uid><lastName>BAD UID</lastName><sdnType>Entity</sdnType></sdnEntry>\n"
        "<sdnEntry><uid>3</uid><sdnType>Entity</sdnType></sdnEntry>\n"
        "<sdnEntry><uid>4</uid><lastName>ODD TYPE</lastName><sdnType>Spaceship</sdnType></sdnEntry>\n"
        "<sdnEntry><uid>5</uid><lastName>DOB</lastName><firstName>Odd</firstName><sdnType>Individual</sdnType>"
        "<dateOfBirthList><dateOfBirthItem><uid>50</uid><dateOfBirth>in the spring</dateOfBirth>"
        "</dateOfBirthItem></dateOfBirthList></sdnEntry>\n"
        "<sdnEntry><uid>1</uid><lastName>DUPLICATE</lastName><sdnType>Entity</sdnType></sdnEntry>\n"
    )
    path = write(tmp_path, body)
    parsed = ofac_xml.parse(xml_set(path))
    found = [(p.location.line, p.location.record, p.location.field) for p in parsed.problems]
    assert found == [
        (5, "X9", "uid"),
        (6, "3", "lastName"),
        (7, "4", "sdnType"),
        (9, "1", "uid"),
    ]
    # A date kept only as the list's text is a warning, not a bad record.
    assert [(p.location.line, p.location.record, p.location.field) for p in parsed.warnings] == [
        (8, "5", "dateOfBirth")
    ]
    assert all(p.location.file == str(path) for p in parsed.problems)
    assert [e.source_id for e in parsed.entities] == ["1", "4", "5"]
    assert parsed.entities[2].birth_dates[0].text == "in the spring"  # kept as text


def test_record_count_that_disagrees_is_a_problem(tmp_path: Path) -> None:
    body = (
        HEADER.format(n=2)
        + "<sdnEntry><uid>1</uid><lastName>ONLY ONE</lastName><sdnType>Entity</sdnType></sdnEntry>\n"
    )
    parsed = ofac_xml.parse(xml_set(write(tmp_path, body)))
    assert len(parsed.entities) == 1
    assert [p.location.field for p in parsed.problems] == ["Record_Count"]
    assert "states 2 entries but holds 1" in parsed.problems[0].message


def test_entity_bomb_is_refused(tmp_path: Path) -> None:
    head = '<!DOCTYPE sdnList [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
    body = "<sdnEntry><uid>1</uid><lastName>&b;</lastName><sdnType>Entity</sdnType></sdnEntry>\n"
    with pytest.raises(UnsafeInputError):
        ofac_xml.parse(xml_set(write(tmp_path, body, head=head)))


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "not well-formed"),
        (
            '<?xml version="1.0"?><CONSOLIDATED_LIST><INDIVIDUALS/></CONSOLIDATED_LIST>',
            "not OFAC sdnList XML",
        ),
        ("sdn.csv is not XML,at all", "not well-formed"),
        (
            f'<?xml version="1.0"?><sdnList xmlns="{NS}"><sdnEntry><uid>1</uid><lastName>CUT',
            "not well-formed",
        ),
    ],
)
def test_a_file_that_is_not_sdnlist_xml_is_refused_naming_it(
    tmp_path: Path, content: str, expected: str
) -> None:
    path = tmp_path / "sdn.xml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ParseError) as caught:
        ofac_xml.parse(xml_set(path))
    assert expected in caught.value.message
    assert str(path) in caught.value.message


@pytest.mark.shared_data
def test_real_consolidated_xml(shared_lists: Path) -> None:
    folder = shared_lists / "ofac_cons"
    parsed = ofac_xml.parse(xml_set(folder / "consolidated.xml", "ofac_cons"))
    assert parsed.problems == []
    assert parsed.published == "2026-01-08"
    assert parsed.stated_count == len(parsed.entities) == 442
    with (folder / "cons_prim.csv").open(encoding="latin-1", newline="") as handle:
        csv_uids = {row[0] for row in csv.reader(handle) if len(row) == 12}
    assert {e.source_id for e in parsed.entities} == csv_uids
    schemas = {e.schema for e in parsed.entities}
    assert schemas == {Schema.PERSON, Schema.ORGANIZATION}
    weak = sum(1 for e in parsed.entities for n in e.names if n.kind is NameKind.WEAK_ALIAS)
    assert weak == 69  # 72 weak a.k.a.s in the file, 3 of them f.k.a. (previous names)
