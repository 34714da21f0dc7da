"""The served OpenAPI schema describes the endpoints, their errors and their models."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.api.conftest import ApiServer

OPERATIONS = {
    ("/v1/screen", "post"),
    ("/match/{dataset}", "post"),
    ("/v1/entities/{entity_id}", "get"),
    ("/v1/search", "get"),
    ("/v1/lists", "get"),
    ("/v1/lists/{source}/changes", "get"),
    ("/v1/lists/update", "post"),
    ("/metrics", "get"),
    ("/healthz", "get"),
    ("/readyz", "get"),
}


def _schema(api_server: ApiServer) -> dict[str, Any]:
    with api_server.client() as client:
        response = client.get("/openapi.json")
    assert response.status_code == 200
    schema: dict[str, Any] = response.json()
    return schema


def _resolve(schema: dict[str, Any], ref: str) -> dict[str, Any]:
    node: Any = schema
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    assert isinstance(node, dict)
    return node


def test_every_endpoint_is_documented(api_server: ApiServer) -> None:
    schema = _schema(api_server)
    documented = {(path, method) for path, item in schema["paths"].items() for method in item}
    assert documented == OPERATIONS


def test_every_reference_resolves(api_server: ApiServer) -> None:
    schema = _schema(api_server)

    def refs(node: Any) -> list[str]:
        if isinstance(node, dict):
            found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
            return found + [r for value in node.values() for r in refs(value)]
        if isinstance(node, list):
            return [r for value in node for r in refs(value)]
        return []

    for ref in refs(schema):
        assert _resolve(schema, ref) is not None, ref


def test_protected_operations_document_the_error_shape(api_server: ApiServer) -> None:
    schema = _schema(api_server)
    for path, method in OPERATIONS - {("/healthz", "get"), ("/readyz", "get")}:
        responses = schema["paths"][path][method]["responses"]
        for status in ("401", "403", "413", "429"):
            content = responses[status]["content"]["application/json"]["schema"]
            assert _resolve(schema, content["$ref"])["properties"].keys() == {"error"}


def test_the_screen_request_is_strict_and_bounded(api_server: ApiServer) -> None:
    schema = _schema(api_server)
    body = schema["paths"]["/v1/screen"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    request = _resolve(schema, body["$ref"])
    assert request["additionalProperties"] is False
    assert request["properties"]["limit"]["maximum"] == 100
    assert request["oneOf"] == [{"required": ["query"]}, {"required": ["queries"]}]
    query = _resolve(schema, request["properties"]["query"]["$ref"])
    assert "Person" in query["properties"]["schema"]["enum"]
    assert query["required"] == ["schema", "properties"]
    # A query needs a name: one of the name properties (or name parts) with a non-blank value.
    named = {option["required"][0] for option in query["properties"]["properties"]["anyOf"]}
    assert {"name", "alias", "firstName", "lastName"} <= named
