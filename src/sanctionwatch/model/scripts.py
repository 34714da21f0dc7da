"""Which writing system a name is in (ISO 15924), from the Unicode blocks of its letters."""

from __future__ import annotations

# (first code point, last code point, ISO 15924) of the scripts that occur in sanctions lists.
_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0370, 0x03FF, "Grek"),
    (0x1F00, 0x1FFF, "Grek"),
    (0x0400, 0x052F, "Cyrl"),
    (0x0530, 0x058F, "Armn"),
    (0x0590, 0x05FF, "Hebr"),
    (0x0600, 0x06FF, "Arab"),
    (0x0750, 0x077F, "Arab"),
    (0x08A0, 0x08FF, "Arab"),
    (0xFB50, 0xFDFF, "Arab"),
    (0xFE70, 0xFEFF, "Arab"),
    (0x0E00, 0x0E7F, "Thai"),
    (0x10A0, 0x10FF, "Geor"),
    (0x1200, 0x137F, "Ethi"),
    (0x1000, 0x109F, "Mymr"),
    (0x1100, 0x11FF, "Hang"),
    (0x3130, 0x318F, "Hang"),
    (0xAC00, 0xD7AF, "Hang"),
    (0x3040, 0x309F, "Hira"),
    (0x30A0, 0x30FF, "Kana"),
    (0x4E00, 0x9FFF, "Hani"),
    (0x3400, 0x4DBF, "Hani"),
    (0xF900, 0xFAFF, "Hani"),
)


def char_script(char: str) -> str | None:
    code = ord(char)
    if code < 0x0250:
        return "Latn" if char.isalpha() else None
    for first, last, script in _RANGES:
        if first <= code <= last:
            return script
    return None


def detect_script(text: str) -> str | None:
    """The script most letters of ``text`` are written in (ISO 15924), or None if it has no letters."""
    if text.isascii():  # most list names: no need to look at each letter
        return "Latn" if any(c.isalpha() for c in text) else None
    counts: dict[str, int] = {}
    for char in text:
        script = char_script(char)
        if script is not None:
            counts[script] = counts.get(script, 0) + 1
    if not counts:
        return None
    return max(counts.items(), key=lambda item: item[1])[0]
