"""Per-key rate limits over HTTP: 429 with Retry-After, per key, never on health."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.api.conftest import ApiServer

QUERY = {"query": {"schema": "Person", "properties": {"name": ["Ivan Petrov"]}}}


def test_a_key_over_its_rate_gets_429_with_retry_after(limited_api_server: ApiServer) -> None:
    burst = limited_api_server.settings.api_rate_burst
    with limited_api_server.client("screen") as client:
        statuses = [client.post("/v1/screen", json=QUERY).status_code for _ in range(burst + 2)]
        refused = client.post("/v1/screen", json=QUERY)
    assert statuses[:burst] == [200] * burst
    assert statuses[burst:] == [429, 429]
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "rate_limited"
    retry_after = int(refused.headers["retry-after"])
    assert 1 <= retry_after <= 1 / limited_api_server.settings.api_rate_limit + 1
    # Other keys have buckets of their own; health is never limited.
    with limited_api_server.client("analyst") as other:
        assert other.post("/v1/screen", json=QUERY).status_code == 200
    with limited_api_server.client() as anonymous:
        assert all(anonymous.get("/healthz").status_code == 200 for _ in range(burst + 2))
