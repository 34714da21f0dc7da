"""API keys as the API checks them: :func:`sanctionwatch.auth.keys.verify` against the store."""

from __future__ import annotations

from sanctionwatch.api.access import KeyVerifier, Principal
from sanctionwatch.auth import keys
from sanctionwatch.store import Store
from sanctionwatch.store.database import database_errors


def key_verifier(store: Store) -> KeyVerifier:
    """Verify full keys against ``store`` (a database read: the gatekeeper caches the answers).
    An unavailable database is a 503 ``StoreError``, as for every other store read."""

    def verify(token: str) -> Principal | None:
        with database_errors(store.engine.url):
            found = keys.verify(store, token)
        return None if found is None else Principal(found.prefix, str(found.role))

    return verify
