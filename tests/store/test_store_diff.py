"""Diffs between versions of a list: added, removed, changed with field-level changes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import orjson
import pytest

from sanctionwatch.errors import NotFoundError
from sanctionwatch.model import Address, Entity, Name, NameKind
from sanctionwatch.store import FieldChange, Store, VersionMeta


@pytest.fixture
def two_versions(
    store: Store,
    person: Callable[..., Entity],
    roster: Callable[..., list[Entity]],
    meta: Callable[..., VersionMeta],
) -> Store:
    """v1: entities 1-6. v2: 1 removed, 7 added, 3 gains an alias and a programme, 5 loses its address."""
    first = roster(6)
    store.record_version("zk_list", first, meta(1))
    three = person(3)
    five = person(5)
    second = [
        first[1],
        replace(
            three,
            names=(*three.names, Name("Ivan PETROFF-FICTIVE", NameKind.ALIAS)),
            programs=(*three.programs, "CYBER-FICTIVE"),
        ),
        first[3],
        replace(five, addresses=()),
        first[5],
        person(7),
    ]
    store.record_version("zk_list", second, meta(2))
    return store


def test_default_diff_is_previous_to_active(two_versions: Store) -> None:
    store = two_versions
    delta = store.diff("zk_list")
    assert delta.from_version is not None and delta.from_version.number == 1
    assert delta.to_version.number == 2
    assert [e.id for e in delta.added] == ["zk_list-7"]
    assert [e.id for e in delta.removed] == ["zk_list-1"]
    assert [c.entity_id for c in delta.changed] == ["zk_list-3", "zk_list-5"]
    three, five = delta.changed
    assert three.changes == (
        FieldChange("names", added=("Ivan PETROFF-FICTIVE (alias)",), removed=()),
        FieldChange("programs", added=("CYBER-FICTIVE",), removed=()),
    )
    assert five.changes == (FieldChange("addresses", added=(), removed=("5 Imaginary Street, Zarkovgrad",)),)
    assert five.before.addresses == (Address(full="5 Imaginary Street, Zarkovgrad"),)
    assert five.after.addresses == ()


def test_reversed_diff_swaps_added_and_removed(two_versions: Store) -> None:
    store = two_versions
    forward = store.diff("zk_list", 1, 2)
    backward = store.diff("zk_list", 2, 1)
    assert backward.added == forward.removed
    assert backward.removed == forward.added
    assert [(c.before, c.after) for c in backward.changed] == [(c.after, c.before) for c in forward.changed]


def test_first_version_diff_has_everything_added(
    store: Store, roster: Callable[..., list[Entity]], meta: Callable[..., VersionMeta]
) -> None:
    store.record_version("zk_list", roster(4), meta(1))
    delta = store.diff("zk_list")
    assert delta.from_version is None
    assert [e.id for e in delta.added] == [f"zk_list-{n}" for n in range(1, 5)]
    assert delta.removed == () and delta.changed == ()


def test_diff_between_any_two_versions(
    store: Store, roster: Callable[..., list[Entity]], meta: Callable[..., VersionMeta]
) -> None:
    store.record_version("zk_list", roster(3), meta(1))
    store.record_version("zk_list", roster(4), meta(2))
    store.record_version("zk_list", roster(5), meta(3))
    assert [e.id for e in store.diff("zk_list", 1, 3).added] == ["zk_list-4", "zk_list-5"]
    assert [e.id for e in store.diff("zk_list", to_number=2).added] == ["zk_list-4"]
    assert store.diff("zk_list", 2, 2).is_empty


def test_reordered_values_are_not_a_change(
    store: Store, person: Callable[..., Entity], meta: Callable[..., VersionMeta]
) -> None:
    entity = person(1, programs=("A-FICTIVE", "B-FICTIVE"))
    store.record_version("zk_list", [entity], meta(1))
    store.record_version("zk_list", [replace(entity, programs=("B-FICTIVE", "A-FICTIVE"))], meta(2))
    assert store.active_version("zk_list") is not None
    assert store.diff("zk_list").is_empty


def test_delta_to_dict_is_json_ready(two_versions: Store) -> None:
    store = two_versions
    data = orjson.loads(orjson.dumps(store.diff("zk_list").to_dict()))
    assert data["summary"] == {"added": 1, "removed": 1, "changed": 2}
    assert data["added"][0]["id"] == "zk_list-7"
    assert data["changed"][1]["changes"] == [
        {"field": "addresses", "added": [], "removed": ["5 Imaginary Street, Zarkovgrad"]}
    ]
    assert data["from_version"]["number"] == 1
    assert data["to_version"]["fetched_at"].startswith("2024-05-02T18:43")


def test_diff_of_unknown_list_or_version_is_not_found(
    store: Store, roster: Callable[..., list[Entity]], meta: Callable[..., VersionMeta]
) -> None:
    with pytest.raises(NotFoundError, match="zk_nothing"):
        store.diff("zk_nothing")
    store.record_version("zk_list", roster(2), meta(1))
    with pytest.raises(NotFoundError):
        store.diff("zk_list", 0, 1)
