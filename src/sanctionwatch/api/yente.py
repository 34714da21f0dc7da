"""``POST /match/{dataset}``: the request, query parameters and response of OpenSanctions' yente,
so yente clients can switch without code changes.

``default`` screens against every loaded list, a list key against that list alone. Results are
the matched entities in FollowTheMoney form with ``score``, ``match`` (score >= ``threshold``),
per-feature ``features`` and ``explanations``; entities scoring below ``cutoff`` are not returned.
Every call is recorded in the audit trail (one entry for all its queries) before the response.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Annotated, Any

import anyio.to_thread
from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from sanctionwatch.api.access import Permission, guarded_route, principal_of
from sanctionwatch.api.errors import field_problem
from sanctionwatch.api.models import MAX_PROPERTIES, Identifier, SchemaName, Value, Values
from sanctionwatch.api.responses import ERRORS, json_response
from sanctionwatch.api.screening import (
    Screening,
    audit_alerts,
    bearer,
    current_snapshot,
    new_screening_id,
    query_entities,
    record,
)
from sanctionwatch.api.state import AuditEntry, Snapshot, state_of
from sanctionwatch.errors import NotFoundError, ValidationFailed
from sanctionwatch.match import MatchConfig
from sanctionwatch.model import Entity
from sanctionwatch.model.ftm import ftm_schema, to_ftm
from sanctionwatch.screen import Alert
from sanctionwatch.store import Store

DEFAULT_DATASET = "default"
#: yente's defaults: results per query, "match" threshold, lowest score returned.
DEFAULT_LIMIT = 5
DEFAULT_THRESHOLD = 0.7
DEFAULT_CUTOFF = 0.5
MAX_LIMIT = 500
ALGORITHM = "sanctionwatch"


class EntityExample(BaseModel):
    """A query entity as yente takes it."""

    model_config = ConfigDict(strict=True, populate_by_name=True)

    id: Identifier | None = None
    schema_: SchemaName = Field(alias="schema")
    properties: dict[str, Values | Value] = Field(max_length=MAX_PROPERTIES)


class EntityMatchQuery(BaseModel):
    """yente's request body: named queries, plus weights and config (accepted; our engine's own
    calibrated weights apply)."""

    model_config = ConfigDict(strict=True)

    queries: dict[Annotated[str, Field(max_length=200)], EntityExample] = Field(min_length=1)
    weights: dict[str, float] = Field(default_factory=dict)
    config: dict[str, Any] = Field(default_factory=dict)


class QueryEcho(BaseModel):
    id: str | None
    schema_: str = Field(alias="schema")
    properties: dict[str, list[str]]


class FtResult(BaseModel):
    score: float
    detail: str | None


class ScoredEntity(BaseModel):
    id: str
    caption: str
    schema_: str = Field(alias="schema")
    properties: dict[str, list[Any]]
    datasets: list[str]
    referents: list[str]
    target: bool
    first_seen: str | None
    last_seen: str | None
    last_change: str | None
    score: float
    features: dict[str, float]
    match: bool
    explanations: dict[str, FtResult]


class TotalSpec(BaseModel):
    value: int
    relation: str


class EntityMatches(BaseModel):
    status: int
    results: list[ScoredEntity]
    total: TotalSpec
    query: QueryEcho


class FeatureDoc(BaseModel):
    description: str
    coefficient: float
    url: str


class AlgorithmInfo(BaseModel):
    name: str
    description: str
    features: dict[str, FeatureDoc]


class EntityMatchResponse(BaseModel):
    responses: dict[str, EntityMatches]
    matcher: AlgorithmInfo
    limit: int


@dataclass(slots=True, frozen=True)
class MatchParams:
    """The query parameters of one call."""

    limit: int
    threshold: float
    cutoff: float
    include_dataset: tuple[str, ...]
    exclude_dataset: tuple[str, ...]
    exclude_schema: tuple[str, ...]
    topics: tuple[str, ...]
    changed_since: date | None
    exclude_entity_ids: frozenset[str]


@dataclass(slots=True, frozen=True)
class _Seen:
    """A result entity as screened, with its history in the store."""

    entity: Entity
    first_seen: str
    last_seen: str
    last_change: str


def _matcher_info() -> dict[str, Any]:
    config = MatchConfig()
    docs = {
        "name": ("Name similarity after normalisation and transliteration, part by part.", 1.0),
        "birth_date": (
            "Birth date agreement (adds) or clear conflict (subtracts).",
            config.dob_conflict_weight,
        ),
        "country": ("Shared or conflicting nationality/country.", config.country_conflict_weight),
        "identifier": ("An equal identifier lifts the score to at least this.", config.identifier_floor),
        "legal_form": ("Organisation legal forms agree or differ.", config.legal_form_conflict_weight),
        "entity_type": ("Incompatible entity types set the score to 0.", 1.0),
        "script_crossing": ("Names compared across writing systems (informational).", 0.0),
    }
    return {
        "name": ALGORITHM,
        "description": "sanctionwatch's transliteration-aware matcher with calibrated scores "
        f"(default threshold {config.threshold}).",
        "features": {
            name: {"description": text, "coefficient": weight, "url": ""}
            for name, (text, weight) in docs.items()
        },
    }


MATCHER = _matcher_info()

router = APIRouter(
    route_class=guarded_route(Permission.SCREEN), dependencies=[Depends(bearer)], tags=["yente"]
)

_ListParam = Annotated[list[Annotated[str, Field(max_length=200)]], Query(max_length=100)]


@router.post(
    "/match/{dataset}",
    response_model=EntityMatchResponse,
    responses=ERRORS,
    summary="yente-compatible matching",
)
async def match(
    request: Request,
    body: EntityMatchQuery,
    dataset: Annotated[str, Path(max_length=64, description="`default` (all lists) or a list key.")],
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Results per query.")] = DEFAULT_LIMIT,
    threshold: Annotated[
        float, Query(ge=0, le=1, description="Score from which `match` is true.")
    ] = DEFAULT_THRESHOLD,
    cutoff: Annotated[float, Query(ge=0, le=1, description="Lowest score returned at all.")] = DEFAULT_CUTOFF,
    algorithm: Annotated[
        str, Query(max_length=64, description="Accepted; there is one algorithm.")
    ] = ALGORITHM,
    include_dataset: _ListParam = [],  # noqa: B006 (FastAPI copies defaults per request)
    exclude_dataset: _ListParam = [],  # noqa: B006
    exclude_schema: _ListParam = [],  # noqa: B006
    topics: _ListParam = [],  # noqa: B006
    changed_since: Annotated[date | None, Query(description="Only entities changed since this date.")] = None,
    exclude_entity_ids: _ListParam = [],  # noqa: B006
    fuzzy: Annotated[
        bool, Query(description="Accepted for compatibility; matching is always fuzzy.")
    ] = False,
) -> Response:
    """Match each named query; the response mirrors yente's ``/match/{dataset}``."""
    received_at = datetime.now(UTC)
    state = state_of(request)
    principal = principal_of(request)
    if len(body.queries) > state.settings.api_max_batch:
        problem = field_problem(
            "queries", f"{len(body.queries)} queries (limit {state.settings.api_max_batch})"
        )
        raise ValidationFailed("batch too large", problems=(problem,))
    snapshot = current_snapshot(state)
    params = MatchParams(
        limit=limit,
        threshold=threshold,
        cutoff=cutoff,
        include_dataset=tuple(include_dataset),
        exclude_dataset=tuple(exclude_dataset),
        exclude_schema=tuple(exclude_schema),
        topics=tuple(topics),
        changed_since=changed_since,
        exclude_entity_ids=frozenset(exclude_entity_ids),
    )
    lists = _lists(snapshot, dataset, params)
    names = list(body.queries)
    queries = query_entities([(f"queries.{name}", name, body.queries[name]) for name in names])
    # Screen for more than `limit` when results may be filtered out afterwards.
    screening = Screening(cutoff, limit + len(params.exclude_entity_ids), lists)
    found = await screening.run(snapshot.screener, queries) if lists else [[] for _ in queries]
    results = await anyio.to_thread.run_sync(_results, state.store, snapshot, found, params)
    responses = {name: _matches(body.queries[name], hits) for name, hits in zip(names, results, strict=True)}
    kept = [[alert for alert, _ in hits] for hits in results]
    entry = AuditEntry(
        screening_id=new_screening_id(),
        received_at=received_at,
        key_prefix=principal.key_prefix,
        role=principal.role,
        endpoint=f"/match/{dataset}",
        query={
            "body": body.model_dump(mode="json", by_alias=True, exclude_none=True),
            "params": [[key, value] for key, value in request.query_params.multi_items()],
        },
        # Every loaded list, not only the dataset's: scores depend on the whole index (token
        # frequencies), so replay must rebuild it from all of them; `lists` keeps the subset.
        list_versions=dict(snapshot.list_versions),
        engine_version=snapshot.screener.engine_version,
        threshold=cutoff,
        limit=screening.limit,
        lists=lists,
        alerts=audit_alerts(kept),
    )
    await record(state, entry, len(queries))
    headers = {"X-Screening-ID": entry.screening_id}
    response = json_response({"responses": responses, "matcher": MATCHER, "limit": limit})
    response.headers.update(headers)
    return response


