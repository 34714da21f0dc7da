"""OpenSanctions targets.simple.csv: fictional fixtures, and the real ua_war_sanctions export."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from sanctionwatch.errors import ParseError
from sanctionwatch.model import Address, Entity, Identifier, IdentifierType, NameKind, Schema
from sanctionwatch.sources.base import FileSet, ParsedList
from sanctionwatch.sources.os_targets_csv import dataset_of, parse_counting
from sanctionwatch.sources.registry import parse_fileset

if TYPE_CHECKING:
    from tests.conftest import Golden

SOURCE = "zz_fictional"


def _fileset(path: Path, source: str = SOURCE) -> FileSet:
    return FileSet(source, "os_targets_csv", {"main": path})


def _by_source_id(parsed: ParsedList) -> dict[str, Entity]:
    return {e.source_id: e for e in parsed.entities}


def test_fixture_matches_golden(fixtures: Path, golden: Golden) -> None:
    parsed = parse_fileset(_fileset(fixtures / "opensanctions" / "targets.simple.csv"))
    assert parsed.problems == []
    golden(parsed, fixtures / "opensanctions" / "targets.golden.json")


def test_fixture_fields(fixtures: Path) -> None:
    parsed, skipped = parse_counting(_fileset(fixtures / "opensanctions" / "targets.simple.csv"))
    assert skipped == {"CryptoWallet": 1, "Security": 1}
    entities = _by_source_id(parsed)
    assert {e.schema for e in entities.values()} == set(Schema)
    person = entities["NK-fictPerson1"]
    assert person.id == "zz_fictional-nk-fictperson1"
    assert [(n.kind, n.script) for n in person.names] == [
        (NameKind.PRIMARY, "Latn"),
        (NameKind.ALIAS, "Cyrl"),
        (NameKind.ALIAS, "Cyrl"),
    ]
    assert [d.value for d in person.birth_dates] == ["1962-01-12", "1963"]
    assert person.countries == ("ru", "ua-cri")
    # The sanctions cell is itself CSV: quotes and a newline survive, the wrapping quotes do not.
    assert person.remarks == 'Organised invented events; see "Fiction" report.\nSecond line of the reason.'
    assert person.programs == ("UA-WS-FICT",)
    company = entities["NK-fictCompany1"]
    assert company.remarks is None  # `""` is an empty list, not a remark
    assert company.addresses == (Address(full="101000, Moscow, Imaginary St., 1, office 2"),)
    assert company.identifiers == (
        Identifier(IdentifierType.OTHER, "1027700000001"),
        Identifier(IdentifierType.OTHER, "7700000002"),
        Identifier(IdentifierType.IMO, "IMO1234567"),
        Identifier(IdentifierType.PHONE, "+7 000 000 00 00"),
        Identifier(IdentifierType.EMAIL, "info@zarkovia.example"),
    )
    assert company.programs == ("UA-WS-MILIND", "UA-WS-UAVS")
    assert entities["NK-fictLegal1"].primary_name == 'JOINT-STOCK COMPANY "FICTIVE PLANT"'


def test_dataset_of_reads_the_first_row(fixtures: Path, tmp_path: Path) -> None:
    assert dataset_of(fixtures / "opensanctions" / "targets.simple.csv") == "Fictional War Sanctions"
    header_only = tmp_path / "targets.simple.csv"
    header_only.write_text("id,schema,name,dataset\n", encoding="utf-8")
    assert dataset_of(header_only) is None


def test_bad_rows_are_located_and_the_rest_is_read(fixtures: Path, golden: Golden) -> None:
    parsed, skipped = parse_counting(_fileset(fixtures / "opensanctions" / "bad_rows.targets.simple.csv"))
    assert sorted(e.source_id for e in parsed.entities) == ["NK-badDate1", "NK-okPerson1"]
    assert not skipped
    found = [(p.location.line, p.location.field) for p in parsed.problems]
    assert found == [(3, "id"), (4, "name"), (5, None), (7, "id"), (8, "schema")]
    assert "cells, expected 16" in parsed.problems[2].message
    assert "duplicate" in parsed.problems[3].message
    # A date that is not one is reported as a warning, and still kept as the list wrote it.
    assert [(p.location.line, p.location.field) for p in parsed.warnings] == [(6, "birth_date")]
    assert _by_source_id(parsed)["NK-badDate1"].birth_dates[0].text == "sometime in spring"
    golden(parsed, fixtures / "opensanctions" / "bad_rows.golden.json")


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"", "empty"),
        (b"_id,source,entity_number,type\n1,SDN,1,Individual\n", "header lacks id, schema, name"),
        (b"\xff\xfe\x00i\x00d", "not UTF-8"),
    ],
)
def test_other_formats_are_refused_naming_the_file(tmp_path: Path, content: bytes, why: str) -> None:
    path = tmp_path / "targets.simple.csv"
    path.write_bytes(content)
    with pytest.raises(ParseError) as caught:
        parse_counting(_fileset(path))
    assert str(path) in caught.value.message
    assert why in caught.value.message


@pytest.mark.shared_data
def test_real_ua_war_sanctions(shared_lists: Path) -> None:
    path = shared_lists / "opensanctions" / "ua_war_sanctions" / "targets.simple.csv"
    parsed, skipped = parse_counting(_fileset(path, "ua_war_sanctions"))
    assert parsed.problems == []
    assert not skipped
    assert len(parsed.entities) == 5600
    assert len({e.id for e in parsed.entities}) == 5600
    counts = Counter(e.schema for e in parsed.entities)
    assert counts == {
        Schema.PERSON: 1543,
        Schema.COMPANY: 1524,
        Schema.VESSEL: 1340,
        Schema.LEGAL_ENTITY: 1193,
    }
    # Every name written only in Cyrillic letters is kept, marked Cyrl; 1,597 rows hold Cyrillic
    # letters, 53 of them only as look-alikes inside Latin names ("Pulsar Investments Cо LLC").
    cyrillic_only = [n for e in parsed.entities for n in e.names if _only_cyrillic(n.full)]
    assert cyrillic_only and all(n.script == "Cyrl" and n.kind is NameKind.ALIAS for n in cyrillic_only)
    assert len({e.id for e in parsed.entities if any(n.script == "Cyrl" for n in e.names)}) > 1500
    assert dataset_of(path) == "Ukraine War and Sanctions"


def _only_cyrillic(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all("\u0400" <= c <= "\u04ff" for c in letters)
