"""US Consolidated Screening List CSV: fictional fixtures (plain and gzip), and the real 2022 snapshot."""

from __future__ import annotations

import gzip
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from sanctionwatch.errors import ParseError
from sanctionwatch.model import Address, Entity, Identifier, IdentifierType, NameKind, Schema
from sanctionwatch.sources.base import FileSet, ParsedList
from sanctionwatch.sources.registry import parse_fileset
from sanctionwatch.sources.us_csl import parse, sublist_of

if TYPE_CHECKING:
    from tests.conftest import Golden

SDN = "Specially Designated Nationals (SDN) - Treasury Department"


def _fileset(path: Path) -> FileSet:
    return FileSet("us_csl", "us_csl", {"main": path})


def _by_source_id(parsed: ParsedList) -> dict[str, Entity]:
    return {e.source_id: e for e in parsed.entities}


def test_fixture_matches_golden(fixtures: Path, golden: Golden) -> None:
    parsed = parse_fileset(_fileset(fixtures / "us_csl" / "consolidated.csv"))
    assert parsed.problems == []
    golden(parsed, fixtures / "us_csl" / "consolidated.golden.json")


def test_sub_lists_keep_their_own_entities(fixtures: Path) -> None:
    entities = _by_source_id(parse(_fileset(fixtures / "us_csl" / "consolidated.csv")))
    # The same Treasury _id on SDN and SSI, and a CAPTA row given twice: one entity per row.
    assert {"SDN-90002", "SSI-90002", "CAP-90003", "CAP-90003-2"} <= set(entities)
    assert entities["SSI-90002"].id == "us_csl-ssi-90002"
    assert ("authority", SDN) in entities["SDN-90002"].properties
    el = entities["EL-0f1e2d3c4b5a69788796a5b4c3d2e1f001234567"]
    assert el.schema is Schema.LEGAL_ENTITY
    assert el.listed_on == "2024-05-01"
    assert ("provisions", "License policy: Presumption of denial.") in el.properties
    assert ("authorityId", "99 FR 12345 5/1/24") in el.properties


def test_person_row(fixtures: Path) -> None:
    person = _by_source_id(parse(_fileset(fixtures / "us_csl" / "consolidated.csv")))["SDN-90001"]
    assert person.schema is Schema.PERSON
    primary = person.names[0]
    assert (primary.family, primary.given) == ("PETROV-FICTIVE", "Ivan Testovich")
    assert [n.kind for n in person.names] == [NameKind.PRIMARY, NameKind.ALIAS, NameKind.ALIAS]
    assert [d.value for d in person.birth_dates] == ["1962-01-12", "1960"]
    assert person.birth_dates[1].circa
    assert person.nationalities == ("ru", "cy")
    assert person.citizenships == ("ru",)
    assert person.countries == ("ru", "ae")
    assert person.addresses[1] == Address(full="Dubai, AE", country="ae")
    assert person.gender == "male"
    assert person.programs == ("SDGT", "RUSSIA-EO14024")
    assert person.positions == ("Director of Zarkovia Trading",)
    assert person.identifiers == (
        Identifier(IdentifierType.PASSPORT, "FX1234567", "ru", "Passport"),
        Identifier(IdentifierType.NATIONAL_ID, "00000001", "cy", "National ID No."),
        Identifier(
            IdentifierType.CRYPTO_WALLET,
            "1FictiveWa11etAddre55",
            label="Digital Currency Address - XBT",
            currency="XBT",
        ),
    )
    assert person.remarks is not None
    remarks = person.remarks.splitlines()
    assert remarks[0] == "(Linked To: ZARKOVIA TRADING LLC)"
    assert "Additional Sanctions Information: Subject to Secondary Sanctions" in remarks
    assert "Passport FX1234567: dates 2024-01-01, 2014-01-02" in remarks


