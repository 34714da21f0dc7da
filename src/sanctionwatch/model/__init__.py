"""The entity model: one typed shape for every list, FtM-compatible."""

from sanctionwatch.model.countries import country_code, country_or_text
from sanctionwatch.model.entity import (
    Address,
    Entity,
    Identifier,
    IdentifierType,
    Name,
    NameKind,
    PartialDate,
    Schema,
    distinct,
    make_entity_id,
)
from sanctionwatch.model.scripts import detect_script

__all__ = [
    "Address",
    "Entity",
    "Identifier",
    "IdentifierType",
    "Name",
    "NameKind",
    "PartialDate",
    "Schema",
    "country_code",
    "country_or_text",
    "detect_script",
    "distinct",
    "make_entity_id",
]
