"""Request and response models of the ``/v1`` endpoints (pydantic, so the OpenAPI schema is exact).

Requests are strict: unknown fields, wrong JSON types and unknown schemata are refused with a 422
naming the field. Responses are built as plain dicts on the hot path and documented by these
models; tests validate served responses against them.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from sanctionwatch.screen.query import MAX_VALUE_CHARS, MAX_VALUES, NAME_PART_PROPERTIES, NAME_PROPERTIES

#: FtM schemata a query may name (FtM spelling; ``Thing``/``LegalEntity`` match people and organisations).
SchemaName = Literal[
    "Person",
    "Organization",
    "Company",
    "LegalEntity",
    "Thing",
    "PublicBody",
    "Vessel",
    "Airplane",
    "Aircraft",
]
#: Properties accepted per query (FtM has about a hundred; matching uses fewer than forty).
MAX_PROPERTIES = 64
#: Lists a request may name.
MAX_LISTS = 32

Value = Annotated[str, StringConstraints(max_length=MAX_VALUE_CHARS)]
Values = Annotated[list[Value], Field(max_length=MAX_VALUES)]
ListKey = Annotated[str, StringConstraints(min_length=1, max_length=64)]
Identifier = Annotated[str, StringConstraints(min_length=1, max_length=200)]

_STRICT = ConfigDict(extra="forbid", strict=True, populate_by_name=True)
_DATE = r"^[12][0-9]{3}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"


def _values_matching(pattern: str) -> dict[str, Any]:
    """JSON schema of a property value (a string or a list of strings) with a value like ``pattern``."""
    text = {"type": "string", "pattern": pattern, "maxLength": MAX_VALUE_CHARS}
    return {"anyOf": [text, {"type": "array", "items": {"type": "string"}, "contains": text}]}


#: A value with something other than white space (what the screener keeps of a name).
_NAMED = _values_matching(r"\S")
#: Birth dates the screener reads: YYYY, YYYY-MM or YYYY-MM-DD.
_DATES = {
    "anyOf": [
        {"type": "string", "pattern": _DATE},
        {"type": "array", "items": {"type": "string", "pattern": _DATE}, "maxItems": MAX_VALUES},
    ]
}


def _query_schema(schema: dict[str, Any]) -> None:
    """What the screener also requires of ``properties``, so that valid requests are screenable:
    a name (or name parts) with a non-blank value, and birth dates it can read."""
    properties = schema["properties"]["properties"]
    names = (*NAME_PROPERTIES, *NAME_PART_PROPERTIES)
    properties["anyOf"] = [{"required": [name], "properties": {name: _NAMED}} for name in names]
    properties["properties"] = {"birthDate": _DATES}


class QueryEntity(BaseModel):
    """A customer or counterparty to screen, FollowTheMoney style. It needs a name: one of
    ``name``, ``alias``, ``weakAlias``, ``previousName`` or the name parts (``firstName``,
    ``lastName``, ...) with a non-blank value."""

    model_config = ConfigDict(
        extra="forbid", strict=True, populate_by_name=True, json_schema_extra=_query_schema
    )

    id: Identifier | None = Field(None, description="Your reference for the query; echoed in the results.")
    schema_: SchemaName = Field(alias="schema", description="FtM schema of the query entity.")
    properties: dict[str, Values | Value] = Field(
        max_length=MAX_PROPERTIES,
        description="FtM properties, each a string or a list of strings: name, alias, firstName, "
        "lastName, birthDate, nationality, country, passportNumber, innCode, imoNumber, ...",
    )


def _one_form_schema(schema: dict[str, Any]) -> None:
    """Exactly one of ``query`` and ``queries``, each an object or a list, not null."""
    for name in ("query", "queries"):
        spec = schema["properties"][name]
        spec.pop("default", None)
        (kept,) = [option for option in spec.pop("anyOf") if option.get("type") != "null"]
        spec.update(kept)
    schema["oneOf"] = [{"required": ["query"]}, {"required": ["queries"]}]


class ScreenRequest(BaseModel):
    """Exactly one of ``query`` (one entity) and ``queries`` (a batch), with optional threshold,
    lists and limit."""

    model_config = ConfigDict(
        extra="forbid", strict=True, populate_by_name=True, json_schema_extra=_one_form_schema
    )

    query: QueryEntity | None = None
    queries: list[QueryEntity] | None = Field(
        None, min_length=1, description="A batch of queries (at most SANCTIONWATCH_API_MAX_BATCH)."
    )
    threshold: float | None = Field(
        None, ge=0, le=1, description="Lowest score that makes an alert (default: the engine's threshold)."
    )
    lists: list[ListKey] | None = Field(
        None, max_length=MAX_LISTS, description="Screen only against these lists (list keys); default all."
    )
    # Not strict: JSON Schema's integers include 5.0, and the schema promises those are accepted.
    limit: int = Field(10, ge=1, le=100, strict=False, description="Most alerts per query.")

    @model_validator(mode="after")
    def _one_form(self) -> ScreenRequest:
        if (self.query is None) == (self.queries is None):
            raise ValueError("give exactly one of 'query' (one entity) or 'queries' (a batch)")
        return self

    @property
    def batch(self) -> list[QueryEntity]:
        return [self.query] if self.query is not None else list(self.queries or ())


#: Request models of endpoints that parse their body themselves (see ``documented_body``).
DOCUMENTED_BODIES: list[type[BaseModel]] = []


def documented_body(model: type[BaseModel]) -> dict[str, Any]:
    """``openapi_extra`` of a route that parses ``model`` from its JSON body itself; the app adds
    the model's schema to the OpenAPI components (see ``sanctionwatch.api.app``)."""
    if model not in DOCUMENTED_BODIES:
        DOCUMENTED_BODIES.append(model)
    reference = {"$ref": f"#/components/schemas/{model.__name__}"}
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": reference}}}}


