"""API keys: created once, stored hashed, verified fast, revocable.

A key is ``"sw_" + secrets.token_urlsafe(32)`` (256 random bits). The database keeps only its
SHA-256 hex digest (a fast hash is right for high-entropy random tokens, and keeps verification
cheap at thousands of requests per second) and a public prefix -- the 8 characters after ``sw_`` --
that names the key in lists, logs and the audit trail. The plaintext is shown once, at creation.

Roles: ``screen`` (screening only), ``analyst`` (also read results and entities), ``admin`` (also
keys and list updates). :class:`KeyRing` caches verification results in-process for a few seconds,
so a revoked key keeps working for at most that long in a running server.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from sanctionwatch.auth.tables import api_keys
from sanctionwatch.errors import InputError, NotFoundError
from sanctionwatch.store import Store

KEY_MARK = "sw_"
PREFIX_CHARS = 8
#: Longest string looked at as a key; real keys are 46 characters.
MAX_KEY_CHARS = 256
MAX_NAME_CHARS = 200
#: Keys remembered by a KeyRing's cache at most (valid and invalid); cleared when full.
MAX_CACHED_KEYS = 10_000
_CREATE_ATTEMPTS = 3  # a prefix clash (48 random bits) is astronomically rare; retry anyway


class Role(StrEnum):
    SCREEN = "screen"
    ANALYST = "analyst"
    ADMIN = "admin"


@dataclass(slots=True, frozen=True)
class ApiKey:
    """A stored key as it may be shown: never the key itself nor its hash."""

    prefix: str
    role: Role
    name: str
    created_at: datetime
    revoked_at: datetime | None = None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


class NewKey(NamedTuple):
    """A freshly created key: the plaintext (show it once, it is not stored) and its record."""

    key: str
    api_key: ApiKey


def parse_role(value: str) -> Role:
    """``"screen"|"analyst"|"admin"`` -> :class:`Role`; anything else is an InputError."""
    try:
        return Role(value.strip().lower())
    except ValueError:
        known = ", ".join(role.value for role in Role)
        raise InputError(f"unknown role {value[:40]!r} (known: {known})") from None


def key_digest(key: str) -> str:
    """SHA-256 hex digest of a full key (what the database stores)."""
    return hashlib.sha256(key.encode()).hexdigest()


def _prefix_of(key: str) -> str | None:
    if not key.startswith(KEY_MARK) or len(key) > MAX_KEY_CHARS or len(key) < len(KEY_MARK) + PREFIX_CHARS:
        return None
    return key[len(KEY_MARK) : len(KEY_MARK) + PREFIX_CHARS]


def _engine(db: Store | Engine) -> Engine:
    return db.engine if isinstance(db, Store) else db


def _utc(moment: datetime | None) -> datetime | None:
    # SQLite hands back naive datetimes; we only ever store UTC.
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def _api_key(row: sa.RowMapping) -> ApiKey:
    created = _utc(row["created_at"])
    assert created is not None
    return ApiKey(row["prefix"], Role(row["role"]), row["name"], created, _utc(row["revoked_at"]))


def _new_key() -> str:
    while True:
        key = KEY_MARK + secrets.token_urlsafe(32)
        if key[len(KEY_MARK)] != "-":  # a prefix starting with "-" would read as a CLI option
            return key


def create_key(db: Store | Engine, role: Role | str, name: str = "") -> NewKey:
    """Create a key with ``role``; returns the plaintext (shown once, never stored) and its record."""
    chosen = role if isinstance(role, Role) else parse_role(role)
    if len(name) > MAX_NAME_CHARS:
        raise InputError(f"key name is {len(name)} characters long (limit {MAX_NAME_CHARS})")
    for attempt in range(_CREATE_ATTEMPTS):
        key = _new_key()
        record = ApiKey(key[len(KEY_MARK) : len(KEY_MARK) + PREFIX_CHARS], chosen, name, datetime.now(UTC))
        values = {
            "prefix": record.prefix,
            "sha256": key_digest(key),
            "role": chosen.value,
            "name": name,
            "created_at": record.created_at,
        }
        try:
            with _engine(db).begin() as conn:
                conn.execute(api_keys.insert().values(values))
        except sa.exc.IntegrityError:
            if attempt == _CREATE_ATTEMPTS - 1:
                raise
            continue
        return NewKey(key, record)
    raise AssertionError("unreachable")


def verify(db: Store | Engine, key: str) -> ApiKey | None:
    """The record of ``key`` if it is a known, unrevoked key; None otherwise (one indexed read)."""
    prefix = _prefix_of(key)
    if prefix is None:
        return None
    query = sa.select(api_keys).where(api_keys.c.prefix == prefix)
    with _engine(db).connect() as conn:
        row = conn.execute(query).mappings().one_or_none()
    if row is None or row["revoked_at"] is not None:
        return None
    if not hmac.compare_digest(row["sha256"], key_digest(key)):
        return None
    return _api_key(row)


def list_keys(db: Store | Engine) -> list[ApiKey]:
    """Every key ever created (revoked ones included), oldest first."""
    query = sa.select(api_keys).order_by(api_keys.c.created_at, api_keys.c.prefix)
    with _engine(db).connect() as conn:
        return [_api_key(row) for row in conn.execute(query).mappings()]


def revoke(db: Store | Engine, prefix: str) -> ApiKey:
    """Revoke the key named by ``prefix`` (idempotent); NotFoundError if there is no such key."""
    table = api_keys
    with _engine(db).begin() as conn:
        conn.execute(
            table.update()
            .where(table.c.prefix == prefix, table.c.revoked_at.is_(None))
            .values(revoked_at=datetime.now(UTC))
        )
        row = conn.execute(sa.select(table).where(table.c.prefix == prefix)).mappings().one_or_none()
    if row is None:
        raise NotFoundError(f"no API key with prefix {prefix[:40]!r}")
    return _api_key(row)


class KeyRing:
    """The keys of one database, with verification cached for ``cache_seconds`` (valid and unknown
    keys alike), so a server verifies each key against the database at most once per period.

    Revoking a key therefore takes effect in a running process within ``cache_seconds``.
    Thread-safe.
    """

    def __init__(self, db: Store | Engine, cache_seconds: float = 5.0) -> None:
        self._engine = _engine(db)
        self._ttl = cache_seconds
        self._cache: dict[str, tuple[float, ApiKey | None]] = {}
        self._lock = threading.Lock()

    def create(self, role: Role | str, name: str = "") -> NewKey:
        """See :func:`create_key`."""
        return create_key(self._engine, role, name)

    def verify(self, key: str) -> ApiKey | None:
        """See :func:`verify`; answers from the cache while fresh."""
        digest = key_digest(key)  # cache by digest: the process keeps no raw keys around
        now = time.monotonic()
        cached = self._cache.get(digest)
        if cached is not None and cached[0] > now:
            return cached[1]
        found = verify(self._engine, key)
        with self._lock:
            if len(self._cache) >= MAX_CACHED_KEYS:
                self._cache.clear()
            self._cache[digest] = (now + self._ttl, found)
        return found

    def list(self) -> list[ApiKey]:
        """See :func:`list_keys`."""
        return list_keys(self._engine)

    def revoke(self, prefix: str) -> ApiKey:
        """See :func:`revoke`; this process forgets its cached verifications at once."""
        revoked = revoke(self._engine, prefix)
        with self._lock:
            self._cache.clear()
        return revoked
