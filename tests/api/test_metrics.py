"""Prometheus metrics over HTTP (admin role): requests, latency, screenings, alerts, list versions."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.api.conftest import ApiServer

QUERY = {"query": {"schema": "Person", "properties": {"name": ["Ivan Petrov"]}}}


def _sample(text: str, name: str, **labels: str) -> float:
    for line in text.splitlines():
        match = re.fullmatch(rf"{name}\{{(.*)\}} (\S+)", line)
        if match and all(f'{k}="{v}"' in match.group(1) for k, v in labels.items()):
            return float(match.group(2))
    raise AssertionError(f"no sample {name} {labels} in the metrics")


def test_metrics_count_requests_screenings_and_show_list_versions(api_server: ApiServer) -> None:
    with api_server.client("admin") as admin:
        before = admin.get("/metrics").text
        for _ in range(3):
            assert admin.post("/v1/screen", json=QUERY).status_code == 200
        admin.get("/v1/entities/none-such")
        response = admin.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    route = {"route": "/v1/screen", "method": "POST", "status": "200"}
    counted = _sample(text, "sanctionwatch_http_requests_total", **route)
    assert counted - _sample_or_zero(before, "sanctionwatch_http_requests_total", **route) == 3
    assert (
        _sample(text, "sanctionwatch_http_requests_total", route="/v1/entities/{entity_id}", status="404")
        >= 1
    )
    assert _sample(text, "sanctionwatch_screenings_total", endpoint="/v1/screen") >= 3
    assert _sample(text, "sanctionwatch_alerts_total", endpoint="/v1/screen") >= 3
    assert _sample(text, "sanctionwatch_http_request_duration_seconds_count", route="/v1/screen") >= 3
    assert _sample(text, "sanctionwatch_list_version", list="ofac_sdn") == 2
    assert "sanctionwatch_audit_queue_depth" in text
    assert "Ivan" not in text  # no customer data in metrics


def _sample_or_zero(text: str, name: str, **labels: str) -> float:
    try:
        return _sample(text, name, **labels)
    except AssertionError:
        return 0.0