def _lists(snapshot: Snapshot, dataset: str, params: MatchParams) -> tuple[str, ...]:
    """The lists this call screens against (possibly none, after the dataset filters)."""
    loaded = sorted(snapshot.list_versions)
    if dataset != DEFAULT_DATASET and dataset not in snapshot.list_versions:
        known = ", ".join([DEFAULT_DATASET, *loaded])
        raise NotFoundError(f"unknown dataset {dataset[:64]!r} (known: {known})")
    chosen = loaded if dataset == DEFAULT_DATASET else [dataset]
    if params.include_dataset:
        chosen = [name for name in chosen if name in params.include_dataset]
    chosen = [name for name in chosen if name not in params.exclude_dataset]
    # Every listed entity is a sanctions target: a topic filter without "sanction" excludes all.
    if params.topics and "sanction" not in params.topics:
        chosen = []
    return tuple(chosen)


def _results(
    store: Store, snapshot: Snapshot, found: Sequence[Sequence[Alert]], params: MatchParams
) -> list[list[tuple[Alert, dict[str, Any]]]]:
    """Each query's alerts that pass the filters, with the scored entity (runs on a worker thread:
    the entity as screened and when it was first/last seen come from the store)."""
    results: list[list[tuple[Alert, dict[str, Any]]]] = []
    for alerts in found:
        kept: list[tuple[Alert, dict[str, Any]]] = []
        for alert in alerts:
            if alert.entity_id in params.exclude_entity_ids:
                continue
            seen = _seen(store, alert, snapshot.list_versions)
            if seen is None or not _wanted(seen, params):
                continue
            kept.append((alert, _scored(alert, seen, params.threshold)))
            if len(kept) == params.limit:
                break
        results.append(kept)
    return results


