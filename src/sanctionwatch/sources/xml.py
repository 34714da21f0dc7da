"""Safe XML reading for list files.

Official list files never carry a DTD, so any ``<!DOCTYPE`` or ``<!ENTITY`` is refused outright
(which also stops external entities and entity-expansion bombs), and the parser itself is set with
entity resolution, DTD loading and network access off, and lxml's default limits on depth and
text size kept (``huge_tree`` off).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

from lxml import etree

from sanctionwatch.errors import Location, ParseError, Problem, UnsafeInputError
from sanctionwatch.sources.base import FileReport

# A DOCTYPE must come before the root element, so the head of the file is enough to look at.
_HEAD_BYTES = 64 * 1024
_DECLARATION = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def _check_head(path: Path) -> None:
    with path.open("rb") as handle:
        head = handle.read(_HEAD_BYTES)
    # UTF-16 files announce themselves with a byte-order mark; everything else is ASCII-compatible.
    encoding = "utf-16" if head[:2] in (b"\xff\xfe", b"\xfe\xff") else "latin-1"
    found = _DECLARATION.search(head.decode(encoding, errors="ignore"))
    if found is not None:
        raise UnsafeInputError(
            f"{path}: refused: the XML declares a DTD or entities ({found.group(1)}), "
            "which official list files never do",
            problems=(Problem(Location(str(path)), "DTD or entity declaration in XML"),),
        )


class _SafeOptions(TypedDict):
    resolve_entities: bool
    no_network: bool
    load_dtd: bool
    dtd_validation: bool
    huge_tree: bool
    remove_comments: bool
    remove_pis: bool


# The one set of reader options every read here uses: no entities, no network, no DTD, bounded trees.
_SAFE_OPTIONS: _SafeOptions = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}


def safe_parser() -> etree.XMLParser:
    return etree.XMLParser(**_SAFE_OPTIONS)


def parse_xml(path: Path) -> etree._Element:
    """Parse a whole XML file safely and return its root, or raise a ParseError saying where it broke."""
    _check_head(path)
    try:
        tree = etree.parse(str(path), parser=safe_parser())
    except etree.XMLSyntaxError as exc:
        raise _not_well_formed(path, exc) from exc
    if getattr(tree.docinfo, "doctype", "") or tree.docinfo.internalDTD is not None:
        raise UnsafeInputError(f"{path}: refused: the XML declares a DTD")
    return tree.getroot()


def iter_elements(path: Path, tag: str) -> Iterator[etree._Element]:
    """Stream the elements named ``tag`` (``{ns}local`` or plain local name) without holding the tree.

    Each element is cleared after the caller is done with it, so memory stays flat on large files.
    """
    _check_head(path)
    context = etree.iterparse(str(path), events=("end",), tag=tag, **_SAFE_OPTIONS)
    try:
        for _event, element in context:
            yield element
            element.clear(keep_tail=False)
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as exc:
        raise _not_well_formed(path, exc) from exc


def _not_well_formed(path: Path, exc: etree.XMLSyntaxError) -> ParseError:
    line = exc.lineno if isinstance(exc.lineno, int) else None
    return ParseError(
        f"{path}: not well-formed XML at line {line}: {exc.msg}",
        problems=(Problem(Location(str(path), line=line), f"not well-formed XML: {exc.msg}"),),
    )


def local_name(element: etree._Element) -> str:
    """The tag without its namespace (``{ns}Name`` -> ``Name``)."""
    # Plain string work: parsers call this on every element, and QName objects cost more.
    return str(element.tag).rpartition("}")[2]


def source_line(element: etree._Element) -> int | None:
    """The line the element starts on, when lxml knows it."""
    line = element.sourceline
    return line if isinstance(line, int) else None


def root_tag(path: Path) -> str | None:
    """Local name of the root element (to tell list formats apart), or None if not XML."""
    try:
        _check_head(path)
        for _event, element in etree.iterparse(str(path), events=("start",), **_SAFE_OPTIONS):
            return local_name(element)
    except (etree.XMLSyntaxError, UnsafeInputError, OSError):
        return None
    return None


@dataclass(slots=True)
class XmlRecord:
    """One record being read from an XML list; its problems are located at the element at fault."""

    report: FileReport
    ref: str  # the record's id in the list

    def problem(self, element: etree._Element, field: str, message: str) -> None:
        self.report.problem(source_line(element), self.ref, field, message)


def require_root(path: Path, expected: str, title: str) -> None:
    """Refuse, naming the file, anything whose root element is not ``expected``.

    ``title`` names the format in the error ("a UN consolidated list"). A file that is not XML at
    all is streamed once, so the XML reader says why and where (or refuses a DTD).
    """
    root = root_tag(path)
    if root is None:
        for _ in iter_elements(path, "{*}" + expected):
            pass
        raise _not_this_format(path, f"{path}: not {title}: the file is not XML")
    if root != expected:
        raise _not_this_format(path, f"{path}: not {title}: root element <{root}>, expected <{expected}>")


def _not_this_format(path: Path, message: str) -> ParseError:
    return ParseError(message, problems=(Problem(Location(str(path), line=1), message),))
