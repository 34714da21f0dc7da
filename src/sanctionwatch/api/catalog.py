"""Reading what is loaded: entities, name search, list versions and their changes (analyst role)."""

from __future__ import annotations

from typing import Annotated, Any

import anyio.to_thread
from fastapi import APIRouter, Depends, Path, Query, Request
from starlette.responses import Response

from sanctionwatch.api.access import Permission, guarded_route
from sanctionwatch.api.errors import field_problem
from sanctionwatch.api.models import ChangesResponse, EntityResponse, ListsResponse, SearchResponse
from sanctionwatch.api.responses import ERRORS, json_response
from sanctionwatch.api.screening import bearer, current_snapshot
from sanctionwatch.api.state import state_of
from sanctionwatch.errors import NotFoundError, ValidationFailed
from sanctionwatch.match import prepare
from sanctionwatch.model import Entity, Name, Schema
from sanctionwatch.model.ftm import ftm_schema, to_ftm
from sanctionwatch.screen.query import MAX_VALUE_CHARS
from sanctionwatch.store import ListDelta, ListVersion, Store

#: Deepest result a search pages to (offset + limit).
MAX_SEARCH_DEPTH = 500

router = APIRouter(route_class=guarded_route(Permission.READ), dependencies=[Depends(bearer)], tags=["lists"])


@router.get("/v1/entities/{entity_id}", response_model=EntityResponse, responses=ERRORS, summary="One entity")
async def entity(request: Request, entity_id: Annotated[str, Path(max_length=300)]) -> Response:
    """The entity as in the newest version it appears in, its FtM form, and every version it was in."""
    store = state_of(request).store
    history = await anyio.to_thread.run_sync(store.entity_history, entity_id)
    latest = history[-1].entity
    return json_response(
        {
            "id": latest.id,
            "entity": latest.to_dict(),
            "ftm": to_ftm(latest)[0],
            "versions": [
                {
                    "source": a.version.source,
                    "version": a.version.number,
                    "fetched_at": a.version.fetched_at.isoformat(),
                    "content_hash": a.content_hash,
                }
                for a in history
            ],
        }
    )


@router.get("/v1/search", response_model=SearchResponse, responses=ERRORS, summary="Search names")
async def search(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=MAX_VALUE_CHARS, description="Name or part of one.")],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_SEARCH_DEPTH - 1)] = 0,
) -> Response:
    """Entities of the loaded lists whose names share the rarest terms with ``q``, best first
    (transliteration- and typo-tolerant, like screening candidates; not scored by the matcher)."""
    snapshot = current_snapshot(state_of(request))
    text = " ".join(q.split())
    if not text:
        raise ValidationFailed("empty search", problems=(field_problem("q", "the search text is blank"),))
    query = Entity(
        id="search", schema=Schema.LEGAL_ENTITY, source="query", source_id="search", names=(Name(text),)
    )
    index = snapshot.screener.index
    depth = min(offset + limit, MAX_SEARCH_DEPTH)
    ranked = index.ranked(prepare(query), depth)[offset:depth]
    hits = []
    for number, score in ranked:
        found = index.entity(number).entity
        hits.append(
            {
                "id": found.id,
                "caption": found.primary_name,
                "schema": ftm_schema(found.schema),
                "source": found.source,
                "source_id": found.source_id,
                "score": round(min(1.0, max(0.0, score)), 4),
            }
        )
    return json_response({"query": text, "limit": limit, "offset": offset, "results": hits})


@router.get("/v1/lists", response_model=ListsResponse, responses=ERRORS, summary="List versions")
async def lists(request: Request) -> Response:
    """Every recorded version of every list, and the versions screening uses now."""
    state = state_of(request)
    versions = await anyio.to_thread.run_sync(state.store.versions)
    snapshot = state.service.current()
    screening = dict(snapshot.list_versions) if snapshot is not None else {}
    return json_response({"screening": screening, "versions": [_version(v) for v in versions]})


@router.get(
    "/v1/lists/{source}/changes",
    response_model=ChangesResponse,
    responses=ERRORS,
    summary="Changes of a list",
)
async def changes(
    request: Request,
    source: Annotated[str, Path(max_length=64, description="List key.")],
    since: Annotated[
        int | None, Query(ge=1, description="Changes since this version number; default: the last update.")
    ] = None,
) -> Response:
    """Entities added, removed and changed from version ``since`` (default: the one before the
    active version) to the active version."""
    store = state_of(request).store
    delta = await anyio.to_thread.run_sync(_delta, store, source, since)
    return json_response(_delta_dict(delta, since))


def _delta(store: Store, source: str, since: int | None) -> ListDelta:
    active = store.active_version(source)
    if active is None:
        raise NotFoundError(f"no version recorded for list {source[:64]!r}")
    if since is not None and since > active.number:
        problem = field_problem("since", f"list {source!r} has versions 1 to {active.number}")
        raise ValidationFailed(f"no version {since} of list {source!r}", problems=(problem,))
    return store.diff(source, since, active.number)


def _delta_dict(delta: ListDelta, since: int | None) -> dict[str, Any]:
    return {
        "source": delta.source,
        "since": since if since is not None else (delta.from_version.number if delta.from_version else None),
        "to_version": delta.to_version.number,
        "added": [e.to_dict() for e in delta.added],
        "removed": [e.to_dict() for e in delta.removed],
        "changed": [
            {
                "entity_id": change.entity_id,
                "changes": [
                    {"field": c.field, "added": list(c.added), "removed": list(c.removed)}
                    for c in change.changes
                ],
                "after": change.after.to_dict(),
            }
            for change in delta.changed
        ],
    }


def _version(version: ListVersion) -> dict[str, Any]:
    return {
        "source": version.source,
        "version": version.number,
        "active": version.active,
        "fetched_at": version.fetched_at.isoformat(),
        "published": version.published,
        "origin": version.origin,
        "format": version.format,
        "entity_count": version.entity_count,
        "stated_count": version.stated_count,
        "content_hash": version.content_hash,
        "files": dict(version.files),
    }
