"""Every setting sanctionwatch reads, in one typed place.

Each field is read from an environment variable named ``SANCTIONWATCH_<FIELD>`` (for example
``SANCTIONWATCH_DATABASE_URL``). A :class:`Settings` object is built once at the edge (the CLI, the
API) and passed down; nothing below reads the environment itself.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

#: Official download locations. Each can be overridden with SANCTIONWATCH_SOURCE_URLS (JSON).
OFFICIAL_URLS: dict[str, str] = {
    "ofac_sdn": "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.XML",
    "ofac_cons": "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/CONSOLIDATED.XML",
    "un_sc": "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
    "eu_fsf": (
        "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content"
        "?token=dG9rZW4tMjAxNw"
    ),
    "uk": "https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv",
    "uk_fcdo": "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml",
}


def _default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("sanctionwatch", appauthor=False))


class Settings(BaseSettings):
    """sanctionwatch configuration (environment variables ``SANCTIONWATCH_*``)."""

    model_config = SettingsConfigDict(env_prefix="SANCTIONWATCH_", extra="ignore", frozen=True)

    data_dir: Path = Field(
        default_factory=_default_data_dir,
        description="Directory for the embedded SQLite database, downloads and index caches.",
    )
    database_url: str | None = Field(
        default=None,
        description=(
            "SQLAlchemy URL of the store: `sqlite:///PATH` or `postgresql+psycopg://USER@HOST/DB`. "
            "Default: SQLite file `sanctionwatch.db` in the data directory."
        ),
    )
    source_urls: dict[str, str] = Field(
        default_factory=lambda: dict(OFFICIAL_URLS),
        description="Download URL of each list, by list key (JSON object). Overrides replace the whole map.",
    )
    enabled_lists: tuple[str, ...] = Field(
        default=("ofac_sdn", "ofac_cons", "un_sc", "eu_fsf", "uk"),
        description="Lists that `sanctionwatch update` downloads when no list is named (JSON array).",
    )
    http_timeout: float = Field(
        default=60.0, gt=0, description="Seconds to wait for a download to connect or send more data."
    )
    http_retries: int = Field(
        default=3, ge=0, le=10, description="Retries of a failed download (with exponential back-off)."
    )
    http_backoff: float = Field(
        default=1.0, ge=0, description="Seconds before the first retry; doubled at each further retry."
    )
    max_download_bytes: int = Field(
        default=512 * 1024 * 1024, gt=0, description="Largest list file accepted, downloaded or local."
    )
    max_drop_fraction: float = Field(
        default=0.2,
        ge=0,
        le=1,
        description="An update that would remove more than this fraction of a list's entities is refused "
        "unless forced.",
    )

    # -- HTTP API (read by sanctionwatch.api) ------------------------------------------------------
    api_max_body_bytes: int = Field(
        default=1024 * 1024, gt=0, description="Largest request body the API accepts (413 beyond)."
    )
    api_max_batch: int = Field(
        default=100, ge=1, le=10_000, description="Most queries in one screening request (422 beyond)."
    )
    api_rate_limit: float = Field(
        default=200.0, gt=0, description="Requests per second each API key may make on average (429 beyond)."
    )
    api_rate_burst: int = Field(
        default=400,
        ge=1,
        description="Requests an API key may make at once above its rate (token bucket size).",
    )
    api_key_cache_seconds: float = Field(
        default=5.0,
        ge=0,
        description="Seconds a verified (or unknown) API key is cached in-process; a revoked key "
        "stops working within this time.",
    )
    api_startup_wait_seconds: float = Field(
        default=300.0,
        ge=0,
        description="Seconds a server worker waits, at start, for its first load of the stored lists "
        "before it accepts connections (with several workers, a worker still loading would "
        "otherwise answer 503 while the others are ready). An empty store is not waited for.",
    )
    # -- list updates of the running service (read by sanctionwatch.api.service) ---------------------
    update_interval: float = Field(
        default=0.0,
        ge=0,
        description="Seconds between background list updates of `sanctionwatch serve` (0 = off).",
    )
    update_from: Path | None = Field(
        default=None,
        description="Directory the background update loads list files from, instead of downloading "
        "the enabled lists.",
    )
    log_queries: bool = Field(
        default=False,
        description="Log request paths with their query strings (which can hold customer names). "
        "Off by default.",
    )
    audit_batch_max: int = Field(
        default=256,
        ge=1,
        le=10_000,
        description="Most screenings the audit recorder commits in one transaction (group commit).",
    )
    audit_retry_seconds: float = Field(
        default=5.0,
        ge=0,
        le=300,
        description="Seconds a screening waits for its audit record while the database is "
        "unavailable (retried with back-off) before the client gets a 503.",
    )

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'sanctionwatch.db'}"
