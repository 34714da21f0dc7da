"""Authentication and roles on every endpoint, over HTTP: 401 without a valid key (with
``WWW-Authenticate: Bearer``), 403 for a role without the permission, public health and schema."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from tests.api.conftest import ApiServer

QUERY = {"schema": "Person", "properties": {"name": ["Ivan Petrov"]}}

# (method, path, JSON body, role that needs it)
ENDPOINTS: list[tuple[str, str, Any, str]] = [
    ("POST", "/v1/screen", {"query": QUERY}, "screen"),
    ("POST", "/match/default", {"queries": {"q1": QUERY}}, "screen"),
    ("GET", "/v1/entities/ofac_sdn-95002", None, "analyst"),
    ("GET", "/v1/search?q=zarkovia", None, "analyst"),
    ("GET", "/v1/lists", None, "analyst"),
    ("GET", "/v1/lists/ofac_sdn/changes", None, "analyst"),
    ("GET", "/metrics", None, "admin"),
    ("POST", "/v1/lists/update", None, "admin"),
]
RANK = {"screen": 0, "analyst": 1, "admin": 2}


def _assert_error(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert set(response.json()) == {"error"}
    assert response.json()["error"]["code"] == code
    assert response.headers["x-request-id"]


@pytest.mark.parametrize(("method", "path", "body", "needs"), ENDPOINTS)
def test_every_protected_endpoint_refuses_anonymous_and_bad_keys(
    api_server: ApiServer, method: str, path: str, body: Any, needs: str
) -> None:
    del needs
    bad = {"Authorization": "Bearer sw_not-a-real-key"}
    basic = {"Authorization": "Basic dXNlcjpwYXNz"}
    for headers in ({}, bad, basic):
        with api_server.client(**headers) as client:
            response = client.request(method, path, json=body)
        _assert_error(response, 401, "unauthenticated")
        assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(("method", "path", "body", "needs"), ENDPOINTS)
@pytest.mark.parametrize("role", ["screen", "analyst", "admin"])
def test_roles_grant_exactly_their_endpoints(
    api_server: ApiServer, method: str, path: str, body: Any, needs: str, role: str
) -> None:
    with api_server.client(role) as client:
        response = client.request(method, path, json=body)
    if RANK[role] >= RANK[needs]:
        assert response.status_code in (200, 202), response.text
    else:
        _assert_error(response, 403, "forbidden")


def test_authentication_comes_before_body_validation(api_server: ApiServer) -> None:
    with api_server.client(**{"Content-Type": "application/json"}) as client:
        response = client.post("/v1/screen", content=b"{not json")
    _assert_error(response, 401, "unauthenticated")


def test_health_readiness_and_schema_need_no_key(api_server: ApiServer) -> None:
    with api_server.client() as client:
        assert client.get("/healthz").json() == {"status": "ok"}
        ready = client.get("/readyz")
        schema = client.get("/openapi.json")
    assert ready.status_code == 200
    assert ready.json()["status"] == "ready"
    assert set(ready.json()["list_versions"]) == {"ofac_sdn", "ofac_cons", "un_sc", "eu_fsf", "uk"}
    assert schema.status_code == 200
    assert schema.json()["openapi"].startswith("3.")


def test_the_schema_declares_bearer_security_on_protected_operations(api_server: ApiServer) -> None:
    with api_server.client() as client:
        schema = client.get("/openapi.json").json()
    schemes = schema["components"]["securitySchemes"]
    assert any(s["type"] == "http" and s["scheme"].lower() == "bearer" for s in schemes.values())
    templates = {
        "/v1/entities/ofac_sdn-95002": "/v1/entities/{entity_id}",
        "/v1/lists/ofac_sdn/changes": "/v1/lists/{source}/changes",
        "/match/default": "/match/{dataset}",
    }
    for method, path, _, _ in ENDPOINTS:
        bare = path.split("?")[0]
        operation = schema["paths"][templates.get(bare, bare)][method.lower()]
        assert operation.get("security"), f"{method} {path} lacks a security requirement"
    for public in ("/healthz", "/readyz"):
        assert not schema["paths"][public]["get"].get("security")


def test_request_ids_are_returned_and_client_ids_kept(api_server: ApiServer) -> None:
    with api_server.client("screen", **{"X-Request-ID": "trace-123"}) as client:
        echoed = client.post("/v1/screen", json={"query": QUERY})
    with api_server.client("screen") as client:
        first = client.post("/v1/screen", json={"query": QUERY})
        second = client.post("/v1/screen", json={"query": QUERY})
    assert echoed.headers["x-request-id"] == "trace-123"
    assert first.headers["x-request-id"] != second.headers["x-request-id"]
