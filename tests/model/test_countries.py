"""Country names as lists write them -> ISO codes."""

from __future__ import annotations

import pytest

from sanctionwatch.model import country_code, country_or_text, detect_script

COUNTRIES = [
    ("Russia", "ru"),
    ("Russian Federation", "ru"),
    ("Korea, North", "kp"),
    ("Iran (Islamic Republic of)", "ir"),
    ("Burma", "mm"),
    ("Congo, Democratic Republic of the", "cd"),
    ("Côte d’Ivoire", "ci"),
    ("GERMANY", "de"),
    ("de", "de"),
    ("RUS", "ru"),
    ("Region: Crimea", "ua-cri"),
    ("Man, Isle of", "im"),
]


@pytest.mark.parametrize(("text", "code"), COUNTRIES)
def test_country_names_resolve(text: str, code: str) -> None:
    assert country_code(text) == code


def test_unresolvable_country_text_is_kept() -> None:
    assert country_code("Atlantis") is None
    assert country_or_text(" Atlantis ") == "Atlantis"
    assert country_code("") is None


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("Ivan Petrov", "Latn"),
        ("Иван Петров", "Cyrl"),
        ("محمد علي", "Arab"),
        ("王小明", "Hani"),
        ("김정은", "Hang"),
        ("Γεώργιος", "Grek"),
        ("გიორგი", "Geor"),
        ("דוד", "Hebr"),
        ("José Müller", "Latn"),
        ("1234 -", None),
    ],
)
def test_scripts_are_detected(text: str, script: str | None) -> None:
    assert detect_script(text) == script
