"""The FtM JSON lines reader, on fictional fixtures in the OpenSanctions ``entities.ftm.json`` shape."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import orjson
import pytest

from sanctionwatch.errors import ParseError
from sanctionwatch.model import Entity, Identifier, IdentifierType, Name, NameKind, Schema
from sanctionwatch.model.dates import parse_partial_date
from sanctionwatch.model.ftm import to_ftm
from sanctionwatch.sources.base import FileSet, ParsedList
from sanctionwatch.sources.ftm_json import MAX_LINE_BYTES, parse_counting
from sanctionwatch.sources.registry import parse_fileset

if TYPE_CHECKING:
    from tests.conftest import Golden

SOURCE = "zz_fictional"


def _fileset(path: Path) -> FileSet:
    return FileSet(SOURCE, "ftm_json", {"main": path})


def _by_source_id(parsed: ParsedList) -> dict[str, Entity]:
    return {e.source_id: e for e in parsed.entities}


def test_fixture_matches_golden(fixtures: Path, golden: Golden) -> None:
    parsed = parse_fileset(_fileset(fixtures / "ftm" / "entities.ftm.json"))
    assert parsed.problems == []
    golden(parsed, fixtures / "ftm" / "entities.golden.json")


def test_adjuncts_fold_onto_holders(fixtures: Path) -> None:
    parsed, skipped = parse_counting(_fileset(fixtures / "ftm" / "entities.ftm.json"))
    assert skipped == {"Ownership": 1}
    entities = _by_source_id(parsed)
    assert {e.schema for e in entities.values()} == set(Schema) - {Schema.LEGAL_ENTITY}
    person = entities["NK-fict-person-1"]
    assert person.id == "zz_fictional-nk-fict-person-1"
    assert person.source == SOURCE
    assert person.programs == ("FICT-RUS",)
    assert person.listed_on == "2022-02-28"
    assert Identifier(IdentifierType.PASSPORT, "FX1234567", "ru", "Foreign passport") in person.identifiers
    assert person.addresses[0].city == "Zarkovgrad"
    assert Name("Иван Тестович ПЕТРОВ-ФИКТИВ", NameKind.ALIAS, script="Cyrl") in person.names
    company = entities["NK-fict-company-1"]
    assert company.programs == ("FICT-RUS", "FICT-CYBER")
    assert company.listed_on == "2023-06-30"
    wallet = Identifier(IdentifierType.CRYPTO_WALLET, "1FictiveWa11etAddre55xyz", currency="XBT")
    assert wallet in company.identifiers
    assert Identifier(IdentifierType.OTHER, "7700000002", "ru", "Tax ID No.") in company.identifiers
    assert entities["NK-fict-plane-1"].schema is Schema.AIRCRAFT


def test_bad_lines_are_located_and_the_rest_is_read(fixtures: Path, golden: Golden) -> None:
    parsed, _ = parse_counting(_fileset(fixtures / "ftm" / "bad_lines.ftm.json"))
    assert sorted(e.source_id for e in parsed.entities) == ["NK-good-1", "NK-good-2"]
    lines = [p.location.line for p in parsed.problems]
    assert lines == [2, 3, 4, 5, 7, 8]
    assert all(p.location.file.endswith("bad_lines.ftm.json") for p in parsed.problems)
    messages = {p.location.line: (p.location.field, p.message) for p in parsed.problems}
    assert "not valid JSON" in messages[2][1]
    assert messages[3][0] == "id"
    assert messages[4][0] == "schema"
    assert "not a JSON object" in messages[5][1]
    assert "no name" in messages[7][1]
    assert messages[8][0] == "properties.country"
    golden(parsed, fixtures / "ftm" / "bad_lines.golden.json")


def test_export_reads_back(tmp_path: Path) -> None:
    entities = [
        Entity(
            id="ofac_sdn-90001",
            schema=Schema.PERSON,
            source="ofac_sdn",
            source_id="90001",
            names=(Name("Testa FICTIVA"), Name("Тэста ФИКТИВА", NameKind.ALIAS)),
            birth_dates=(parse_partial_date("circa 1970"),),
            nationalities=("ir",),
            identifiers=(Identifier(IdentifierType.PASSPORT, "Z0000001", country="ir"),),
            programs=("SDGT",),
            listed_on="2019-11-04",
        ),
        Entity(
            id="ofac_sdn-90002",
            schema=Schema.VESSEL,
            source="ofac_sdn",
            source_id="90002",
            names=(Name("FICTIVE SEA"),),
            identifiers=(Identifier(IdentifierType.IMO, "IMO9999992"),),
            properties=(("flag", "ir"),),
        ),
    ]
    path = tmp_path / "entities.ftm.json"
    path.write_bytes(b"".join(orjson.dumps(o) + b"\n" for e in entities for o in to_ftm(e)))
    parsed, skipped = parse_counting(FileSet("ofac_sdn", "ftm_json", {"main": path}))
    assert parsed.problems == [] and not skipped
    back = _by_source_id(parsed)
    for original in entities:
        read = back[original.id]
        assert read.names == tuple(
            Name(n.full, n.kind, script="Cyrl" if n.kind is NameKind.ALIAS else "Latn")
            for n in original.names
        )
        assert read.identifiers == original.identifiers
        assert read.programs == original.programs
        assert read.listed_on == original.listed_on
    assert back["ofac_sdn-90001"].birth_dates[0].value == "1970"
    assert back["ofac_sdn-90002"].properties == (("flag", "ir"),)


def test_overlong_line_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "entities.ftm.json"
    huge = orjson.dumps({"id": "big", "schema": "Person", "properties": {"notes": ["x" * MAX_LINE_BYTES]}})
    good = orjson.dumps({"id": "ok", "schema": "Person", "properties": {"name": ["Okay FICTIVE"]}})
    path.write_bytes(huge + b"\n" + good + b"\n")
    parsed, _ = parse_counting(_fileset(path))
    assert [e.source_id for e in parsed.entities] == ["ok"]
    (problem,) = parsed.problems
    assert problem.location.line == 1
    assert "longer than" in problem.message


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"", "empty"),
        (b"id,schema,name\nNK-1,Person,Someone\n", "no line is a JSON object"),
        (b'[{"id": "a", "schema": "Person"}]\n', "no line is a JSON object"),
    ],
)
def test_other_formats_are_refused_naming_the_file(tmp_path: Path, content: bytes, why: str) -> None:
    path = tmp_path / "entities.ftm.json"
    path.write_bytes(content)
    with pytest.raises(ParseError) as caught:
        parse_counting(_fileset(path))
    assert str(path) in caught.value.message
    assert why in caught.value.message
