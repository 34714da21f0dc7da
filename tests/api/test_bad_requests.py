"""Bad input over HTTP: oversized bodies (declared and streamed), invalid JSON, wrong types,
unknown schemata and fields, huge batches, unknown routes: each in the one error shape, with a
request id, and never a stack trace."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from tests.api.conftest import ApiServer

PERSON = {"schema": "Person", "properties": {"name": ["Ivan Petrov"]}}


def _post(api_server: ApiServer, path: str, **kwargs: Any) -> Any:
    with api_server.client("admin") as client:
        return client.post(path, **kwargs)


def _error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.headers["x-request-id"]
    body: dict[str, Any] = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    assert "Traceback" not in response.text
    error: dict[str, Any] = body["error"]
    return error


def test_a_body_declared_too_large_is_413(api_server: ApiServer) -> None:
    size = api_server.settings.api_max_body_bytes + 1
    response = _post(
        api_server, "/v1/screen", content=b" " * size, headers={"Content-Type": "application/json"}
    )
    _error(response, 413, "payload_too_large")


def test_a_streamed_body_growing_too_large_is_413(api_server: ApiServer) -> None:
    def chunks() -> Iterator[bytes]:  # no Content-Length: chunked transfer encoding
        yield b'{"query": {"schema": "Person", "properties": {"name": ["'
        for _ in range(api_server.settings.api_max_body_bytes // 65536 + 1):
            yield b"a" * 65536
        yield b'"]}}}'

    response = _post(api_server, "/v1/screen", content=chunks(), headers={"Content-Type": "application/json"})
    _error(response, 413, "payload_too_large")


@pytest.mark.parametrize("path", ["/v1/screen", "/match/default"])
def test_invalid_json_is_400(api_server: ApiServer, path: str) -> None:
    response = _post(api_server, path, content=b'{"query": {', headers={"Content-Type": "application/json"})
    error = _error(response, 400, "invalid_json")
    assert "JSON" in error["message"]


def test_wrong_types_are_422_naming_every_field(api_server: ApiServer) -> None:
    body = {"query": {"schema": "Person", "properties": {"name": [5]}}, "threshold": "high", "limit": 0}
    error = _error(_post(api_server, "/v1/screen", json=body), 422, "validation_failed")
    fields = {detail["field"] for detail in error["details"]}
    assert fields >= {"body.threshold", "body.limit"}
    assert any(f.startswith("body.query.properties.name") for f in fields)


def test_an_unknown_schema_is_422_naming_the_field(api_server: ApiServer) -> None:
    body = {"query": {"schema": "Spaceship", "properties": {"name": ["Zarkovia Star"]}}}
    error = _error(_post(api_server, "/v1/screen", json=body), 422, "validation_failed")
    assert [d["field"] for d in error["details"]] == ["body.query.schema"]
    yente = {"queries": {"q1": body["query"]}}
    error = _error(_post(api_server, "/match/default", json=yente), 422, "validation_failed")
    assert [d["field"] for d in error["details"]] == ["body.queries.q1.schema"]


def test_unknown_fields_and_ambiguous_forms_are_422(api_server: ApiServer) -> None:
    typo = _post(api_server, "/v1/screen", json={"query": PERSON, "treshold": 0.5})
    assert [d["field"] for d in _error(typo, 422, "validation_failed")["details"]] == ["body.treshold"]
    both = _post(api_server, "/v1/screen", json={"query": PERSON, "queries": [PERSON]})
    _error(both, 422, "validation_failed")
    neither = _post(api_server, "/v1/screen", json={"limit": 3})
    _error(neither, 422, "validation_failed")


def test_semantic_query_problems_are_422_for_all_queries_at_once(api_server: ApiServer) -> None:
    body = {
        "queries": [
            PERSON,
            {"id": "no-name", "schema": "Person", "properties": {"nationality": ["ru"]}},
            {"id": "bad-date", "schema": "Person", "properties": {"name": ["X Y"], "birthDate": ["soon"]}},
        ]
    }
    error = _error(_post(api_server, "/v1/screen", json=body), 422, "validation_failed")
    found = {(d["record"], d["field"]) for d in error["details"]}
    assert found == {
        ("no-name", "queries[1].properties.name"),
        ("bad-date", "queries[2].properties.birthDate"),
    }


def test_a_batch_over_the_limit_is_422(api_server: ApiServer) -> None:
    size = api_server.settings.api_max_batch + 1
    error = _error(
        _post(api_server, "/v1/screen", json={"queries": [PERSON] * size}), 422, "validation_failed"
    )
    assert error["details"][0]["field"] == "queries"
    yente = {"queries": {f"q{i}": PERSON for i in range(size)}}
    _error(_post(api_server, "/match/default", json=yente), 422, "validation_failed")
    ok = _post(api_server, "/v1/screen", json={"queries": [PERSON] * (size - 1)})
    assert ok.status_code == 200


def test_oversized_values_are_422(api_server: ApiServer) -> None:
    body = {"query": {"schema": "Person", "properties": {"name": ["x" * 1001]}}}
    _error(_post(api_server, "/v1/screen", json=body), 422, "validation_failed")


def test_unknown_routes_and_methods_use_the_error_shape(api_server: ApiServer) -> None:
    with api_server.client("admin") as client:
        _error(client.get("/v1/nothing-here"), 404, "not_found")
        _error(client.get("/v1/screen"), 405, "method_not_allowed")
