"""Nationalities written as adjectives or as countries -> ISO codes."""

from __future__ import annotations

import pytest

from sanctionwatch.model.demonyms import nationality_code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Russian", "ru"),
        ("Belarussian", "by"),  # a spelling the EU annexes use
        ("north korean", "kp"),
        ("Saudi Arabian.", "sa"),
        ("DRC", "cd"),
        ("Iraq", "iq"),  # a country name still resolves
        ("Trinidad and Tobago", "tt"),
    ],
)
def test_nationalities_resolve(text: str, code: str) -> None:
    assert nationality_code(text) == code


@pytest.mark.parametrize("text", ["Congolese", "Zarkovian", "allegedly Russian", "", None])
def test_ambiguous_or_unknown_nationalities_do_not(text: str | None) -> None:
    assert nationality_code(text) is None
