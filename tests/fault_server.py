"""A programmable HTTP server on loopback for tests: scripted answers and faults, recorded requests.

    with FaultServer() as server:                            # 127.0.0.1, a free port
        server.route("/v2/support-tickets/T1", Reply(200, {"data": {...}}))
        server.route("/flaky", [Reply(503), Reply(200, b"ok")])  # one per request, the last repeats
        server.route("/computed", lambda request: Reply(200, request.path))
        client = TicketClient(server.url, "token")
        ...
        assert server.requests[0].headers["authorization"] == "Bearer token"

A ``Reply`` can delay its headers, drip its body, stall or drop the connection part-way, declare a
wrong ``Content-Length`` or gzip its body. Paths without a route answer 404 with a JSON error body.
``FaultServer("127.0.0.2")`` is a second origin on the same machine, ``FaultServer(tls=context)``
serves https. Handlers that wait (delays, drips, stalls) wake up at once when the server stops,
so a test never waits for them. The pytest fixtures ``fault_server`` and ``other_origin`` come with
an import: ``from tests.fault_server import fault_server_fixture, other_origin_fixture  # noqa: F401``
(pytest finds them by name), or put that import in a conftest.py.
"""

from __future__ import annotations

import gzip
import json
import socket
import ssl
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self

import pytest

Body = bytes | str | dict | list | Callable[[], Iterable[bytes]]
"""Bytes as they are, text as UTF-8, a dict or list as JSON, or a factory of chunks (big bodies)."""


@dataclass(frozen=True)
class Reply:
    """One scripted answer."""

    status: int = 200
    body: Body = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    delay: float = 0.0
    """Seconds to wait before sending the status line."""
    drip: tuple[int, float] | None = None
    """Send the body this many bytes at a time, pausing this many seconds between pieces."""
    close_after: int | None = None
    """Drop the connection after this many body bytes."""
    stall_after: int | None = None
    """Send this many body bytes, then hang until the server stops."""
    content_length: int | None = None
    """Declare this Content-Length instead of the real one (and close after the body)."""
    gzip: bool = False
    """Gzip the body and say so in Content-Encoding."""
    hang_up: bool = False
    """Read the request, then close the connection without a word of answer."""


@dataclass(frozen=True)
class Recorded:
    """One request as it arrived."""

    method: str
    path: str
    """The raw request target, still percent-encoded, with its query."""
    headers: dict[str, str]
    """Header names in lower case."""
    body: bytes = b""
    """The request's body (up to ``MAX_REQUEST_BODY`` bytes, as its Content-Length says)."""

    @property
    def authorization(self) -> str | None:
        """The Authorization header, if one was sent."""
        return self.headers.get("authorization")


MAX_REQUEST_BODY = 1024 * 1024
"""Bytes of a request body recorded."""

Script = Reply | list[Reply] | Callable[[Recorded], Reply]


def _body_bytes(body: Body) -> bytes | None:
    """The body as bytes, or ``None`` for a chunk factory."""
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode()
    if isinstance(body, (dict, list)):
        return json.dumps(body).encode()
    return None


