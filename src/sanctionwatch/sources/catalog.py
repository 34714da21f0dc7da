"""Recognising list files on disk: which list, which format, which publication.

:func:`discover` walks a directory laid out like the shared snapshots (one folder per list, dated
sub-folders for several publications) and turns what it finds into :class:`FileSet` objects, ordered
so that several publications of one list load oldest first. Files are recognised by name; where a
name is ambiguous (``consolidated.xml`` is both OFAC's and the UN's) the root element or the CSV
header decides. Everything not recognised is reported as skipped, with the reason, never dropped
silently.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson

from sanctionwatch.errors import UnsupportedFormatError
from sanctionwatch.sources.base import FileSet
from sanctionwatch.sources.xml import root_tag

# OFAC legacy CSV sets: main file name -> (list key, role of the main file, sibling name by role).
_OFAC_CSV_SETS: dict[str, tuple[str, str, dict[str, str]]] = {
    "sdn.csv": ("ofac_sdn", "sdn", {"add": "add.csv", "alt": "alt.csv", "comments": "sdn_comments.csv"}),
    "cons_prim.csv": (
        "ofac_cons",
        "prim",
        {"add": "cons_add.csv", "alt": "cons_alt.csv", "comments": "cons_comments.csv"},
    ),
}
_OFAC_CSV_SIBLINGS = {
    name: main for main, (_key, _role, sibs) in _OFAC_CSV_SETS.items() for name in sibs.values()
}

# XML root element -> (list key, format). sdnList alone cannot tell SDN from Consolidated: see below.
_XML_ROOTS: dict[str, tuple[str, str]] = {
    "CONSOLIDATED_LIST": ("un_sc", "un_xml"),
    "Designations": ("uk_fcdo", "uk_fcdo_xml"),
    "export": ("eu_fsf", "eu_fsf_xml"),
}
# Format to assume for a list key when a file's content cannot tell (the parser then says what is wrong).
_XML_FORMAT_OF_LIST = {
    "ofac_sdn": "ofac_xml",
    "ofac_cons": "ofac_xml",
    "un_sc": "un_xml",
    "uk_fcdo": "uk_fcdo_xml",
    "eu_fsf": "eu_fsf_xml",
}
_CSL_HEADER = ("_id", "source", "entity_number", "type", "programs", "name")
_TARGETS_HEADER = ("id", "schema", "name", "aliases")
_JOURNAL_HEADER = ("celex", "recordId", "programKey")  # OpenSanctions EU journal consolidated annex files
_DATE_FOLDER = re.compile(r"^(\d{4}-\d{2}-\d{2})")
_KEY_LIKE = re.compile(r"^[a-z][a-z0-9_]*$")
_HEAD_BYTES = 64 * 1024


@dataclass(slots=True, frozen=True)
class Skipped:
    """A file that is not loaded, and why."""

    path: Path
    reason: str


@dataclass(slots=True, frozen=True)
class Discovery:
    """What :func:`discover` found: publications to load (in load order) and files left out."""

    filesets: tuple[FileSet, ...]
    skipped: tuple[Skipped, ...]


@dataclass(slots=True, frozen=True)
class _Kind:
    source: str
    format: str


def discover(directory: Path) -> Discovery:
    """Recognise every list file under ``directory`` (recursively).

    Publications of one list come out oldest first (by the date of their folder, then by path), so
    loading them in order makes each one a version.
    """
    if not directory.is_dir():
        raise UnsupportedFormatError(f"{directory}: not a directory")
    filesets: list[FileSet] = []
    skipped: list[Skipped] = []
    for folder, files in _folders(directory):
        hint = _published_hint(folder, directory)
        found, left = _ofac_csv_sets(files, hint)
        filesets.extend(found)
        skipped.extend(left)
        journal: dict[str, Path] = {}
        for path in files:
            if path.name.lower() in _OFAC_CSV_SETS or path.name.lower() in _OFAC_CSV_SIBLINGS:
                continue
            kind = _classify(path, directory)
            if isinstance(kind, str):
                skipped.append(Skipped(path, kind))
            elif kind.format == "eu_journal_csv":
                # One file per framework act: the folder together is one publication, role = file stem.
                journal[path.name if path.stem in journal else path.stem] = path
            else:
                filesets.append(FileSet(kind.source, kind.format, {"main": path}, hint))
        if journal:
            filesets.append(FileSet("eu_journal", "eu_journal_csv", journal, hint))
    filesets.sort(key=_load_order)
    return Discovery(tuple(filesets), tuple(sorted(skipped, key=lambda s: s.path)))


def fileset_for(source_key: str, path: Path) -> FileSet:
    """The FileSet for ``--source KEY=PATH``: the format comes from the file name or content.

    An OFAC CSV main file (``sdn.csv``, ``cons_prim.csv``) brings its siblings from the same folder.
    """
    if not path.is_file():
        raise UnsupportedFormatError(f"{path}: no such file")
    hint = _published_hint(path.parent, None)
    main = _OFAC_CSV_SETS.get(path.name.lower())
    if main is not None:
        return _ofac_fileset(source_key, path, main[1], main[2], hint)
    kind = _classify(path, None)
    if isinstance(kind, _Kind):
        return FileSet(source_key, kind.format, {"main": path}, hint)
    fmt = _fallback_format(source_key, path)
    if fmt is None:
        raise UnsupportedFormatError(f"{path}: cannot tell the list format for {source_key!r}: {kind}")
    return FileSet(source_key, fmt, {"main": path}, hint)


def _fallback_format(source_key: str, path: Path) -> str | None:
    if source_key in ("ofac_sdn", "ofac_cons") and _looks_like_ofac_csv(path):
        return "ofac_csv"
    if source_key == "uk" and path.suffix.lower() in (".csv", ".xlsx"):
        return "uk_conlist"
    return _XML_FORMAT_OF_LIST.get(source_key)


def _folders(directory: Path) -> Iterator[tuple[Path, list[Path]]]:
    by_folder: dict[Path, list[Path]] = {}
    for path in sorted(directory.rglob("*")):
        if path.is_file():
            by_folder.setdefault(path.parent, []).append(path)
    yield from by_folder.items()


def _published_hint(folder: Path, root: Path | None) -> str | None:
    """The date of the nearest dated folder (``ofac_sdn/2023-12-28/``) between the file and the root."""
    for part in (folder, *folder.parents):
        found = _DATE_FOLDER.match(part.name)
        if found is not None:
            return found.group(1)
        if part == root:
            return None
    return None


def _load_order(fileset: FileSet) -> tuple[str, str, str]:
    return (fileset.source, fileset.published_hint or "", str(fileset.path(next(iter(fileset.paths)))))


def _ofac_csv_sets(files: list[Path], hint: str | None) -> tuple[list[FileSet], list[Skipped]]:
    by_name = {p.name.lower(): p for p in files}
    found: list[FileSet] = []
    skipped: list[Skipped] = []
    for main_name, (key, role, siblings) in _OFAC_CSV_SETS.items():
        main = by_name.get(main_name)
        if main is not None:
            found.append(_ofac_fileset(key, main, role, siblings, hint))
            continue
        for sibling in siblings.values():
            if sibling in by_name:
                reason = f"incomplete OFAC CSV set: no {main_name} beside it"
                skipped.append(Skipped(by_name[sibling], reason))
    return found, skipped


def _ofac_fileset(key: str, main: Path, role: str, siblings: dict[str, str], hint: str | None) -> FileSet:
    by_name = {p.name.lower(): p for p in main.parent.iterdir() if p.is_file()}
    paths = {role: main}
    for sib_role, name in siblings.items():
        if name in by_name:
            paths[sib_role] = by_name[name]
    return FileSet(key, "ofac_csv", paths, hint)


def _classify(path: Path, root: Path | None) -> _Kind | str:
    """The list and format of a single-file publication, or the reason it is not one."""
    name = path.name.lower()
    if name == "sdn.xml":
        return _Kind("ofac_sdn", "ofac_xml")
    if name.startswith("conlist") and name.endswith((".csv", ".xlsx")):
        return _Kind("uk", "uk_conlist")
    if name == "entities.ftm.json":
        return _ftm_kind(path)
    if name == "targets.simple.csv":
        return _targets_kind(path, root)
    if name in ("consolidated.csv", "consolidated.csv.gz"):
        header = _csv_header(path)
        if header[: len(_CSL_HEADER)] == _CSL_HEADER:
            return _Kind("us_csl", "us_csl")
        return f"{path.name}: not the trade.gov Consolidated Screening List header"
    if name.endswith(".csv") and _csv_header(path)[: len(_JOURNAL_HEADER)] == _JOURNAL_HEADER:
        return _Kind("eu_journal", "eu_journal_csv")
    if name.endswith(".xml"):
        return _xml_kind(path, root)
    return _unrecognised(path)


def _unrecognised(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".md", ".txt", ".rst", ".html", ".pdf"):
        return "documentation, not a list file"
    if suffix == ".csv":
        header = _csv_header(path)
        if header[:2] == ("amendedCelex", "amendmentCelex"):
            return "OpenSanctions EU journal amendment CSV: only the consolidated annex files are loaded"
        return "CSV whose name and header match no known list layout (derived or unofficial data)"
    return "file name matches no known list file"


def _xml_kind(path: Path, root: Path | None) -> _Kind | str:
    tag = root_tag(path)
    if tag == "sdnList":
        return _sdn_list_kind(path, root)
    if tag is not None and tag in _XML_ROOTS:
        key, fmt = _XML_ROOTS[tag]
        return _Kind(key, fmt)
    # Unreadable (not XML, DTD, broken head) or an unknown root: a name or folder that says which list
    # it is still sends it to that list's parser, which then reports exactly what is wrong with it.
    folder_key = _folder_list_key(path, root)
    if path.name.lower() == "consolidated.xml" and folder_key in ("ofac_cons", "un_sc"):
        return _Kind(folder_key, _XML_FORMAT_OF_LIST[folder_key])
    if tag is None and folder_key in _XML_FORMAT_OF_LIST:
        return _Kind(folder_key, _XML_FORMAT_OF_LIST[folder_key])
    if tag is None:
        return "not readable XML (or it declares a DTD), and its name does not say which list it is"
    return f"XML root element <{tag}> is not a known list format"


def _sdn_list_kind(path: Path, root: Path | None) -> _Kind | str:
    # OFAC's sdn.xml and consolidated.xml share the sdnList schema; the name tells them apart.
    name = path.name.lower()
    if name == "consolidated.xml" or "cons" in name:
        return _Kind("ofac_cons", "ofac_xml")
    if "sdn" in name:
        return _Kind("ofac_sdn", "ofac_xml")
    folder_key = _folder_list_key(path, root)
    if folder_key in ("ofac_sdn", "ofac_cons"):
        return _Kind(folder_key, "ofac_xml")
    return "OFAC sdnList XML, but neither its name nor its folder says SDN or Consolidated"


def _folder_list_key(path: Path, root: Path | None) -> str | None:
    for part in path.parents:
        if root is not None and part == root:
            return None
        if part.name in _XML_FORMAT_OF_LIST or part.name in ("uk",):
            return part.name
    return None


def _ftm_kind(path: Path) -> _Kind | str:
    with path.open("rb") as handle:
        first = handle.readline(_HEAD_BYTES)
    try:
        record = orjson.loads(first)
    except orjson.JSONDecodeError:
        return "entities.ftm.json: first line is not a JSON object"
    datasets = record.get("datasets") if isinstance(record, dict) else None
    if not isinstance(datasets, list) or not datasets or not isinstance(datasets[0], str):
        return "entities.ftm.json: first entity names no dataset"
    return _Kind(datasets[0], "ftm_json")


def _targets_kind(path: Path, root: Path | None) -> _Kind | str:
    rows = _csv_rows(path, 2)
    if not rows or tuple(rows[0][: len(_TARGETS_HEADER)]) != _TARGETS_HEADER:
        return "targets.simple.csv: not the OpenSanctions targets.simple header"
    header = rows[0]
    if len(rows) < 2 or "dataset" not in header:
        return "targets.simple.csv: no rows, so no dataset to name the list after"
    dataset = rows[1][header.index("dataset")].strip()
    if _KEY_LIKE.match(dataset):
        return _Kind(dataset, "os_targets_csv")
    # The export may carry the dataset's title rather than its key; the folder is then the key.
    folder = path.parent
    if folder != root and _KEY_LIKE.match(folder.name):
        return _Kind(folder.name, "os_targets_csv")
    slug = re.sub(r"[^a-z0-9]+", "_", dataset.lower()).strip("_")
    return _Kind(slug, "os_targets_csv") if slug else "targets.simple.csv: empty dataset column"


def _head_text(path: Path) -> str:
    with path.open("rb") as raw:
        if path.name.lower().endswith(".gz"):
            with gzip.GzipFile(fileobj=raw) as unpacked:
                head = unpacked.read(_HEAD_BYTES)
        else:
            head = raw.read(_HEAD_BYTES)
    return head.decode("utf-8", errors="replace").lstrip("\ufeff")


def _csv_rows(path: Path, count: int) -> list[list[str]]:
    """The first ``count`` CSV rows of a (possibly gzipped) file, from its head only."""
    try:
        head = _head_text(path)
    except (OSError, EOFError, gzip.BadGzipFile):
        return []
    reader = csv.reader(io.StringIO(head, newline=""))
    try:
        return [row for _index, row in zip(range(count), reader, strict=False)]
    except csv.Error:
        return []


def _csv_header(path: Path) -> tuple[str, ...]:
    rows = _csv_rows(path, 1)
    return tuple(rows[0]) if rows else ()


def _looks_like_ofac_csv(path: Path) -> bool:
    """OFAC's legacy CSV has no header: each row starts with a numeric ent_num."""
    rows = _csv_rows(path, 1)
    return bool(rows) and bool(rows[0]) and rows[0][0].strip().isdigit()
