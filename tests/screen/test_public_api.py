"""The public Python API: ``sanctionwatch.compare`` and ``sanctionwatch.Screener``."""

from __future__ import annotations

import subprocess
import sys

import pytest

import sanctionwatch
from sanctionwatch.model import Entity
from sanctionwatch.screen import QueryError


def test_compare_accepts_ftm_dicts_and_entities(listed: list[Entity]) -> None:
    petrov = listed[0]
    same = sanctionwatch.compare(
        {"schema": "Person", "properties": {"name": ["Iwan Petrow-Fiktiv"], "birthDate": ["1971"]}}, petrov
    )
    other = sanctionwatch.compare({"schema": "Company", "properties": {"name": ["Zarkovia Trading"]}}, petrov)
    assert same.match and not other.match
    assert same.score > other.score
    assert same.explanation()["matched_name"] == same.matched_name


def test_compare_rejects_an_invalid_dict_clearly(listed: list[Entity]) -> None:
    with pytest.raises(QueryError, match="unknown schema 'Robot'"):
        sanctionwatch.compare({"schema": "Robot", "properties": {"name": ["X"]}}, listed[0])


def test_screener_is_reachable_from_the_package(listed: list[Entity]) -> None:
    screener = sanctionwatch.Screener.from_entities(listed)
    query = Entity(id="q", schema=listed[1].schema, source="query", source_id="q", names=listed[1].names[:1])
    assert screener.screen(query)[0].entity_id == listed[1].id


def test_importing_the_package_does_not_load_the_matcher() -> None:
    code = "import sys, sanctionwatch; print(any(m.startswith('sanctionwatch.match') for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_compare_takes_a_list_entity_dict_as_the_list_states_it() -> None:
    listed = {
        "schema": "Person",
        "properties": {
            "name": ["Ivan Testovich PETROV-FICTIVE"],
            "alias": [f"Petrov Alias{i:03d}" for i in range(120)],
            "birthDate": ["circa the spring of 1971"],
        },
    }
    result = sanctionwatch.compare(
        {"schema": "Person", "properties": {"name": ["Ivan Petrov-Fictive"]}}, listed
    )
    assert result.match
    with pytest.raises(QueryError, match="is not a date"):
        sanctionwatch.compare(
            {"schema": "Person", "properties": {"name": ["Ivan Petrov"], "birthDate": ["someday"]}}, listed
        )


def test_an_abbreviation_is_a_weak_name() -> None:
    listed = {
        "schema": "Company",
        "properties": {"name": ["Zarkovian Fictive Oil Company"], "abbreviation": ["ZFOC"]},
    }
    result = sanctionwatch.compare({"schema": "Company", "properties": {"name": ["ZFOC"]}}, listed)
    assert result.matched_name == "ZFOC"
    assert "weak alias" in str(result.explanation())
