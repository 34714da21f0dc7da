"""Audit test fixtures: an opened store on each backend, a running recorder, screening records.

Builders are handed out as fixtures because tests import no helper modules."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from sanctionwatch.audit.recorder import AuditRecorder, ScreeningRecord
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store

RecordFactory = Callable[..., ScreeningRecord]


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    with Store.open(settings) as opened:
        yield opened


@pytest.fixture
def recorder(store: Store, settings: Settings) -> Iterator[AuditRecorder]:
    with AuditRecorder.start(settings, store) as running:
        yield running


def _alert(rank: int, name: str) -> dict[str, Any]:
    return {
        "query_id": "q1",
        "entity_id": f"zk_list-{rank + 1}",
        "source": "zk_list",
        "source_id": str(rank + 1),
        "schema": "Person",
        "matched_name": name,
        "query_name": "Ivan Petrov-Fictive",
        "score": round(0.99 - rank / 10, 4),
        "explanation": {"features": [{"feature": "name", "score": 0.9, "detail": f"rank {rank}"}]},
    }


@pytest.fixture
def make_record() -> RecordFactory:
    """A /v1/screen record; keyword arguments replace fields, ``names`` gives one alert per name."""

    def build(names: tuple[str, ...] = ("PETROV-FICTIVE, Ivan",), **changes: Any) -> ScreeningRecord:
        fields: dict[str, Any] = {
            "screening_id": uuid.uuid4().hex,
            "received_at": datetime.now(UTC),
            "key_prefix": "Tk3yPref",
            "role": "screen",
            "endpoint": "/v1/screen",
            "query": {"query": {"schema": "Person", "properties": {"name": ["Ivan Petrov-Fictive"]}}},
            "list_versions": {"zk_list": 1},
            "engine_version": "0.1.0+0123456789ab",
            "threshold": 0.7,
            "limit": 10,
            "alerts": tuple(_alert(rank, name) for rank, name in enumerate(names)),
        }
        fields.update(changes)
        return ScreeningRecord(**fields)

    return build
