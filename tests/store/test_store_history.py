"""Entity history across versions, the newest state of an entity, and active entities of several lists."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from sanctionwatch.errors import NotFoundError
from sanctionwatch.model import Entity
from sanctionwatch.store import Store, VersionMeta


def test_history_of_an_entity_removed_and_re_added(
    store: Store,
    person: Callable[..., Entity],
    roster: Callable[..., list[Entity]],
    meta: Callable[..., VersionMeta],
) -> None:
    others = roster(3)
    original = person(9)
    amended = replace(original, remarks="Re-designated under a fictional order.")
    store.record_version("zk_list", [*others, original], meta(1))  # v1: listed
    store.record_version("zk_list", [*others[:2], original], meta(2))  # v2: listed, unchanged
    store.record_version("zk_list", others[:2], meta(3))  # v3: delisted
    store.record_version("zk_list", [*others[:2], amended], meta(4))  # v4: listed again, amended
    store.record_version("zk_list", others, meta(5))  # v5: delisted again

    history = store.entity_history("zk_list-9")
    assert [appearance.version.number for appearance in history] == [1, 2, 4]
    assert [appearance.entity for appearance in history] == [original, original, amended]
    assert [appearance.content_hash for appearance in history] == [
        original.content_hash,
        original.content_hash,
        amended.content_hash,
    ]
    # Not in the active version any more, but still known as it last stood.
    assert store.get_entity("zk_list-9") == amended
    assert "zk_list-9" not in {entity.id for entity in store.active_entities()}


def test_get_entity_returns_the_newest_content(
    store: Store, person: Callable[..., Entity], meta: Callable[..., VersionMeta]
) -> None:
    store.record_version("zk_list", [person(1)], meta(1))
    store.record_version("zk_list", [person(1, gender="male")], meta(2))
    assert store.get_entity("zk_list-1").gender == "male"


def test_active_entities_over_several_lists(
    store: Store, roster: Callable[..., list[Entity]], meta: Callable[..., VersionMeta]
) -> None:
    store.record_version("zk_list", roster(3), meta(1))
    store.record_version("zk_list", roster(4), meta(2))
    store.record_version("zk_other", roster(2, "zk_other"), meta(1))
    store.record_version("zk_third", roster(1, "zk_third"), meta(1))

    everything = [entity.id for entity in store.active_entities()]
    assert sorted(everything) == sorted(
        [f"zk_list-{n}" for n in range(1, 5)] + ["zk_other-1", "zk_other-2", "zk_third-1"]
    )
    assert len(everything) == len(set(everything))  # only the active version of zk_list
    named = [entity.id for entity in store.active_entities(["zk_other", "zk_third"])]
    assert named == ["zk_other-1", "zk_other-2", "zk_third-1"]
    assert list(store.active_entities([])) == []


def test_active_entities_of_an_unrecorded_list_is_not_found(
    store: Store, roster: Callable[..., list[Entity]], meta: Callable[..., VersionMeta]
) -> None:
    store.record_version("zk_list", roster(1), meta())
    with pytest.raises(NotFoundError, match="zk_typo"):
        store.active_entities(["zk_list", "zk_typo"])
