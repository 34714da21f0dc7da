"""Store test fixtures: an opened store on each backend, fictional entities (invented names only) and
version metadata. Builders are handed out as fixtures because tests import no helper modules."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from sanctionwatch.model import Address, Entity, Identifier, IdentifierType, Name, NameKind, Schema
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store, VersionMeta

SOURCE = "zk_list"


def make_person(number: int, source: str = SOURCE, **changes: object) -> Entity:
    """A fictional listed person; ``changes`` replace fields."""
    entity = Entity(
        id=f"{source}-{number}",
        schema=Schema.PERSON,
        source=source,
        source_id=str(number),
        names=(Name(f"Ivan Testovich PETROV-FICTIVE {number}"),),
        birth_dates=(),
        nationalities=("zz",),
        programs=("ZARKOVIA-EO99999",),
        identifiers=(Identifier(IdentifierType.PASSPORT, f"P{number:06d}", country="zz"),),
        addresses=(Address(full=f"{number} Imaginary Street, Zarkovgrad"),),
    )
    return replace(entity, **changes)  # type: ignore[arg-type]


def make_company(number: int, source: str = SOURCE) -> Entity:
    return Entity(
        id=f"{source}-{number}",
        schema=Schema.COMPANY,
        source=source,
        source_id=str(number),
        names=(Name(f"Zarkovia Trading {number} LLC"), Name(f"ZT{number}", NameKind.ALIAS)),
        programs=("ZARKOVIA-EO99999",),
    )


def make_roster(count: int, source: str = SOURCE) -> list[Entity]:
    """``count`` fictional entities, alternating persons and companies."""
    return [make_person(n, source) if n % 2 else make_company(n, source) for n in range(1, count + 1)]


def make_meta(day: int = 3) -> VersionMeta:
    """Metadata of a fictional publication fetched on 2024-05-``day``."""
    return VersionMeta(
        fetched_at=datetime(2024, 5, day, 18, 43, tzinfo=UTC),
        origin="https://lists.example.test/zarkovia.xml",
        format="ofac_xml",
        published=f"2024-05-{day:02d}",
        files={"zarkovia.xml": f"{day:02d}" * 32},
        http={"etag": f'"v{day}"', "last_modified": f"Fri, {day:02d} May 2024 18:43:00 GMT"},
        stated_count=3,
    )


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    with Store.open(settings) as opened:
        yield opened


@pytest.fixture
def person() -> Callable[..., Entity]:
    return make_person


@pytest.fixture
def company() -> Callable[..., Entity]:
    return make_company


@pytest.fixture
def roster() -> Callable[..., list[Entity]]:
    return make_roster


@pytest.fixture
def meta() -> Callable[..., VersionMeta]:
    return make_meta
