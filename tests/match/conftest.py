"""Fixtures for the matching tests: a builder of prepared query/list entities and a shared matcher."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sanctionwatch.match import Matcher, PreparedEntity, prepare
from sanctionwatch.model import Entity, Identifier, IdentifierType, Name, NameKind, PartialDate, Schema
from sanctionwatch.model.dates import parse_partial_date


def build_entity(
    *names: str,
    schema: Schema = Schema.PERSON,
    dob: str | None = None,
    nationality: str | None = None,
    passport: str | None = None,
    weak: tuple[str, ...] = (),
) -> PreparedEntity:
    """A prepared entity with the given names (first primary, rest aliases) and facts."""
    all_names = tuple(
        Name(n, NameKind.PRIMARY if i == 0 else NameKind.ALIAS) for i, n in enumerate(names)
    ) + tuple(Name(n, NameKind.WEAK_ALIAS) for n in weak)
    dates: tuple[PartialDate, ...] = (parse_partial_date(dob),) if dob else ()
    ids = (Identifier(IdentifierType.PASSPORT, passport),) if passport else ()
    return prepare(
        Entity(
            id="test",
            schema=schema,
            source="test",
            source_id="1",
            names=all_names,
            birth_dates=dates,
            nationalities=(nationality,) if nationality else (),
            identifiers=ids,
        )
    )


EntityBuilder = Callable[..., PreparedEntity]


@pytest.fixture(scope="session")
def make() -> EntityBuilder:
    """``make("Name", "Alias", schema=..., dob=..., nationality=..., passport=..., weak=(...))``."""
    return build_entity


@pytest.fixture(scope="session")
def matcher() -> Matcher:
    return Matcher()
