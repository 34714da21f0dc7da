"""What changed between two versions of a list, down to the field.

Tuple fields are compared as sets of human-readable renderings (``"ACME LLC (alias)"``,
``"passport 123 (ru)"``): reordering is not a change. Each value type has a short rendering and a
detailed one; the detailed one (every attribute) is used for a field only when the short renderings
cannot show the difference, e.g. when only a name's script or given name changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

from sanctionwatch.model import Address, Entity, Identifier, Name, PartialDate
from sanctionwatch.store.versions import ListVersion

Render = Callable[[Any], str]


@dataclass(slots=True, frozen=True)
class FieldChange:
    """Values of one field that were added and removed (scalars: new value added, old one removed)."""

    field: str
    added: tuple[str, ...]
    removed: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "added": list(self.added), "removed": list(self.removed)}


@dataclass(slots=True, frozen=True)
class EntityChange:
    """An entity present in both versions with different content."""

    entity_id: str
    before: Entity
    after: Entity
    changes: tuple[FieldChange, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity_id": self.entity_id,
            "before": self.before.to_dict(),
            "after": self.after.to_dict(),
            "changes": [change.to_dict() for change in self.changes],
        }


@dataclass(slots=True, frozen=True)
class ListDelta:
    """Entities added, removed and changed from one version of a list to another."""

    source: str
    from_version: ListVersion | None  # None: the first version, everything is "added"
    to_version: ListVersion
    added: tuple[Entity, ...]
    removed: tuple[Entity, ...]
    changed: tuple[EntityChange, ...]

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (entities as ``Entity.to_dict()``)."""
        return {
            "source": self.source,
            "from_version": self.from_version.to_dict() if self.from_version else None,
            "to_version": self.to_version.to_dict(),
            "summary": {"added": len(self.added), "removed": len(self.removed), "changed": len(self.changed)},
            "added": [entity.to_dict() for entity in self.added],
            "removed": [entity.to_dict() for entity in self.removed],
            "changed": [change.to_dict() for change in self.changed],
        }


def _details(pairs: list[tuple[str, Any]]) -> str:
    return ", ".join(f"{key}={value}" for key, value in pairs if value is not None)


def _name_short(name: Name) -> str:
    return f"{name.full} ({name.kind.value})"


def _name_detailed(name: Name) -> str:
    extra = _details(
        [
            ("lang", name.lang),
            ("script", name.script),
            ("title", name.title),
            ("given", name.given),
            ("middle", name.middle),
            ("family", name.family),
            ("patronymic", name.patronymic),
        ]
    )
    return f"{name.full} ({name.kind.value}{', ' + extra if extra else ''})"


def _date_short(date: PartialDate) -> str:
    return date.text


def _date_detailed(date: PartialDate) -> str:
    extra = _details([("value", date.value), ("until", date.until), ("circa", date.circa or None)])
    return f"{date.text} ({extra})" if extra else date.text


_ADDRESS_PARTS = ("street", "city", "region", "postal_code", "country")


def _address_short(address: Address) -> str:
    if address.full is not None:
        return address.full
    return ", ".join(str(getattr(address, part)) for part in _ADDRESS_PARTS if getattr(address, part))


def _address_detailed(address: Address) -> str:
    parts = [("full", address.full), *((part, getattr(address, part)) for part in _ADDRESS_PARTS)]
    return _details(parts)


def _identifier_short(identifier: Identifier) -> str:
    text = f"{identifier.type.value} {identifier.value}"
    return f"{text} ({identifier.country})" if identifier.country is not None else text


def _identifier_detailed(identifier: Identifier) -> str:
    extra = _details(
        [("country", identifier.country), ("label", identifier.label), ("currency", identifier.currency)]
    )
    return f"{identifier.type.value} {identifier.value} ({extra})" if extra else _identifier_short(identifier)


def _property(pair: tuple[str, str]) -> str:
    return f"{pair[0]}: {pair[1]}"


# field -> (short rendering, detailed rendering); other tuple fields hold plain strings.
_RENDERINGS: dict[str, tuple[Render, Render]] = {
    "names": (_name_short, _name_detailed),
    "birth_dates": (_date_short, _date_detailed),
    "addresses": (_address_short, _address_detailed),
    "identifiers": (_identifier_short, _identifier_detailed),
    "properties": (_property, _property),
}
_PLAIN: tuple[Render, Render] = (str, str)

ENTITY_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Entity))


def _set_change(name: str, before: tuple[Any, ...], after: tuple[Any, ...]) -> FieldChange | None:
    # Renderings are compared rather than the values themselves: hashing the model's dataclasses
    # costs more than rendering them, and a diff of two big lists compares thousands of fields.
    for render in _RENDERINGS.get(name, _PLAIN):
        old = {render(value) for value in before}
        new = {render(value) for value in after}
        if old != new:
            return FieldChange(name, tuple(sorted(new - old)), tuple(sorted(old - new)))
    return None  # equal as sets (only order or repetition differ)


def _scalar_change(name: str, before: Any, after: Any) -> FieldChange:
    added = () if after is None else (str(after),)
    removed = () if before is None else (str(before),)
    return FieldChange(name, added, removed)


def entity_changes(before: Entity, after: Entity) -> tuple[FieldChange, ...]:
    """Field-by-field changes from ``before`` to ``after``, in the model's field order.

    Tuple fields have set semantics (order and repetition do not count); scalars are reported with
    the new value as added and the old one as removed.
    """
    changes: list[FieldChange] = []
    for name in ENTITY_FIELDS:
        old, new = getattr(before, name), getattr(after, name)
        if old == new:
            continue
        change = _set_change(name, old, new) if isinstance(old, tuple) else _scalar_change(name, old, new)
        if change is not None:
            changes.append(change)
    return tuple(changes)
