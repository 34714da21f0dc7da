"""Reading query files: CSV and FtM JSON lines, with a clear error per bad line."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanctionwatch.errors import InputError, Problem
from sanctionwatch.model import Entity, IdentifierType, NameKind, Schema
from sanctionwatch.screen.query import MAX_VALUE_CHARS, QueryError
from sanctionwatch.screen.query_file import MAX_LINE_BYTES, QueryFile, QueryFormat


def _read(qf: QueryFile) -> tuple[list[Entity], list[Problem]]:
    entities: list[Entity] = []
    problems: list[Problem] = []
    for raw in qf.records():
        try:
            entities.append(qf.parse(raw))
        except QueryError as exc:
            problems.append(exc.problem)
    return entities, problems


def _jsonl(path: Path, lines: list[bytes]) -> QueryFile:
    path.write_bytes(b"\n".join(lines) + b"\n")
    return QueryFile.open(path)


def test_csv_rows_become_query_entities(tmp_path: Path) -> None:
    path = tmp_path / "customers.csv"
    path.write_text(
        "id,name,schema,birth_date,nationality,country,passport,alias,notes\n"
        "c1,Ivan Testovich PETROV-FICTIVE,Person,1973-09-28,Russia,ru,P123;P456,Ivan Petrov;I. Petrov,vip\n"
        'c2,"Zarkovia Trading, LLC",Company,,,Cyprus,,,\n',
        encoding="utf-8",
    )
    qf = QueryFile.open(path)
    assert qf.format is QueryFormat.CSV
    (person, company), problems = _read(qf)
    assert problems == []
    assert person.id == "c1" and person.source == "query" and person.schema is Schema.PERSON
    assert [(n.full, n.kind) for n in person.names] == [
        ("Ivan Testovich PETROV-FICTIVE", NameKind.PRIMARY),
        ("Ivan Petrov", NameKind.ALIAS),
        ("I. Petrov", NameKind.ALIAS),
    ]
    assert person.birth_dates[0].value == "1973-09-28"
    assert person.nationalities == ("ru",)
    assert person.countries == ("ru",)
    assert [(i.type, i.value) for i in person.identifiers] == [
        (IdentifierType.PASSPORT, "P123"),
        (IdentifierType.PASSPORT, "P456"),
    ]
    assert company.names[0].full == "Zarkovia Trading, LLC"
    assert company.schema is Schema.COMPANY and company.countries == ("cy",)


def test_jsonl_uses_ftm_properties(tmp_path: Path) -> None:
    line = {
        "id": 7,
        "schema": "Thing",
        "properties": {
            "name": ["Zarkovia Trading LLC"],
            "alias": "Zarkoviya Treyding",
            "jurisdiction": ["CY"],
            "innCode": ["7700000000"],
            "sourceUrl": ["https://example.org"],
        },
    }
    (entity,), problems = _read(_jsonl(tmp_path / "q.jsonl", [orjson.dumps(line)]))
    assert problems == []
    assert entity.id == "7" and entity.schema is Schema.LEGAL_ENTITY
    assert [n.full for n in entity.names] == ["Zarkovia Trading LLC", "Zarkoviya Treyding"]
    assert entity.countries == ("cy",)
    assert entity.identifiers[0].type is IdentifierType.INN


def test_name_parts_compose_a_name(tmp_path: Path) -> None:
    line = {
        "id": "p",
        "schema": "Person",
        "properties": {"firstName": ["Ivan"], "lastName": ["Petrov-Fictive"]},
    }
    (entity,), _ = _read(_jsonl(tmp_path / "q.jsonl", [orjson.dumps(line)]))
    name = entity.names[0]
    assert (name.full, name.given, name.family) == ("Ivan Petrov-Fictive", "Ivan", "Petrov-Fictive")


def test_every_bad_jsonl_line_is_reported_and_the_rest_read(tmp_path: Path) -> None:
    good = orjson.dumps({"id": "ok", "schema": "Person", "properties": {"name": ["Ivan Petrov-Fictive"]}})
    lines = [
        good,
        b'{"id": "broken", "properties": ',  # 2 malformed JSON
        orjson.dumps({"id": "s", "schema": "Spaceship", "properties": {"name": ["X"]}}),  # 3
        orjson.dumps({"id": "e", "schema": "Person", "properties": {"name": ["   "]}}),  # 4 empty name
        orjson.dumps({"id": "l", "properties": {"name": ["A" * 100_000]}}),  # 5 100 kB name
        b'{"id": "u", "properties": {"name": ["Iv\xff\xfean"]}}',  # 6 invalid UTF-8
        orjson.dumps({"id": "d", "properties": {"name": ["X"], "birthDate": ["someday"]}}),  # 7
        orjson.dumps({"id": "t", "properties": {"name": [3]}}),  # 8 wrong type
        b"[1, 2]",  # 9 not an object
        b"",  # 10 blank: skipped silently
        good.replace(b'"ok"', b'"ok2"'),  # 11
    ]
    path = tmp_path / "q.jsonl"
    entities, problems = _read(_jsonl(path, lines))
    assert [e.id for e in entities] == ["ok", "ok2"]
    assert len(problems) == 8
    by_line = {p.location.line: str(p) for p in problems}
    assert [p.location.line for p in problems] == [2, 3, 4, 5, 6, 7, 8, 9]
    assert all(p.location.file == str(path) for p in problems)
    assert "malformed JSON" in by_line[2]
    assert "unknown schema 'Spaceship'" in by_line[3] and "field schema" in by_line[3]
    assert "no name" in by_line[4]
    assert f"100000 characters long (limit {MAX_VALUE_CHARS})" in by_line[5] and "field name" in by_line[5]
    assert "not valid UTF-8" in by_line[6]
    assert "'someday' is not a date" in by_line[7] and "field birthDate" in by_line[7]
    assert "list of strings" in by_line[8]
    assert "expected a JSON object" in by_line[9]


def test_overlong_line_is_reported_without_reading_it_whole(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    ok = orjson.dumps({"id": "after", "properties": {"name": ["Ivan Petrov-Fictive"]}})
    path.write_bytes(b'{"id": "big", "x": "' + b"x" * (MAX_LINE_BYTES * 2) + b'"}\n' + ok + b"\n")
    entities, problems = _read(QueryFile.open(path))
    assert [e.id for e in entities] == ["after"]
    assert len(problems) == 1 and problems[0].location.line == 1 and "bytes long" in problems[0].message


def test_bad_csv_rows_are_reported_with_their_line(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_bytes(
        b"id,name,schema,birth_date\n"
        b"a,Ivan Petrov-Fictive,Person,1973\n"
        b"b,,Person,\n"  # 3 empty name
        b'c,"Multi\nLine Zarkovia",Company,\n'  # 4-5: a quoted newline is one record
        b"d,Zark\xffovia,Company,\n"  # 6 invalid UTF-8
        b"e,Zarkovia,Robot,\n"  # 7 unknown schema
        b"f,Zarkovia,Company,,extra\n"  # 8 too many cells
        b"\n"  # blank
        b"g,Zarkovia Holding,,\n"  # 10
    )
    entities, problems = _read(QueryFile.open(path))
    assert [e.id for e in entities] == ["a", "c", "g"]
    assert entities[1].names[0].full == "Multi Line Zarkovia"
    assert entities[2].schema is Schema.LEGAL_ENTITY
    assert [p.location.line for p in problems] == [3, 6, 7, 8]
    assert [p.location.record for p in problems[:3]] == ["b", "d", "e"]
    assert (problems[1].location.field, problems[1].message) == ("name", "value is not valid UTF-8")
    assert problems[3].message == "5 cells but the header has 4"


def test_csv_without_name_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_text("id,customer\n1,x\n", encoding="utf-8")
    with pytest.raises(InputError, match="no 'name' column"):
        QueryFile.open(path)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_give_an_entity_or_a_located_problem(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "q.jsonl"
    path.write_bytes(data)
    qf = QueryFile.open(path)
    for raw in qf.records():
        try:
            entity = qf.parse(raw)
        except QueryError as exc:
            assert exc.problem.location.file == str(path)
            assert exc.problem.location.line == raw.line
        else:
            assert entity.names and all(n.full.strip() for n in entity.names)
