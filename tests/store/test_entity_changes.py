"""Field-level changes between two states of an entity (store.delta.entity_changes)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, replace
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

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
from sanctionwatch.store import FieldChange, entity_changes

# No "(),=:" in generated text: with those excluded, distinct values render distinctly.
_TEXT = st.text(alphabet="abzAZ 09-.'", max_size=6)
_OPTIONAL = st.none() | _TEXT


def _tuples(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[tuple[Any, ...]]:
    return st.lists(strategy, max_size=3).map(tuple)


_NAMES = st.builds(
    Name,
    full=_TEXT,
    kind=st.sampled_from(NameKind),
    lang=_OPTIONAL,
    script=_OPTIONAL,
    given=_OPTIONAL,
    family=_OPTIONAL,
)
_DATES = st.builds(PartialDate, text=_TEXT, value=_OPTIONAL, until=_OPTIONAL, circa=st.booleans())
_ADDRESSES = st.builds(Address, full=_OPTIONAL, street=_OPTIONAL, city=_OPTIONAL, country=_OPTIONAL)
_IDENTIFIERS = st.builds(
    Identifier,
    type=st.sampled_from(IdentifierType),
    value=_TEXT,
    country=_OPTIONAL,
    label=_OPTIONAL,
    currency=_OPTIONAL,
)
ENTITIES = st.builds(
    Entity,
    id=st.sampled_from(["zk_list-1", "zk_list-2"]),
    schema=st.sampled_from(Schema),
    source=st.just("zk_list"),
    source_id=st.sampled_from(["1", "2"]),
    names=_tuples(_NAMES),
    birth_dates=_tuples(_DATES),
    nationalities=_tuples(_TEXT),
    addresses=_tuples(_ADDRESSES),
    identifiers=_tuples(_IDENTIFIERS),
    gender=st.none() | st.sampled_from(["male", "female"]),
    programs=_tuples(_TEXT),
    remarks=_OPTIONAL,
    properties=_tuples(st.tuples(_TEXT, _TEXT)),
)


def _as_sets(entity: Entity) -> dict[str, Any]:
    """The entity with every tuple field as a set: what entity_changes is meant to compare."""
    out: dict[str, Any] = {}
    for field in fields(Entity):
        value = getattr(entity, field.name)
        out[field.name] = frozenset(value) if isinstance(value, tuple) else value
    return out


@given(ENTITIES)
def test_an_entity_has_no_changes_against_itself(entity: Entity) -> None:
    assert entity_changes(entity, entity) == ()


@given(ENTITIES, ENTITIES)
def test_swapping_the_arguments_swaps_added_and_removed(before: Entity, after: Entity) -> None:
    forward = entity_changes(before, after)
    backward = entity_changes(after, before)
    assert backward == tuple(FieldChange(c.field, added=c.removed, removed=c.added) for c in forward)


@given(ENTITIES, ENTITIES)
def test_changes_are_empty_exactly_when_the_entities_are_equal_as_sets(before: Entity, after: Entity) -> None:
    changes = entity_changes(before, after)
    assert (changes == ()) == (_as_sets(before) == _as_sets(after))
    for change in changes:
        assert change.added or change.removed
        assert not set(change.added) & set(change.removed)
        assert list(change.added) == sorted(change.added)


@given(ENTITIES, ENTITIES)
def test_changes_come_in_model_field_order(before: Entity, after: Entity) -> None:
    order = [f.name for f in fields(Entity)]
    names = [change.field for change in entity_changes(before, after)]
    assert names == sorted(names, key=order.index)


def test_renderings_are_human_readable(person: Callable[..., Entity]) -> None:
    before = person(1)
    after = replace(
        before,
        names=(*before.names, Name("JSC ZARKOVIA POSITIVE", NameKind.ALIAS)),
        identifiers=(Identifier(IdentifierType.PASSPORT, "123", country="ru"),),
        birth_dates=(PartialDate("circa 1962", value="1962", circa=True),),
        properties=(("flag", "zz"),),
        gender="male",
    )
    changes = {change.field: change for change in entity_changes(before, after)}
    assert changes["names"].added == ("JSC ZARKOVIA POSITIVE (alias)",)
    assert changes["identifiers"] == FieldChange(
        "identifiers", ("passport 123 (ru)",), ("passport P000001 (zz)",)
    )
    assert changes["birth_dates"].added == ("circa 1962",)
    assert changes["properties"].added == ("flag: zz",)
    assert changes["gender"] == FieldChange("gender", added=("male",), removed=())


def test_scalar_change_reports_new_value_added_and_old_removed(person: Callable[..., Entity]) -> None:
    before = person(1, remarks="Old remark.")
    after = replace(before, remarks="New remark.")
    assert entity_changes(before, after) == (FieldChange("remarks", ("New remark.",), ("Old remark.",)),)


def test_details_are_shown_when_the_short_form_hides_the_difference(person: Callable[..., Entity]) -> None:
    before = person(1, names=(Name("Иван ПЕТРОВ", lang="ru"),))
    after = replace(before, names=(Name("Иван ПЕТРОВ", lang="ru", script="Cyrl"),))
    assert entity_changes(before, after) == (
        FieldChange(
            "names",
            added=("Иван ПЕТРОВ (primary, lang=ru, script=Cyrl)",),
            removed=("Иван ПЕТРОВ (primary, lang=ru)",),
        ),
    )
