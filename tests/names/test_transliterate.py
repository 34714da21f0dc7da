"""Transliterators are built ahead of the first name (servers and batch workers warm them up)."""

from __future__ import annotations

import threading

from sanctionwatch.names import transliterate
from sanctionwatch.names.transliterate import to_latin, warm_up

# (text, script, lang, second reading): every branch of to_latin that picks a transform.
SAMPLES = [
    ("Ivan", "Latn", None, False),
    ("Иван Петров", "Cyrl", None, False),
    ("Іван Петренко", "Cyrl", "uk", False),
    ("Іван", "Cyrl", None, False),
    ("Андрэй Ўладзіміравіч", "Cyrl", "be", False),
    ("Γιώργος", "Grek", None, False),
    ("Γιώργος", "Grek", None, True),
    ("ნინო", "Geor", None, False),
    ("김정은", "Hang", None, False),
    ("蔡英文", "Hani", None, False),
    ("عمر الكبيسي", "Arab", None, False),
    ("יוסף", "Hebr", None, False),
    ("Արամ", "Armn", None, False),
    ("ताज", "Deva", None, False),
]


def _in_new_thread() -> tuple[set[str], set[str]]:
    seen: list[set[str]] = []

    def work() -> None:
        warm_up()
        seen.append(set(transliterate._local.cache))
        for text, script, lang, second in SAMPLES:
            assert to_latin(text, script, lang, second).isascii()
        seen.append(set(transliterate._local.cache))

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    return seen[0], seen[1]


def test_warm_up_builds_every_transform_the_names_use() -> None:
    warmed, used = _in_new_thread()
    assert warmed == set(transliterate.TRANSFORMS)
    assert used == warmed  # no name of any script needed a transform the warm-up left out
