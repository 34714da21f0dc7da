"""``POST /v1/screen`` over HTTP: single queries and batches, alerts with scores and explanations,
list versions, thresholds, list filters and limits; responses validate against the served models."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sanctionwatch.api.models import ScreenResponse

if TYPE_CHECKING:
    from tests.api.conftest import ApiServer

PETROV = {
    "id": "cust-1",
    "schema": "Person",
    "properties": {"name": ["Ivan Petrov"], "birthDate": ["1962-01-12"]},
}
ZARKOVIA = {"schema": "Company", "properties": {"name": "Zarkovia Trading LLC"}}
NOBODY = {"schema": "Person", "properties": {"name": ["Maria García López"], "birthDate": ["1991-11-30"]}}


def _screen(api_server: ApiServer, body: dict[str, Any]) -> dict[str, Any]:
    with api_server.client("screen") as client:
        response = client.post("/v1/screen", json=body)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    ScreenResponse.model_validate(response.json())  # the documented shape
    data: dict[str, Any] = response.json()
    return data


def _active_versions(api_server: ApiServer) -> dict[str, int]:
    with api_server.client("analyst") as client:
        versions = client.get("/v1/lists").json()["versions"]
    return {v["source"]: v["version"] for v in versions if v["active"]}


def test_a_single_query_finds_the_listed_person_with_an_explanation(api_server: ApiServer) -> None:
    data = _screen(api_server, {"query": PETROV})
    assert len(data["screening_id"]) >= 16
    assert data["list_versions"] == _active_versions(api_server)
    assert data["engine"]["threshold"] == 0.7
    assert data["engine"]["version"].startswith("0.")
    [result] = data["results"]
    assert result["query_id"] == "cust-1"
    ids = [alert["entity_id"] for alert in result["alerts"]]
    assert "ofac_sdn-95002" in ids  # PETROV, Ivan Sergeyevich, born 1962-01-12
    top = result["alerts"][0]
    assert top["score"] >= 0.7
    assert top["query_name"] == "Ivan Petrov"
    assert "PETROV" in top["matched_name"].upper()
    features = {f["feature"] for f in top["explanation"]["features"]}
    assert {"name", "birth_date"} <= features
    scores = [alert["score"] for alert in result["alerts"]]
    assert scores == sorted(scores, reverse=True)


def test_a_batch_returns_one_result_per_query_in_order(api_server: ApiServer) -> None:
    data = _screen(api_server, {"queries": [PETROV, ZARKOVIA, NOBODY]})
    results = data["results"]
    assert [r["query_id"] for r in results] == ["cust-1", "q2", "q3"]
    assert {a["source"] for a in results[1]["alerts"]} >= {"un_sc", "uk", "eu_fsf"}  # Zarkovia Trading LLC
    assert results[2]["alerts"] == []


def test_threshold_limit_and_lists_narrow_the_alerts(api_server: ApiServer) -> None:
    everything = _screen(api_server, {"query": PETROV, "threshold": 0.0, "limit": 100})["results"][0][
        "alerts"
    ]
    limited = _screen(api_server, {"query": PETROV, "threshold": 0.0, "limit": 2})["results"][0]["alerts"]
    strict = _screen(api_server, {"query": PETROV, "threshold": 0.99})["results"][0]["alerts"]
    un_only = _screen(api_server, {"query": PETROV, "lists": ["un_sc"], "threshold": 0.0})
    assert len(everything) > 2
    assert limited == everything[:2]
    assert all(a["score"] >= 0.99 for a in strict)
    assert len(strict) < len(everything)
    assert {a["source"] for a in un_only["results"][0]["alerts"]} == {"un_sc"}


def test_the_screen_uses_the_newest_list_version(api_server: ApiServer) -> None:
    removed = api_server.edits["removed"]  # dropped from OFAC SDN version 2
    query = {"schema": "Person", "properties": {"name": ["Rustam Farkhodovich Karimov"]}}
    data = _screen(api_server, {"query": query, "threshold": 0.0})
    assert data["list_versions"]["ofac_sdn"] == 2
    assert removed not in {a["entity_id"] for a in data["results"][0]["alerts"]}


def test_an_unknown_list_is_refused_naming_the_field(api_server: ApiServer) -> None:
    with api_server.client("screen") as client:
        response = client.post("/v1/screen", json={"query": PETROV, "lists": ["un_sc", "atlantis"]})
    assert response.status_code == 422
    [detail] = response.json()["error"]["details"]
    assert detail["field"] == "lists"
    assert "atlantis" in detail["message"]