class Alert(BaseModel):
    """A listed entity that matched a query, with the score and why."""

    entity_id: str
    source: str = Field(description="List key (ofac_sdn, un_sc, eu_fsf, uk, ...).")
    source_id: str = Field(description="The list's own id of the entity.")
    schema_: str = Field(alias="schema")
    matched_name: str
    query_name: str
    score: float = Field(ge=0, le=1)
    explanation: dict[str, Any] = Field(description="Names compared, part alignment, feature contributions.")


class QueryResult(BaseModel):
    query_id: str
    alerts: list[Alert]


class Engine(BaseModel):
    version: str = Field(description="sanctionwatch version and matcher configuration hash.")
    threshold: float


class ScreenResponse(BaseModel):
    screening_id: str = Field(description="Id of the audit record of this screening.")
    list_versions: dict[str, int] = Field(description="Version number of each list screened against.")
    engine: Engine
    results: list[QueryResult] = Field(description="One result per query, in request order.")


class NameOut(BaseModel):
    full: str
    kind: str


class SearchHit(BaseModel):
    id: str
    caption: str
    schema_: str = Field(alias="schema")
    source: str
    source_id: str
    score: float = Field(description="Share of rarity-weighted name terms in common (0..1).")


class SearchResponse(BaseModel):
    query: str
    limit: int
    offset: int
    results: list[SearchHit]


class Appearance(BaseModel):
    source: str
    version: int
    fetched_at: str
    content_hash: str


class EntityResponse(BaseModel):
    id: str
    entity: dict[str, Any] = Field(description="The entity as sanctionwatch models it.")
    ftm: dict[str, Any] = Field(description="The entity as a FollowTheMoney object.")
    versions: list[Appearance] = Field(
        description="Every version of its list that contained it, oldest first."
    )


class ListInfo(BaseModel):
    source: str
    version: int
    active: bool
    fetched_at: str
    published: str | None
    origin: str
    format: str
    entity_count: int
    stated_count: int | None
    content_hash: str
    files: dict[str, str]


class ListsResponse(BaseModel):
    screening: dict[str, int] = Field(description="Version of each list the screening service uses now.")
    versions: list[ListInfo]


class FieldChangeOut(BaseModel):
    field: str
    added: list[str]
    removed: list[str]


class EntityChangeOut(BaseModel):
    entity_id: str
    changes: list[FieldChangeOut]
    after: dict[str, Any]


class ChangesResponse(BaseModel):
    source: str
    since: int | None
    to_version: int
    added: list[dict[str, Any]]
    removed: list[dict[str, Any]]
    changed: list[EntityChangeOut]


class UpdateAccepted(BaseModel):
    status: Literal["accepted", "already_running"]
    list_versions: dict[str, int]


class Health(BaseModel):
    status: Literal["ok"]


class Readiness(BaseModel):
    status: Literal["ready"]
    list_versions: dict[str, int]


class ErrorDetail(BaseModel):
    file: str | None
    line: int | None
    record: str | None
    field: str | None
    message: str


class ErrorBody(BaseModel):
    code: str
    message: str
    details: list[ErrorDetail]


class ErrorResponse(BaseModel):
    """The one error shape of every endpoint."""

    error: ErrorBody
