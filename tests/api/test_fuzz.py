"""Property-based fuzzing of the served API with schemathesis, against its own /openapi.json.

A real ``sanctionwatch serve`` (SQLite, the bundled fictional example lists, an admin key) gets
generated requests for every operation, valid and invalid ones. Checks: no 5xx, every response
matches its documented schema, and every status code is documented. Bounded and deterministic:
a fixed seed and few examples per operation.

Valid (positive) requests to ``POST /v1/screen`` must be accepted (2xx): its schema says what a
screenable query is (a name, readable birth dates, one of ``query``/``queries``). They are nudged
only where the schema cannot say: screened lists must be loaded ones, and a query that has a name
gets a listed one too, so alerts and explanations are checked. /match needs a loaded dataset and
gets the listed name as well. Invalid (negative) requests are sent unchanged.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import hypothesis
import pytest
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
)

from sanctionwatch.auth import keys
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store
from sanctionwatch.update import update_from_directory

EXAMPLE_LISTS = Path(__file__).resolve().parents[2] / "src" / "sanctionwatch" / "examples" / "lists"
EXAMPLES_PER_OPERATION = 40
SEED = 20240523
LISTED_NAME = "Ivan Sergeyevich PETROV"


@pytest.fixture(scope="module")
def fuzzed_server(
    tmp_path_factory: pytest.TempPathFactory,
    serve_command: Callable[..., AbstractContextManager[tuple[str, subprocess.Popen[bytes]]]],
) -> Iterator[tuple[str, str]]:
    """(base URL, admin key) of a running ``sanctionwatch serve``; list updates load the examples
    again (no network)."""
    tmp = tmp_path_factory.mktemp("fuzz")
    settings = Settings(
        data_dir=tmp / "data", database_url=f"sqlite:///{tmp / 'store.db'}", update_from=EXAMPLE_LISTS
    )
    with Store.open(settings) as store:
        assert not update_from_directory(store, settings, EXAMPLE_LISTS).failed
        key = keys.create_key(store, "admin").key
    log = tmp / "serve.log"
    with serve_command(settings, log) as (base_url, _):
        yield base_url, key
    # The server log must not hold a traceback: every failure was handled.
    assert "Traceback" not in log.read_text(errors="replace")


@pytest.fixture(scope="module")
def api_schema(fuzzed_server: tuple[str, str]) -> schemathesis.BaseSchema:
    base_url, _ = fuzzed_server
    return schemathesis.openapi.from_url(f"{base_url}/openapi.json", timeout=30)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@hypothesis.settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    database=None,
    suppress_health_check=list(hypothesis.HealthCheck),
)
@hypothesis.seed(SEED)
def test_api_conforms_to_its_schema(case: schemathesis.Case[Any], fuzzed_server: tuple[str, str]) -> None:
    _, key = fuzzed_server
    checks = [not_a_server_error, response_schema_conformance, status_code_conformance]
    if case.meta is not None and case.meta.generation.mode is schemathesis.GenerationMode.POSITIVE:
        _screenable(case)
        if case.operation.path == "/v1/screen":
            checks.append(positive_data_acceptance)
    case.call_and_validate(headers={"Authorization": f"Bearer {key}"}, checks=checks, timeout=30)


def _screenable(case: schemathesis.Case[Any]) -> None:
    """Make a valid screening request one the server can screen (see the module docstring)."""
    body = case.body
    if not isinstance(body, dict):
        return
    if isinstance(case.path_parameters, dict) and "dataset" in case.path_parameters:
        case.path_parameters["dataset"] = "default"
    yente = "dataset" in (case.path_parameters or {})
    for query in _queries(body):
        properties = query.get("properties") if isinstance(query, dict) else None
        if isinstance(properties, dict) and (yente or _named(properties.get("name"))):
            names = properties.get("name")
            properties["name"] = [*([names] if isinstance(names, str) else names or []), LISTED_NAME]
    if isinstance(body.get("lists"), list):
        body["lists"] = ["ofac_sdn"]


def _named(names: Any) -> bool:
    """Whether a ``name`` property holds a non-blank value (then adding one changes no validity)."""
    values = [names] if isinstance(names, str) else names if isinstance(names, list) else []
    return any(isinstance(value, str) and value.strip() for value in values)


def _queries(body: dict[str, Any]) -> list[Any]:
    """The query objects of a /v1/screen body (``query`` or ``queries``) or a yente body."""
    single, many = body.get("query"), body.get("queries")
    found = [single] if single is not None else []
    if isinstance(many, dict):  # yente: {"queries": {"q1": {...}}}
        found.extend(many.values())
    elif isinstance(many, list):
        found.extend(many)
    return found
