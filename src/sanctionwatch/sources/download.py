"""Downloading a list file from its official URL, carefully.

Connect and read timeouts, retries with exponential back-off on connection errors, timeouts and
5xx answers, conditional requests (a 304 means the list has not changed), a size limit enforced
while streaming, and an atomic rename of the finished file into place, so a half-received file
never looks like a list. The content is checked before anyone parses it: an HTML error page or
binary garbage where a list should be is a clear error naming the URL.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from sanctionwatch.errors import FetchError
from sanctionwatch.settings import Settings

_CHUNK = 1 << 16
_SNIFF_BYTES = 4096
_HTML = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_USER_AGENT = "sanctionwatch/0.1 (+list updater)"
# Zip (an .xlsx workbook) and gzip are legitimate list containers; other binary content is not.
_BINARY_CONTAINERS = (b"PK\x03\x04", b"\x1f\x8b")


@dataclass(slots=True, frozen=True)
class Download:
    """The result of a download: a file in place, or ``path=None`` when the server said 304."""

    source: str
    url: str
    path: Path | None
    sha256: str | None = None
    size: int = 0
    validators: Mapping[str, str] = field(default_factory=dict)  # "etag", "last_modified", "url"

    @property
    def unchanged(self) -> bool:
        return self.path is None


class _Retryable(Exception):
    """A failure worth another attempt (connection error, timeout, 5xx, truncated body)."""


def download(
    source: str, url: str, settings: Settings, *, validators: Mapping[str, str] | None = None
) -> Download:
    """Fetch ``url`` into ``settings.data_dir/downloads/<source>/`` and return where it is.

    ``validators`` are those of the version recorded last time (``etag``, ``last_modified``, ``url``);
    they are sent as If-None-Match / If-Modified-Since only when the URL is the same.
    """
    headers = _conditional_headers(url, validators or {})
    target_dir = settings.data_dir / "downloads" / source
    target_dir.mkdir(parents=True, exist_ok=True)
    timeout = httpx.Timeout(settings.http_timeout)
    attempts = settings.http_retries + 1
    last_error = ""
    with httpx.Client(timeout=timeout, follow_redirects=True, headers={"User-Agent": _USER_AGENT}) as client:
        for attempt in range(attempts):
            if attempt:
                time.sleep(settings.http_backoff * 2 ** (attempt - 1))
            try:
                return _attempt(client, source, url, headers, target_dir, settings.max_download_bytes)
            except _Retryable as exc:
                last_error = str(exc)
    raise FetchError(f"{url}: download failed after {attempts} attempt(s): {last_error}")


def _conditional_headers(url: str, validators: Mapping[str, str]) -> dict[str, str]:
    if validators.get("url") != url:
        return {}
    headers: dict[str, str] = {}
    if validators.get("etag"):
        headers["If-None-Match"] = validators["etag"]
    if validators.get("last_modified"):
        headers["If-Modified-Since"] = validators["last_modified"]
    return headers


def _attempt(
    client: httpx.Client, source: str, url: str, headers: dict[str, str], target_dir: Path, limit: int
) -> Download:
    try:
        with client.stream("GET", url, headers=headers) as response:
            if response.status_code == 304:
                return Download(source, url, None, validators=dict(_validators(url, response)))
            _check_status(url, response)
            _check_declared_size(url, response, limit)
            return _receive(source, url, response, target_dir, limit)
    except httpx.TimeoutException as exc:
        raise _Retryable(f"timed out ({type(exc).__name__})") from exc
    except httpx.TransportError as exc:
        raise _Retryable(f"{type(exc).__name__}: {exc}") from exc


def _check_status(url: str, response: httpx.Response) -> None:
    status = response.status_code
    if status >= 500 or status == 429:
        raise _Retryable(f"HTTP {status} {response.reason_phrase}")
    if status != 200:
        raise FetchError(f"{url}: HTTP {status} {response.reason_phrase}")


def _check_declared_size(url: str, response: httpx.Response, limit: int) -> None:
    declared = response.headers.get("Content-Length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise FetchError(f"{url}: the server announces {int(declared):,} bytes, over the limit of {limit:,}")


def _receive(source: str, url: str, response: httpx.Response, target_dir: Path, limit: int) -> Download:
    """Stream the body to a temporary file, then rename it into place once complete and checked."""
    digest = hashlib.sha256()
    size = 0
    head = b""
    handle, tmp_name = tempfile.mkstemp(dir=target_dir, prefix=".part-")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(handle, "wb") as out:
            for chunk in response.iter_raw(_CHUNK) if _is_identity(response) else response.iter_bytes(_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise FetchError(
                        f"{url}: body exceeds the size limit of {limit:,} bytes; download stopped"
                    )
                if len(head) < _SNIFF_BYTES:
                    head += chunk[: _SNIFF_BYTES - len(head)]
                digest.update(chunk)
                out.write(chunk)
        _check_complete(response, size)
        check_content(url, head)
        final = target_dir / _file_name(source, url, head)
        tmp.replace(final)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    validators = _validators(url, response)
    return Download(source, url, final, digest.hexdigest(), size, validators)


def _is_identity(response: httpx.Response) -> bool:
    return response.headers.get("Content-Encoding", "identity").lower() in ("", "identity")


def _check_complete(response: httpx.Response, size: int) -> None:
    # httpx normally notices a short body itself; this also covers servers that close early cleanly.
    declared = response.headers.get("Content-Length")
    if _is_identity(response) and declared is not None and declared.isdigit() and int(declared) != size:
        raise _Retryable(f"body truncated: received {size:,} of {int(declared):,} bytes")


def check_content(url: str, head: bytes) -> None:
    """Refuse what cannot be a list file: empty bodies, HTML pages, binary garbage."""
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if not text:
        raise FetchError(f"{url}: the server sent an empty body, not a list file")
    if text.startswith(_BINARY_CONTAINERS):
        return
    if _HTML.search(text[:1024]):
        raise FetchError(f"{url}: the server sent an HTML page, not a list file (an error or login page?)")
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return  # UTF-16 XML
    if b"\x00" in text or not _mostly_text(text):
        raise FetchError(f"{url}: the server sent binary data, not an XML or CSV list file")


def _mostly_text(data: bytes) -> bool:
    decoded = data.decode("utf-8", errors="replace")
    # The sniffed head may end inside a multi-byte character; allow a few replacements for that.
    bad = decoded.count("\ufffd") + sum(1 for c in decoded if ord(c) < 32 and c not in "\t\r\n\x1a")
    return bad <= max(4, len(decoded) // 100)


def _file_name(source: str, url: str, head: bytes) -> str:
    """Keep the URL's file name when it has one (the catalog recognises lists by name)."""
    name = _SAFE_NAME.sub("_", Path(urlsplit(url).path).name)
    if "." in name.strip("."):
        return name
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    suffix = ".xml" if text.startswith(b"<") or head[:2] in (b"\xff\xfe", b"\xfe\xff") else ".csv"
    if text.startswith(b"PK\x03\x04"):
        suffix = ".xlsx"
    return f"{source}{suffix}"


def _validators(url: str, response: httpx.Response) -> dict[str, str]:
    found = {"url": url}
    if response.headers.get("ETag"):
        found["etag"] = response.headers["ETag"]
    if response.headers.get("Last-Modified"):
        found["last_modified"] = response.headers["Last-Modified"]
    return found
