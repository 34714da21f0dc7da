"""Fictional list entities to screen against."""

from __future__ import annotations

import pytest

from sanctionwatch.model import Entity, Name, NameKind, PartialDate, Schema


def fictional_entity(
    source: str, source_id: str, schema: Schema, *names: str, born: str | None = None
) -> Entity:
    kinds = [NameKind.PRIMARY] + [NameKind.ALIAS] * (len(names) - 1)
    return Entity(
        id=f"{source}-{source_id}",
        schema=schema,
        source=source,
        source_id=source_id,
        names=tuple(Name(full=n, kind=k) for n, k in zip(names, kinds, strict=True)),
        birth_dates=(PartialDate(text=born, value=born),) if born else (),
    )


LISTED = [
    fictional_entity(
        "fict_a",
        "1",
        Schema.PERSON,
        "Ivan Sergeyevich PETROV-FICTIVE",
        "Иван Сергеевич ПЕТРОВ-ФИКТИВ",
        born="1971-04-02",
    ),
    fictional_entity("fict_a", "2", Schema.COMPANY, "Zarkovia Trading LLC", "OOO ZARKOVIYA TREYDING"),
    fictional_entity("fict_b", "3", Schema.PERSON, "Olga Nikolayevna KUZNETSOVA-TESTOVA", born="1980"),
    fictional_entity("fict_b", "4", Schema.ORGANIZATION, "Borgovian Institute of Applied Cryptology"),
    fictional_entity("fict_b", "5", Schema.COMPANY, "Zarkovia Shipping Company"),
]


@pytest.fixture(scope="session")
def listed() -> list[Entity]:
    return LISTED
