"""Candidate generation over every name of every loaded entity, cached on disk per list versions."""

from sanctionwatch.index.cache import cached_index, fingerprint
from sanctionwatch.index.name_index import NameIndex

__all__ = ["NameIndex", "cached_index", "fingerprint"]
