"""Downloads against a real HTTP server on 127.0.0.1 that serves list files and misbehaves on purpose."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from sanctionwatch.errors import FetchError
from sanctionwatch.settings import Settings
from sanctionwatch.sources.download import check_content, download

LIST_XML = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<CONSOLIDATED_LIST dateGenerated="2026-01-01T00:00:00Z">'
    b"<INDIVIDUALS><INDIVIDUAL><FIRST_NAME>ZARKOV</FIRST_NAME></INDIVIDUAL></INDIVIDUALS>"
    b"</CONSOLIDATED_LIST>\n"
)
HTML_PAGE = b"<!DOCTYPE html>\n<html><head><title>Service unavailable</title></head><body>Sorry</body></html>"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    shared: Path | None = None
    hits: dict[str, int]

    def handle_error(self, request: object, client_address: object) -> None:
        # The client gave up on purpose (timeouts, size limit); a late write then fails. Not news.
        return


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        return

    def _count(self) -> int:
        hits = self.server.hits
        hits[self.path] = hits.get(self.path, 0) + 1
        return hits[self.path]

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if "Content-Length" not in (headers or {}):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        count = self._count()
        route = self.path.split("?")[0]
        if route.startswith("/shared/") and self.server.shared is not None:
            self._send(200, (self.server.shared / route.removeprefix("/shared/")).read_bytes())
        elif route == "/list.xml":
            self._send(200, LIST_XML)
        elif route == "/flaky.xml":
            self._send(500, b"oops") if count <= 2 else self._send(200, LIST_XML)
        elif route == "/always500.xml":
            self._send(503, b"down")
        elif route == "/missing.xml":
            self._send(404, b"not here")
        elif route == "/stall.xml":
            time.sleep(2.0)
            self._send(200, LIST_XML)
        elif route == "/html.xml":
            self._send(200, HTML_PAGE, {"Content-Type": "text/html"})
        elif route == "/garbage.xml":
            self._send(200, bytes(range(256)) * 16)
        elif route == "/truncated.xml":
            self._send(200, LIST_XML[:40], {"Content-Length": str(len(LIST_XML))})
            self.close_connection = True
        elif route == "/etag.xml":
            self._etag()
        elif route == "/big.xml":
            self._send(200, LIST_XML + b" " * 5000)
        elif route == "/big-chunked.xml":
            self._chunked(LIST_XML + b" " * 5000)
        else:
            self._send(404, b"unknown route")

    def _etag(self) -> None:
        if self.headers.get("If-None-Match") == '"v1"':
            self._send(304, b"", {"ETag": '"v1"', "Content-Length": "0"})
        else:
            self._send(200, LIST_XML, {"ETag": '"v1"', "Last-Modified": "Mon, 05 Jan 2026 10:00:00 GMT"})

    def _chunked(self, body: bytes) -> None:
        # No Content-Length: the size limit must hold while streaming, not just on the header.
        self.send_response(200)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for start in range(0, len(body), 1000):
            piece = body[start : start + 1000]
            self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
        self.wfile.write(b"0\r\n\r\n")


@pytest.fixture
def server() -> Iterator[_Server]:
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.hits = {}
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()


def _url(server: _Server, path: str) -> str:
    host, port = server.server_address[:2]
    return f"http://{host!s}:{port}{path}"


@pytest.fixture
def fast(tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        http_timeout=0.5,
        http_retries=2,
        http_backoff=0.01,
        max_download_bytes=4096,
    )


def test_download_writes_file_with_hash_and_validators(server: _Server, fast: Settings) -> None:
    result = download("un_sc", _url(server, "/etag.xml"), fast)
    assert result.path is not None
    assert result.path.read_bytes() == LIST_XML
    assert result.path.parent == fast.data_dir / "downloads" / "un_sc"
    assert result.sha256 == hashlib.sha256(LIST_XML).hexdigest()
    assert result.size == len(LIST_XML)
    assert result.validators["etag"] == '"v1"'
    assert result.validators["last_modified"].startswith("Mon, 05 Jan 2026")
    # No temporary file is left behind.
    assert [p.name for p in result.path.parent.iterdir()] == ["etag.xml"]


def test_conditional_request_answered_304_is_unchanged(server: _Server, fast: Settings) -> None:
    first = download("un_sc", _url(server, "/etag.xml"), fast)
    again = download("un_sc", _url(server, "/etag.xml"), fast, validators=first.validators)
    assert again.unchanged
    assert again.path is None


def test_validators_of_another_url_are_not_sent(server: _Server, fast: Settings) -> None:
    stale = {"etag": '"v1"', "url": _url(server, "/elsewhere.xml")}
    result = download("un_sc", _url(server, "/etag.xml"), fast, validators=stale)
    assert not result.unchanged


def test_retries_after_server_errors_then_succeeds(server: _Server, fast: Settings) -> None:
    result = download("un_sc", _url(server, "/flaky.xml"), fast)
    assert result.path is not None and result.path.read_bytes() == LIST_XML
    assert server.hits["/flaky.xml"] == 3


def test_persistent_server_error_fails_after_all_retries(server: _Server, fast: Settings) -> None:
    url = _url(server, "/always500.xml")
    with pytest.raises(FetchError, match=r"after 3 attempt\(s\): HTTP 503") as info:
        download("un_sc", url, fast)
    assert url in info.value.message
    assert server.hits["/always500.xml"] == 3


def test_client_error_is_not_retried(server: _Server, fast: Settings) -> None:
    with pytest.raises(FetchError, match="HTTP 404"):
        download("un_sc", _url(server, "/missing.xml"), fast)
    assert server.hits["/missing.xml"] == 1


def test_stalled_server_times_out(server: _Server, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, http_timeout=0.3, http_retries=1, http_backoff=0.01)
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out"):
        download("un_sc", _url(server, "/stall.xml"), settings)
    assert time.monotonic() - started < 1.8  # two attempts of 0.3 s, not two stalls of 2 s


def test_html_page_instead_of_list_is_refused(server: _Server, fast: Settings) -> None:
    url = _url(server, "/html.xml")
    with pytest.raises(FetchError, match="HTML page") as info:
        download("un_sc", url, fast)
    assert url in info.value.message
    assert not any((fast.data_dir / "downloads" / "un_sc").iterdir())


def test_binary_garbage_is_refused(server: _Server, fast: Settings) -> None:
    with pytest.raises(FetchError, match="binary data"):
        download("un_sc", _url(server, "/garbage.xml"), fast)


def test_truncated_body_is_an_error_and_leaves_no_file(server: _Server, fast: Settings) -> None:
    with pytest.raises(FetchError, match=r"after 3 attempt") as info:
        download("un_sc", _url(server, "/truncated.xml"), fast)
    assert "RemoteProtocolError" in info.value.message or "truncated" in info.value.message
    assert not any((fast.data_dir / "downloads" / "un_sc").iterdir())


@pytest.mark.parametrize("route", ["/big.xml", "/big-chunked.xml"])
def test_body_over_the_size_limit_is_refused(server: _Server, fast: Settings, route: str) -> None:
    with pytest.raises(FetchError, match="limit of 4,096"):
        download("un_sc", _url(server, route), fast)
    assert server.hits[route] == 1  # not retried
    assert not any((fast.data_dir / "downloads" / "un_sc").iterdir())


def test_connection_refused_is_a_fetch_error(fast: Settings) -> None:
    httpd = _Server(("127.0.0.1", 0), _Handler)
    port = httpd.server_address[1]
    httpd.server_close()  # nothing listens on this port any more
    with pytest.raises(FetchError, match="ConnectError"):
        download("un_sc", f"http://127.0.0.1:{port}/list.xml", fast)


@pytest.mark.shared_data
def test_real_list_file_arrives_byte_for_byte(server: _Server, tmp_path: Path, shared_lists: Path) -> None:
    server.shared = shared_lists
    settings = Settings(data_dir=tmp_path, http_timeout=5)
    source = shared_lists / "un_sc" / "consolidated.xml"
    result = download("un_sc", _url(server, "/shared/un_sc/consolidated.xml"), settings)
    assert result.path is not None and result.path.name == "consolidated.xml"
    assert result.sha256 == hashlib.sha256(source.read_bytes()).hexdigest()
    assert result.size == source.stat().st_size


@pytest.mark.parametrize(
    "head",
    [
        b"\xef\xbb\xbf<?xml version='1.0'?><sdnList/>",
        b'36,"AEROCARIBBEAN AIRLINES",-0- \r\n',
        b"PK\x03\x04rest",
    ],
)
def test_list_like_content_passes_the_check(head: bytes) -> None:
    check_content("http://example.invalid/x", head)


def test_empty_body_is_refused() -> None:
    with pytest.raises(FetchError, match="empty body"):
        check_content("http://example.invalid/x", b"  \n")