def test_vessel_and_aircraft_rows(fixtures: Path) -> None:
    entities = _by_source_id(parse(_fileset(fixtures / "us_csl" / "consolidated.csv")))
    vessel = entities["SDN-90004"]
    assert vessel.schema is Schema.VESSEL
    types = {i.type: i.value for i in vessel.identifiers}
    assert types == {
        IdentifierType.CALL_SIGN: "9FIC1",
        IdentifierType.IMO: "IMO 9999991",
        IdentifierType.MMSI: "273000001",
    }
    props = dict(vessel.properties)
    assert (props["flag"], props["tonnage"], props["type"]) == ("ir", "80000", "Crude Oil Tanker")
    assert vessel.remarks is not None and "Vessel owner: ZARKOVIA TRADING LLC" in vessel.remarks
    plane = entities["SDN-90005"]
    assert plane.schema is Schema.AIRCRAFT
    assert [i.type for i in plane.identifiers] == [IdentifierType.AIRCRAFT_SERIAL]
    assert plane.remarks == "Aircraft Model: Fictive FJ-100\nAircraft Manufacture Date: 01 Jan 2010"


def test_gzip_is_recognised_by_content(fixtures: Path, tmp_path: Path, golden: Golden) -> None:
    plain = fixtures / "us_csl" / "consolidated.csv"
    zipped = tmp_path / "consolidated.csv"  # no .gz suffix: the magic bytes decide
    zipped.write_bytes(gzip.compress(plain.read_bytes()))
    assert golden.view(parse(_fileset(zipped))) == golden.view(parse(_fileset(plain)))


def test_bad_rows_are_located_and_the_rest_is_read(fixtures: Path, golden: Golden) -> None:
    parsed = parse(_fileset(fixtures / "us_csl" / "bad_rows.csv"))
    assert sorted(e.source_id for e in parsed.entities) == ["EL-91005", "SDN-91001", "SDN-91004"]
    found = [(p.location.line, p.location.field) for p in parsed.problems]
    assert found == [(3, "name"), (4, None), (5, "type"), (8, "_id")]
    # Values kept only as the list's text are warnings: the record is whole.
    assert [(p.location.line, p.location.field) for p in parsed.warnings] == [
        (6, "dates_of_birth"),
        (7, "start_date"),
    ]
    assert "4 cells, expected 29" in parsed.problems[1].message
    assert "'Robot'" in parsed.problems[2].message
    # Bad values are reported and still kept as the list wrote them.
    entities = _by_source_id(parsed)
    assert entities["SDN-91004"].birth_dates[0].text == "sometime in spring"
    assert ("start_date", "0097-06-30") in entities["EL-91005"].properties
    golden(parsed, fixtures / "us_csl" / "bad_rows.golden.json")


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"", "empty"),
        (b"id,schema,name\nNK-1,Person,Someone\n", "header lacks _id, source, type"),
        (b"\x1f\x8b\x08\x00garbage", "unreadable gzip data"),
    ],
)
def test_other_formats_are_refused_naming_the_file(tmp_path: Path, content: bytes, why: str) -> None:
    path = tmp_path / "consolidated.csv"
    path.write_bytes(content)
    with pytest.raises(ParseError) as caught:
        parse(_fileset(path))
    assert str(path) in caught.value.message
    assert why in caught.value.message


def test_sublist_short_names() -> None:
    assert sublist_of(SDN) == "SDN"
    assert sublist_of("Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department") == "NS-MBS"
    assert sublist_of("Military End User (MEU) List - Bureau of Industry and Security") == "MEU"
    assert sublist_of("Some Future List") == "Some-Future"


@pytest.mark.shared_data
def test_real_csl_snapshot(shared_lists: Path) -> None:
    parsed = parse(_fileset(shared_lists / "us_csl" / "consolidated.csv.gz"))
    assert len(parsed.entities) == 14160
    assert len({e.id for e in parsed.entities}) == 14160
    authorities = Counter(dict(e.properties)["authority"] for e in parsed.entities)
    assert authorities[SDN] == 10026
    assert authorities["Entity List (EL) - Bureau of Industry and Security"] == 2001
    assert authorities["ITAR Debarred (DTC) - State Department"] == 727
    assert len(authorities) == 13
    programs = Counter(p for e in parsed.entities for p in e.programs)
    assert programs["RUSSIA-EO14024"] == 991
    # The only bad values in the file: three Entity List start dates with a two-digit year,
    # kept as text (warnings), so the file loads.
    assert parsed.problems == []
    assert [(p.location.line, p.location.field) for p in parsed.warnings] == [
        (1753, "start_date"),
        (1754, "start_date"),
        (9906, "start_date"),
    ]
