"""Prepared list entities kept packed (one pickle each) and unpacked only when they become candidates.

Unpacking is on the hot path of screening, and the default pickling of slotted frozen dataclasses
is slow (``dataclasses`` rebuilds the field list for every object). Packing therefore reduces
every slotted dataclass to its class and field values, and unpacking sets the slots directly.
A bounded cache keeps the entities a process unpacked recently.
"""

from __future__ import annotations

import dataclasses
import io
import pickle
from collections.abc import Callable, Sequence
from typing import Any

from sanctionwatch.match import PreparedEntity

#: Unpacked entities kept per process (a few kB each; candidates repeat across queries).
CACHE_SIZE = 8_000

_BUILDERS: dict[type, Callable[[tuple[Any, ...]], Any]] = {}
_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _slot_fields(cls: type) -> tuple[str, ...] | None:
    """Field names of a slotted dataclass whose fields are all slots; None for anything else."""
    names = _FIELDS.get(cls, ())
    if names == ():
        names = None
        slots = cls.__dict__.get("__slots__")
        if dataclasses.is_dataclass(cls) and slots is not None:
            found = tuple(f.name for f in dataclasses.fields(cls))
            names = found if set(found) <= set(slots) else None
        _FIELDS[cls] = names
    return names


def rebuild(cls: type, values: tuple[Any, ...]) -> Any:
    """An instance of the slotted dataclass ``cls`` with these field values (see :func:`pack`)."""
    builder = _BUILDERS.get(cls)
    if builder is None:
        builder = _BUILDERS[cls] = _builder(cls)
    return builder(values)


def _builder(cls: type) -> Callable[[tuple[Any, ...]], Any]:
    """A function setting every slot of a new ``cls`` from a tuple of field values.

    Generated straight-line code (as ``dataclasses`` generates ``__init__``): a loop over the
    fields costs a fifth more, on the hot path of screening. Only indices enter the code.
    """
    names = _slot_fields(cls) or ()
    # Slot descriptors set the value even on frozen dataclasses, without __init__'s checks.
    scope: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    lines = ["def build(values):", "    obj = _new(_cls)"]
    for i, name in enumerate(names):
        scope[f"_set{i}"] = cls.__dict__[name].__set__
        lines.append(f"    _set{i}(obj, values[{i}])")
    lines.append("    return obj")
    exec("\n".join(lines), scope)  # noqa: S102 - fixed template, see docstring
    built: Callable[[tuple[Any, ...]], Any] = scope["build"]
    return built


class _Packer(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        names = _slot_fields(type(obj))
        if names is None:
            return NotImplemented
        return rebuild, (type(obj), tuple(getattr(obj, name) for name in names))


def pack(entity: PreparedEntity) -> bytes:
    """``entity`` as bytes for :func:`unpack` (a pickle: only ever unpack what this program packed)."""
    buffer = io.BytesIO()
    _Packer(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(entity)
    return buffer.getvalue()


def unpack(blob: bytes | memoryview) -> PreparedEntity:
    """The entity :func:`pack` made ``blob`` from."""
    entity: PreparedEntity = pickle.loads(blob)  # noqa: S301 - packed by this program, see pack()
    return entity


class EntityStore:
    """Packed prepared entities by number, unpacked on demand with a bounded cache."""

    __slots__ = ("_blobs", "_cache", "cache_size")

    def __init__(self, blobs: Sequence[bytes | memoryview], cache_size: int = CACHE_SIZE) -> None:
        self._blobs = blobs
        self._cache: dict[int, PreparedEntity] = {}
        self.cache_size = cache_size

    def __len__(self) -> int:
        return len(self._blobs)

    @property
    def blobs(self) -> Sequence[bytes | memoryview]:
        return self._blobs

    def remember(self, number: int, entity: PreparedEntity) -> None:
        """Cache an entity that is already unpacked (fresh from building)."""
        if len(self._cache) < self.cache_size:
            self._cache[number] = entity

    def get(self, number: int) -> PreparedEntity:
        """The entity with this number (0 .. len - 1)."""
        cache = self._cache
        entity = cache.get(number)
        if entity is None:
            entity = unpack(self._blobs[number])
            if len(cache) >= self.cache_size:
                # First in, first out: cheap, and hot entities come straight back.
                del cache[next(iter(cache))]
            cache[number] = entity
        return entity
