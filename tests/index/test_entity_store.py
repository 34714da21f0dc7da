"""Packed prepared entities: exact round trips, lazy unpacking, bounded cache, parallel preparation."""

from __future__ import annotations

from pathlib import Path

from sanctionwatch.index import NameIndex
from sanctionwatch.index.entity_store import EntityStore, pack, unpack
from sanctionwatch.index.preparation import prepare_all
from sanctionwatch.match import prepare
from sanctionwatch.model import (
    Address,
    Entity,
    Identifier,
    IdentifierType,
    Name,
    NameKind,
    PartialDate,
    Schema,
)

ENTITIES = [
    Entity(
        id="fict-1",
        schema=Schema.PERSON,
        source="fict",
        source_id="1",
        names=(
            Name(full="Ivan Sergeyevich PETROV-FICTIVE", kind=NameKind.PRIMARY),
            Name(full="Иван Сергеевич ПЕТРОВ-ФИКТИВ", kind=NameKind.ALIAS),
            Name(full="Vanya", kind=NameKind.WEAK_ALIAS),
        ),
        birth_dates=(PartialDate(text="2 Apr 1971", value="1971-04-02"),),
        nationalities=("ru",),
        addresses=(Address(full="1 Fictive Lane, Testograd", country="ru"),),
        identifiers=(Identifier(type=IdentifierType.PASSPORT, value="FX1234567", country="ru"),),
    ),
    Entity(
        id="fict-2",
        schema=Schema.COMPANY,
        source="fict",
        source_id="2",
        names=(Name(full="Zarkovia Trading LLC"), Name(full="محمد زاركوفيا للتجارة")),
    ),
]


def test_pack_and_unpack_give_back_an_equal_prepared_entity() -> None:
    for entity in ENTITIES:
        prepared = prepare(entity)
        again = unpack(pack(prepared))
        assert again == prepared
        assert again.names[0].key_index == prepared.names[0].key_index  # not part of ==
        assert again.entity.birth_dates == entity.birth_dates


def test_store_unpacks_on_demand_within_its_cache_size() -> None:
    blobs = [pack(prepare(e)) for e in ENTITIES * 3]
    store = EntityStore(blobs, cache_size=2)
    assert store.get(4).entity.id == "fict-1"
    assert store.get(4) is store.get(4)  # cached
    store.get(0)
    store.get(1)
    assert store.get(1).entity.id == "fict-2"
    assert len(store._cache) == 2  # the oldest went


def test_loaded_index_unpacks_no_entity_before_it_is_asked_for(tmp_path: Path) -> None:
    index = NameIndex.build(ENTITIES, fingerprint="lazy")
    index.save(tmp_path / "i.idx")
    loaded = NameIndex.load(tmp_path / "i.idx")
    assert not loaded._store._cache
    assert loaded.entity(1) == index.entity(1)
    assert list(loaded._store._cache) == [1]


def test_parallel_preparation_gives_the_same_entities_in_order() -> None:
    entities = ENTITIES * 5
    alone, alone_blobs = prepare_all(entities, workers=1)
    forked, forked_blobs = prepare_all(entities, workers=2)
    assert forked == alone
    assert [unpack(b) for b in forked_blobs] == [unpack(b) for b in alone_blobs]
