"""The HTTP API: FastAPI app factory, endpoints, authentication, limits, metrics and error shape."""

from sanctionwatch.api.app import create_app

__all__ = ["create_app"]
