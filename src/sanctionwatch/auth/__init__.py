"""Who may call the API: hashed API keys with roles (see :mod:`sanctionwatch.auth.keys`)."""

from sanctionwatch.auth.keys import ApiKey, KeyRing, NewKey, Role

__all__ = ["ApiKey", "KeyRing", "NewKey", "Role"]
