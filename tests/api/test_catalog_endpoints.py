"""Entities, name search, list versions and changes over HTTP (analyst role)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sanctionwatch.api.models import ChangesResponse, EntityResponse, ListsResponse, SearchResponse
from sanctionwatch.store import Store

if TYPE_CHECKING:
    from tests.api.conftest import ApiServer


def _get(api_server: ApiServer, path: str, **params: Any) -> Any:
    with api_server.client("analyst") as client:
        return client.get(path, params=params)


def test_lists_show_every_version_and_what_screening_uses(api_server: ApiServer) -> None:
    response = _get(api_server, "/v1/lists")
    assert response.status_code == 200
    data = ListsResponse.model_validate(response.json())
    with Store.open(api_server.settings) as store:
        recorded = store.versions()
    assert [(v.source, v.version, v.entity_count) for v in data.versions] == [
        (v.source, v.number, v.entity_count) for v in recorded
    ]
    assert data.screening == {v.source: v.number for v in recorded if v.active}
    sdn = [v for v in data.versions if v.source == "ofac_sdn"]
    assert [(v.version, v.active) for v in sdn] == [(1, False), (2, True)]


def test_changes_since_a_version_show_added_removed_and_changed(api_server: ApiServer) -> None:
    response = _get(api_server, "/v1/lists/ofac_sdn/changes", since=1)
    assert response.status_code == 200
    delta = ChangesResponse.model_validate(response.json())
    assert (delta.since, delta.to_version) == (1, 2)
    assert [e["id"] for e in delta.removed] == [api_server.edits["removed"]]
    assert delta.added == []
    [changed] = delta.changed
    assert changed.entity_id == api_server.edits["renamed"]
    assert any("ZARKOVIA QUANTUM FICTIVE HOLDING" in v for c in changed.changes for v in c.added)
    default = _get(api_server, "/v1/lists/ofac_sdn/changes").json()
    assert default == response.json() | {"since": 1}
    first = _get(api_server, "/v1/lists/un_sc/changes").json()  # the first version: everything is new
    versions = _get(api_server, "/v1/lists").json()["versions"]
    [un_sc] = [v for v in versions if v["source"] == "un_sc"]
    assert (first["since"], first["to_version"]) == (None, 1)
    assert len(first["added"]) == un_sc["entity_count"] > 0


def test_changes_of_unknown_lists_or_versions_are_refused(api_server: ApiServer) -> None:
    unknown = _get(api_server, "/v1/lists/atlantis/changes")
    assert unknown.status_code == 404
    assert unknown.json()["error"]["code"] == "not_found"
    future = _get(api_server, "/v1/lists/ofac_sdn/changes", since=9)
    assert future.status_code == 422
    assert future.json()["error"]["details"][0]["field"] == "since"
    zero = _get(api_server, "/v1/lists/ofac_sdn/changes", since=0)
    assert zero.status_code == 422


def test_an_entity_comes_with_its_ftm_form_and_versions(api_server: ApiServer) -> None:
    renamed = api_server.edits["renamed"]
    response = _get(api_server, f"/v1/entities/{renamed}")
    assert response.status_code == 200
    data = EntityResponse.model_validate(response.json())
    assert data.id == renamed
    assert [(v.source, v.version) for v in data.versions] == [("ofac_sdn", 1), ("ofac_sdn", 2)]
    assert data.versions[0].content_hash != data.versions[1].content_hash
    assert data.ftm["id"] and data.ftm["schema"] == "Organization"
    assert "ZARKOVIA QUANTUM FICTIVE HOLDING" in data.ftm["properties"]["alias"]
    removed = _get(api_server, f"/v1/entities/{api_server.edits['removed']}").json()
    assert [v["version"] for v in removed["versions"]] == [1]


def test_an_unknown_entity_is_404(api_server: ApiServer) -> None:
    response = _get(api_server, "/v1/entities/ofac_sdn-00000")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_search_finds_names_across_lists_and_pages(api_server: ApiServer) -> None:
    response = _get(api_server, "/v1/search", q="zarkovia trading")
    assert response.status_code == 200
    data = SearchResponse.model_validate(response.json())
    top = {hit.id for hit in data.results[:3]}
    assert top == {"un_sc-zve.001", "uk-90003", "eu_fsf-900103"}  # the three "Zarkovia Trading LLC"
    scores = [hit.score for hit in data.results]
    assert scores == sorted(scores, reverse=True)
    everything = _get(api_server, "/v1/search", q="zarkovia", limit=100).json()["results"]
    page = _get(api_server, "/v1/search", q="zarkovia", limit=3, offset=3).json()["results"]
    assert len(everything) > 6
    assert page == everything[3:6]


def test_search_is_transliteration_tolerant(api_server: ApiServer) -> None:
    data = _get(api_server, "/v1/search", q="Иван Петров").json()
    assert "ofac_sdn-95002" in {hit["id"] for hit in data["results"]}


def test_search_refuses_blank_or_missing_text(api_server: ApiServer) -> None:
    assert _get(api_server, "/v1/search", q="   ").status_code == 422
    missing = _get(api_server, "/v1/search")
    assert missing.status_code == 422
    assert missing.json()["error"]["details"][0]["field"] == "query.q"
