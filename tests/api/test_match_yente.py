"""yente-compatible ``POST /match/{dataset}`` over HTTP: yente's request body, query parameters and
response shape (checked field by field against yente's documented structure)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sanctionwatch.api.yente import EntityMatchResponse

if TYPE_CHECKING:
    from tests.api.conftest import ApiServer

PETROV = {"schema": "Person", "properties": {"name": ["Ivan Petrov"], "birthDate": ["1962"]}}
ZARKOVIA = {"schema": "Company", "properties": {"name": ["Zarkovia Trading"]}}
RESULT_KEYS = {
    "id", "caption", "schema", "properties", "datasets", "referents", "target",
    "first_seen", "last_seen", "last_change", "score", "features", "match", "explanations",
}  # fmt: skip


def _match(api_server: ApiServer, dataset: str, body: dict[str, Any], **params: Any) -> dict[str, Any]:
    with api_server.client("screen") as client:
        response = client.post(f"/match/{dataset}", json=body, params=params)
    assert response.status_code == 200, response.text
    EntityMatchResponse.model_validate(response.json())
    data: dict[str, Any] = response.json()
    return data


def test_the_response_has_yentes_shape(api_server: ApiServer) -> None:
    data = _match(api_server, "default", {"queries": {"q1": PETROV, "q2": ZARKOVIA}})
    assert set(data) == {"responses", "matcher", "limit"}
    assert data["limit"] == 5  # yente's default
    assert isinstance(data["matcher"]["name"], str)
    assert set(data["responses"]) == {"q1", "q2"}
    q1 = data["responses"]["q1"]
    assert q1["status"] == 200
    assert q1["total"] == {"value": len(q1["results"]), "relation": "eq"}
    assert q1["query"]["schema"] == "Person"
    assert q1["query"]["properties"]["name"] == ["Ivan Petrov"]
    assert q1["results"], "the fictional PETROV should match"
    for result in q1["results"]:
        assert set(result) == RESULT_KEYS
        assert result["schema"] == "Person"
        assert all(isinstance(v, list) for v in result["properties"].values())
        assert result["match"] == (result["score"] >= 0.7)
        assert result["score"] >= 0.5  # yente's default cutoff
        assert set(result["features"]) == set(result["explanations"])
        assert result["datasets"] and result["target"] is True
        assert result["first_seen"] <= result["last_seen"]
    best = q1["results"][0]
    assert best["caption"] and best["caption"] in best["properties"]["name"]


def test_a_list_dataset_screens_that_list_only(api_server: ApiServer) -> None:
    data = _match(api_server, "uk", {"queries": {"q": ZARKOVIA}})
    results = data["responses"]["q"]["results"]
    assert results
    assert {d for r in results for d in r["datasets"]} == {"uk"}


def test_query_parameters_filter_and_mark_results(api_server: ApiServer) -> None:
    body = {"queries": {"q": ZARKOVIA}}
    everything = _match(api_server, "default", body, cutoff=0.0, limit=50)["responses"]["q"]["results"]
    ids = [r["id"] for r in everything]
    assert len(ids) >= 3  # the UN, UK and EU "Zarkovia Trading LLC"
    limited = _match(api_server, "default", body, cutoff=0.0, limit=2)["responses"]["q"]["results"]
    assert [r["id"] for r in limited] == ids[:2]
    excluded = _match(api_server, "default", body, cutoff=0.0, limit=50, exclude_entity_ids=ids[0])
    assert [r["id"] for r in excluded["responses"]["q"]["results"]] == ids[1:]
    only_eu = _match(api_server, "default", body, cutoff=0.0, include_dataset="eu_fsf")
    assert {d for r in only_eu["responses"]["q"]["results"] for d in r["datasets"]} == {"eu_fsf"}
    no_eu = _match(api_server, "default", body, cutoff=0.0, limit=50, exclude_dataset="eu_fsf")
    assert "eu_fsf" not in {d for r in no_eu["responses"]["q"]["results"] for d in r["datasets"]}
    strict = _match(api_server, "default", body, threshold=1.0, cutoff=0.0, limit=50)
    assert [r["match"] for r in strict["responses"]["q"]["results"]] == [
        r["score"] >= 1.0 for r in strict["responses"]["q"]["results"]
    ]
    high_cutoff = _match(api_server, "default", body, cutoff=0.95, limit=50)
    assert all(r["score"] >= 0.95 for r in high_cutoff["responses"]["q"]["results"])


def test_algorithm_fuzzy_topics_and_changed_since_are_accepted(api_server: ApiServer) -> None:
    body = {"queries": {"q": PETROV}}
    params = {"algorithm": "logic-v2", "fuzzy": "true", "topics": "sanction", "changed_since": "2000-01-01"}
    data = _match(api_server, "default", body, **params)
    assert data["responses"]["q"]["results"]
    crime_only = _match(api_server, "default", body, topics="crime")
    assert crime_only["responses"]["q"]["results"] == []
    future = _match(api_server, "default", body, changed_since="2999-01-01")
    assert future["responses"]["q"]["results"] == []


def test_an_unknown_dataset_is_404_in_the_error_shape(api_server: ApiServer) -> None:
    with api_server.client("screen") as client:
        response = client.post("/match/atlantis", json={"queries": {"q": PETROV}})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert "atlantis" in response.json()["error"]["message"]


def test_invalid_queries_are_refused_naming_the_query(api_server: ApiServer) -> None:
    body = {"queries": {"good": PETROV, "bad": {"schema": "Person", "properties": {"birthDate": ["1970"]}}}}
    with api_server.client("screen") as client:
        response = client.post("/match/default", json=body)
    assert response.status_code == 422
    [detail] = response.json()["error"]["details"]
    assert detail["record"] == "bad"
    assert detail["field"].startswith("queries.bad.")
