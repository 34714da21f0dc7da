"""Property-based fuzzing of the served API with schemathesis, against its own /openapi.json.

A real ``sanctionwatch serve`` (SQLite, the bundled fictional example lists, an admin key) gets
generated requests for every operation, valid and invalid ones. Checks: no 5xx, every response
matches its documented schema, and every status code is documented. Bounded and deterministic:
a fixed seed and few examples per operation.

Valid (positive) screening requests are nudged towards what the schema cannot say: a query needs
a name (a listed one is added, so alerts and explanations are checked too), screened lists must be
loaded ones, and /match needs a loaded dataset. Invalid (negative) requests are sent unchanged.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import hypothesis
import pytest
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from sanctionwatch.auth import keys
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store
from sanctionwatch.update import update_from_directory

EXAMPLE_LISTS = Path(__file__).resolve().parents[2] / "src" / "sanctionwatch" / "examples" / "lists"
EXAMPLES_PER_OPERATION = 40
SEED = 20240523
LISTED_NAME = "Ivan Sergeyevich PETROV"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _ready(base_url: str) -> bool:
    try:
        return httpx.get(f"{base_url}/readyz", timeout=5).status_code == 200
    except httpx.TransportError:
        return False


@pytest.fixture(scope="module")
def fuzzed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """(base URL, admin key) of a running ``sanctionwatch serve``; list updates load the examples
    again (no network)."""
    tmp = tmp_path_factory.mktemp("fuzz")
    settings = Settings(data_dir=tmp / "data", database_url=f"sqlite:///{tmp / 'store.db'}")
    with Store.open(settings) as store:
        assert not update_from_directory(store, settings, EXAMPLE_LISTS).failed
        key = keys.create_key(store, "admin").key
    env = {k: v for k, v in os.environ.items() if not k.startswith("SANCTIONWATCH_")}
    env |= {
        "SANCTIONWATCH_DATA_DIR": str(settings.data_dir),
        "SANCTIONWATCH_DATABASE_URL": settings.resolved_database_url,
        "SANCTIONWATCH_UPDATE_FROM": str(EXAMPLE_LISTS),
        "SANCTIONWATCH_API_RATE_LIMIT": "100000",
        "SANCTIONWATCH_API_RATE_BURST": "100000",
    }
    port = _free_port()
    log = tmp / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "sanctionwatch", "serve", "--port", str(port)],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while not _ready(base_url):
            assert process.poll() is None, log.read_text(errors="replace")[-3000:]
            assert time.monotonic() < deadline, "server not ready in 120s"
            time.sleep(0.1)
        yield base_url, key
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
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
    if case.meta is not None and case.meta.generation.mode is schemathesis.GenerationMode.POSITIVE:
        _screenable(case)
    case.call_and_validate(
        headers={"Authorization": f"Bearer {key}"},
        checks=[not_a_server_error, response_schema_conformance, status_code_conformance],
        timeout=30,
    )


def _screenable(case: schemathesis.Case[Any]) -> None:
    """Make a valid screening request one the server can screen (see the module docstring)."""
    body = case.body
    if not isinstance(body, dict):
        return
    if isinstance(case.path_parameters, dict) and "dataset" in case.path_parameters:
        case.path_parameters["dataset"] = "default"
    for query in _queries(body):
        properties = query.get("properties") if isinstance(query, dict) else None
        if isinstance(properties, dict):
            names = properties.get("name")
            properties["name"] = [*([names] if isinstance(names, str) else names or []), LISTED_NAME]
    if "query" in body and "queries" in body and "dataset" not in (case.path_parameters or {}):
        del body["queries"]  # /v1/screen takes one of them (the schema cannot say so)
    if isinstance(body.get("lists"), list):
        body["lists"] = ["ofac_sdn"]


def _queries(body: dict[str, Any]) -> list[Any]:
    """The query objects of a /v1/screen body (``query`` or ``queries``) or a yente body."""
    single, many = body.get("query"), body.get("queries")
    found = [single] if single is not None else []
    if isinstance(many, dict):  # yente: {"queries": {"q1": {...}}}
        found.extend(many.values())
    elif isinstance(many, list):
        found.extend(many)
    return found