def _wanted(seen: _Seen, params: MatchParams) -> bool:
    if ftm_schema(seen.entity.schema) in params.exclude_schema:
        return False
    since = params.changed_since
    return since is None or seen.last_change[:10] >= since.isoformat()


def _seen(store: Store, alert: Alert, versions: Mapping[str, int]) -> _Seen | None:
    """The entity as in the version screened, when it was first and last seen and last changed."""
    try:
        history = store.entity_history(alert.entity_id)
    except NotFoundError:
        return None
    upto = versions.get(alert.source)
    history = [a for a in history if upto is None or a.version.number <= upto]
    if not history:
        return None
    latest = history[-1]
    changed = latest
    for appearance in reversed(history):
        if appearance.content_hash != latest.content_hash:
            break
        changed = appearance
    return _Seen(
        latest.entity,
        history[0].version.fetched_at.isoformat(),
        latest.version.fetched_at.isoformat(),
        changed.version.fetched_at.isoformat(),
    )


def _scored(alert: Alert, seen: _Seen, threshold: float) -> dict[str, Any]:
    entity = seen.entity
    ftm = to_ftm(entity)[0]
    features: dict[str, float] = {}
    explanations: dict[str, dict[str, Any]] = {}
    for feature in alert.explanation.get("features", []):
        name = str(feature.get("feature"))
        features[name] = float(feature.get("score", 0.0))
        explanations[name] = {"score": features[name], "detail": feature.get("detail")}
    return {
        "id": entity.id,
        "caption": entity.primary_name,
        "schema": ftm["schema"],
        "properties": ftm.get("properties", {}),
        "datasets": [entity.source],
        "referents": [],
        "target": True,
        "first_seen": seen.first_seen,
        "last_seen": seen.last_seen,
        "last_change": seen.last_change,
        "score": alert.score,
        "features": features,
        "match": alert.score >= threshold,
        "explanations": explanations,
    }


def _matches(query: EntityExample, hits: Sequence[tuple[Alert, dict[str, Any]]]) -> dict[str, Any]:
    echo = {
        "id": query.id,
        "schema": query.schema_,
        "properties": {k: [v] if isinstance(v, str) else list(v) for k, v in query.properties.items()},
    }
    return {
        "status": 200,
        "results": [scored for _, scored in hits],
        "total": {"value": len(hits), "relation": "eq"},
        "query": echo,
    }