class FaultServer:
    """A threaded HTTP/1.1 server whose answers tests script, and which records every request."""

    def __init__(self, host: str = "127.0.0.1", *, tls: ssl.SSLContext | None = None) -> None:
        self.host = host
        self.tls = tls
        self.requests: list[Recorded] = []
        """Every request received, in order."""
        self._routes: dict[str, list[Reply] | Callable[[Recorded], Reply]] = {}
        self._lock = threading.Lock()
        self.stopping = threading.Event()
        """Set when the server stops; waiting handlers give up."""
        self._httpd = _HTTPServer((host, 0), _Handler, self)
        self.port: int = self._httpd.server_address[1]
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The base URL, e.g. ``http://127.0.0.1:41234``."""
        scheme = "https" if self.tls else "http"
        return f"{scheme}://{self.host}:{self.port}"

    def route(self, path: str, script: Script) -> None:
        """Answer requests to ``path`` (query ignored) with a reply, a list of replies, or a function."""
        with self._lock:
            self._routes[path] = [script] if isinstance(script, Reply) else script

    def hits(self, path: str) -> list[Recorded]:
        """The requests received for ``path`` (query ignored)."""
        return [request for request in self.requests if request.path.split("?")[0] == path]

    def start(self) -> Self:
        """Serve in a daemon thread."""
        # a short poll interval: stop() returns within it, keeping teardown fast
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, args=(0.02,), daemon=True, name="fault-server"
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, wake every waiting handler and close the socket."""
        self.stopping.set()
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
        self._httpd.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    def _answer(self, request: Recorded) -> Reply:
        """Record ``request`` and pick its reply."""
        with self._lock:
            self.requests.append(request)
            script = self._routes.get(request.path.split("?")[0])
            if isinstance(script, list):
                return script.pop(0) if len(script) > 1 else script[0]
        if script is None:
            return Reply(404, {"error": "No such route", "message": "NOT_FOUND"})
        return script(request)  # outside the lock: a function may take its time


class _HTTPServer(ThreadingHTTPServer):
    """The socket server; closing it never waits for handlers still sleeping."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler], owner: FaultServer) -> None:
        self.owner = owner
        super().__init__(address, handler)

    def finish_request(self, request: Any, client_address: Any) -> None:
        """Do the TLS handshake in the handler thread, so a client that refuses it harms nothing."""
        if self.owner.tls is not None:
            try:
                request = self.owner.tls.wrap_socket(request, server_side=True)
            except (ssl.SSLError, OSError):
                return
        super().finish_request(request, client_address)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet: clients in these tests hang up on purpose."""


class _Handler(BaseHTTPRequestHandler):
    """Plays the scripted reply for each request."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in separate writes: don't delay the body
    server: _HTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet."""

    def do_GET(self) -> None:
        """Answer a GET."""
        self._serve()

    do_HEAD = do_POST = do_PUT = do_DELETE = do_GET

    def _serve(self) -> None:
        owner = self.server.owner
        headers = {k.lower(): v for k, v in self.headers.items()}
        length = headers.get("content-length", "")
        try:
            body = self.rfile.read(min(int(length), MAX_REQUEST_BODY)) if length.isdigit() else b""
        except (ConnectionError, ssl.SSLError, OSError):
            body = b""
        reply = owner._answer(Recorded(self.command, self.path, headers, body))
        try:
            if reply.hang_up:
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            self._play(reply, owner.stopping)
        except (ConnectionError, ssl.SSLError, OSError):
            self.close_connection = True

    def _play(self, reply: Reply, stopping: threading.Event) -> None:
        if reply.delay and stopping.wait(reply.delay):
            self.close_connection = True
            return
        body = _body_bytes(reply.body)
        names = {name.lower() for name in reply.headers}
        if body is not None and reply.gzip:
            body = gzip.compress(body)
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if reply.gzip:
            self.send_header("Content-Encoding", "gzip")
        if "content-type" not in names and isinstance(reply.body, (dict, list)):
            self.send_header("Content-Type", "application/json")
        faulty = reply.content_length is not None or reply.close_after is not None or reply.stall_after is not None
        if reply.content_length is not None:
            self.send_header("Content-Length", str(reply.content_length))
        elif body is not None and "content-length" not in names:
            self.send_header("Content-Length", str(len(body)))
        if faulty or body is None:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command == "HEAD":
            return
        self._send_body(reply, body, stopping)

    def _send_body(self, reply: Reply, body: bytes | None, stopping: threading.Event) -> None:
        sent = 0
        for piece in _pieces(reply, body):
            for cut in (reply.close_after, reply.stall_after):
                if cut is not None and sent + len(piece) >= cut:
                    piece = piece[: cut - sent]
            self.wfile.write(piece)
            sent += len(piece)
            if reply.close_after is not None and sent >= reply.close_after:
                self.wfile.flush()
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            if reply.stall_after is not None and sent >= reply.stall_after:
                self.wfile.flush()
                stopping.wait()
                return
            if reply.drip is not None and stopping.wait(reply.drip[1]):
                return
        self.wfile.flush()


def _pieces(reply: Reply, body: bytes | None) -> Iterator[bytes]:
    """The body in the pieces it is to be sent in."""
    if body is None:
        assert callable(reply.body)
        chunks: Iterable[bytes] = reply.body()  # type: ignore[call-arg]
    else:
        chunks = [body]
    step = reply.drip[0] if reply.drip else 0
    for chunk in chunks:
        if not step:
            yield chunk
            continue
        for start in range(0, len(chunk), step):
            yield chunk[start : start + step]


PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")


def clear_proxy_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make sure requests to loopback go straight there, whatever proxy the machine has."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(name="fault_server")
def fault_server_fixture() -> Iterator[FaultServer]:
    """A fault server on 127.0.0.1, stopped after the test."""
    with FaultServer() as server:
        yield server


@pytest.fixture(name="other_origin")
def other_origin_fixture() -> Iterator[FaultServer]:
    """A fault server on 127.0.0.2: another origin, for tests about where the token goes."""
    with FaultServer("127.0.0.2") as server:
        yield server
