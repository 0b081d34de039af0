"""The built-in demo API: a real HTTP server on 127.0.0.1 speaking the support tickets API.

Standard library only, and nothing is built until a request asks for it, so ``ticketview --demo``
starts in a few milliseconds. It never writes to stderr: the terminal belongs to the app.
"""

from __future__ import annotations

import socket
import socketserver
import threading
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import ModuleType
from typing import Any
from urllib.parse import unquote, urlsplit

from app.demo.listing import InvalidQuery, list_response, parse_query
from app.demo.records import Json, encode_envelope, encode_json, rebase, summary

_JSON = "application/json; charset=utf-8"
_MAX_IGNORED_BODY = 64 * 1024
_POLL_SECONDS = 0.05
"""How often the serving loop checks for ``stop``: it bounds how long stopping takes."""

NOT_FOUND = encode_json({"error": "Not found", "message": "NOT_FOUND"})
TICKET_NOT_FOUND = encode_json({"error": "Support ticket not found", "message": "SUPPORT_TICKET_NOT_FOUND"})
INVALID_PARAMETERS = encode_json({"success": False, "error": "Invalid query parameters", "code": "INVALID_PARAMETERS"})
METHOD_NOT_ALLOWED = encode_json({"error": "Method not allowed", "message": "METHOD_NOT_ALLOWED"})
INTERNAL_ERROR = encode_json({"error": "Internal server error", "message": "INTERNAL_ERROR"})
TOO_LARGE = encode_json({"error": "Request body too large", "message": "PAYLOAD_TOO_LARGE"})
LENGTH_REQUIRED = encode_json({"error": "Content-Length required", "message": "LENGTH_REQUIRED"})
TOO_MANY_CREATED = encode_json({"error": "The demo keeps at most 1000 new tickets a run", "message": "DEMO_LIMIT"})
FIRST_NEW_NUMBER = 1_000_000_001
"""New tickets' IDs count up from here: ten digits, never one of the samples' nine."""
MAX_CREATE_BODY = 256 * 1024
"""Bytes of a create request read; a bigger one is answered 413 unread."""
COLLECTION = "/v2/support-tickets"


def _catalog() -> ModuleType:
    """The sample tickets, imported on the first request rather than at start-up."""
    from app.demo import catalog

    return catalog


@dataclass(frozen=True)
class Reply:
    """A complete answer: status, body and headers."""

    status: int
    body: bytes
    content_type: str = _JSON
    headers: tuple[tuple[str, str], ...] = ()


@dataclass
class DemoApi:
    """The routes of the demo API for one base URL, with its encoded bodies cached."""

    base_url: str
    _bodies: dict[str, bytes] = field(default_factory=dict, init=False)
    _extra: dict[str, Json] = field(default_factory=dict, init=False)
    _queue: list[Json] | None = field(default=None, init=False)
    """List items served instead of the sample set's (``serve_queue``)."""
    _queue_tickets: dict[str, Json] = field(default_factory=dict, init=False)
    _created: int = field(default=0, init=False)
    """Tickets made by ``POST`` in this run."""
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)
    """Guards ``_extra`` and ``_created``: handlers run in threads of their own."""

    def add_ticket(self, ticket: Json) -> None:
        """Serve ``ticket`` (placeholder URLs allowed) in place of any ticket with its ``_id``."""
        ticket_id = str(ticket["_id"])
        body = rebase(encode_envelope(ticket), self.base_url)
        with self._lock:
            self._bodies[ticket_id] = body
            self._extra[ticket_id] = summary(ticket)

    def create(self, body: bytes) -> Reply:
        """Answer ``POST /v2/support-tickets``: the new ticket, kept for the run, or the API's 400."""
        from app.demo.creating import MAX_CREATED, Refused, new_ticket, parse_new

        try:
            fields = parse_new(body)
        except Refused as refused:
            return Reply(400, encode_json(refused.body()))
        with self._lock:
            if self._created >= MAX_CREATED:
                return Reply(400, TOO_MANY_CREATED)
            self._created += 1
            number = FIRST_NEW_NUMBER + self._created - 1
        ticket = new_ticket(fields, number)
        self.add_ticket(ticket)
        return Reply(200, encode_envelope(ticket))

    @property
    def created(self) -> int:
        """Tickets made by ``POST`` in this run."""
        with self._lock:
            return self._created

    def serve_queue(self, tickets: list[Json]) -> None:
        """List only ``tickets`` (each one also served whole), in place of the sample set."""
        self._queue_tickets = {str(ticket["_id"]): ticket for ticket in tickets}
        self._queue = [summary(ticket) for ticket in tickets]

    def route(self, path: str) -> Reply:
        """Answer a GET of ``path`` (the raw request target)."""
        try:
            target = urlsplit(path)
        except ValueError:  # e.g. a malformed "http://[" request target
            return Reply(404, NOT_FOUND)
        segments = target.path.split("/")
        if segments[:3] == ["", "v2", "support-tickets"]:
            if len(segments) == 3 or segments[3:] == [""]:
                return self._list(target.query)
            if len(segments) == 4:
                return self._ticket(unquote(segments[3]))
        elif segments[:2] == ["", "attachments"] and len(segments) == 4:
            return self._attachment(unquote(segments[2]), unquote(segments[3]))
        return Reply(404, NOT_FOUND)

    def _ticket(self, ticket_id: str) -> Reply:
        body = self._bodies.get(ticket_id)
        if body is None and ticket_id in self._queue_tickets:
            body = self._bodies[ticket_id] = rebase(encode_envelope(self._queue_tickets[ticket_id]), self.base_url)
        if body is None:
            template = _catalog().ticket_body(ticket_id)
            if template is None:
                return Reply(404, TICKET_NOT_FOUND)
            body = self._bodies[ticket_id] = rebase(template, self.base_url)
        return Reply(200, body)

    def _list(self, query: str) -> Reply:
        try:
            parsed = parse_query(query)
        except InvalidQuery:
            return Reply(400, INVALID_PARAMETERS)
        items = self._queue if self._queue is not None else _catalog().list_items()
        with self._lock:
            extra = dict(self._extra)
        if extra:
            items = [item for item in items if item["_id"] not in extra] + list(extra.values())
        return Reply(200, encode_json(list_response(items, parsed)))

    def _attachment(self, ticket_id: str, filename: str) -> Reply:
        demo_file = _catalog().find_file(ticket_id, filename)
        if demo_file is None:
            return Reply(404, NOT_FOUND)
        return Reply(200, demo_file.content, demo_file.content_type)


class _Handler(BaseHTTPRequestHandler):
    """Speaks HTTP/1.1 with keep-alive; every answer is built whole before it is sent."""

    server: _Server
    protocol_version = "HTTP/1.1"
    server_version = "ticketview-demo"
    timeout = 60  # an idle keep-alive connection frees its thread after a minute

    def version_string(self) -> str:
        """The ``Server`` header: the demo's name, not the Python version."""
        return self.server_version

    def setup(self) -> None:
        """Send each write at once: headers then body would otherwise wait ~40 ms for an ACK."""
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:
        """Stay silent: the terminal belongs to the app."""

    def do_GET(self) -> None:
        """Answer a GET."""
        self._answer(head=False)

    def do_HEAD(self) -> None:
        """Answer a HEAD: the GET's status and headers without the body."""
        self._answer(head=True)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Answer a request http.server could not parse with JSON, like every other error."""
        self.close_connection = True
        try:
            phrase = HTTPStatus(code).phrase
        except ValueError:
            phrase = "Error"
        body = encode_json({"error": phrase, "message": phrase.upper().replace(" ", "_")})
        self._send(Reply(code, body), head=self.command == "HEAD")

    def __getattr__(self, name: str) -> Any:
        # http.server looks up do_<METHOD>; every method but GET, HEAD and POST gets a 405.
        if name.startswith("do_"):
            return self._not_allowed
        raise AttributeError(name)

    def _not_allowed(self) -> None:
        self.close_connection = True  # its body, if any, is never read
        allowed = "GET, HEAD, POST" if self._path_only() == COLLECTION else "GET, HEAD"
        self._send(Reply(405, METHOD_NOT_ALLOWED, headers=(("Allow", allowed),)), head=False)

    def _path_only(self) -> str:
        """The request's path without its query or a trailing slash ("" when it cannot be split)."""
        try:
            return urlsplit(self.path).path.rstrip("/")
        except ValueError:
            return ""

    def do_POST(self) -> None:
        """Create a ticket (``POST /v2/support-tickets``); any other path does not take a POST."""
        if self._path_only() != COLLECTION:
            self._not_allowed()
            return
        length = self.headers.get("Content-Length", "")
        if self.headers.get("Transfer-Encoding") or not length.isascii() or not length.isdigit():
            self.close_connection = True  # the body's end is unknown: the connection cannot be reused
            self._send(Reply(411, LENGTH_REQUIRED), head=False)
            return
        if int(length) > MAX_CREATE_BODY:
            self.close_connection = True  # never read
            self._send(Reply(413, TOO_LARGE), head=False)
            return
        try:
            body = self.rfile.read(int(length))
        except OSError:
            self.close_connection = True
            return
        try:
            reply = self.server.api.create(body)
        except Exception:  # noqa: BLE001  # a demo bug must not take the server down
            reply = Reply(500, INTERNAL_ERROR)
        self._send(reply, head=False)

    def _answer(self, head: bool) -> None:
        self._skip_body()
        try:
            reply = self.server.api.route(self.path)
        except Exception:  # noqa: BLE001  # a demo bug must not take the server down
            reply = Reply(500, INTERNAL_ERROR)
        self._send(reply, head)

    def _skip_body(self) -> None:
        """Read and drop a body sent with a GET so the next request on the connection parses."""
        if self.headers.get("Transfer-Encoding"):
            self.close_connection = True
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if 0 < length <= _MAX_IGNORED_BODY:
            self.rfile.read(length)
        elif length:
            self.close_connection = True

    def _send(self, reply: Reply, head: bool) -> None:
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
            for name, value in reply.headers:
                self.send_header(name, value)
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            if not head:
                self.wfile.write(reply.body)
        except OSError:  # the client went away mid-answer
            self.close_connection = True


class _Server(ThreadingHTTPServer):
    """A threading HTTP server that is silent and can cut its open connections on stop."""

    daemon_threads = True
    api: DemoApi

    def __init__(self, address: tuple[str, int], family: socket.AddressFamily) -> None:
        self.address_family = family
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        """Bind without the reverse DNS look-up ``HTTPServer`` does, which can stall start-up."""
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), int(self.server_address[1])

    def process_request(self, request: Any, client_address: Any) -> None:
        """Track the connection so ``stop`` can close it."""
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        """Forget a finished connection."""
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Drop a broken connection without printing a traceback."""

    def close_connections(self) -> None:
        """Cut every open keep-alive connection."""
        with self._connections_lock:
            open_now = list(self._connections)
        for connection in open_now:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class DemoServer:
    """A running demo API; ``base_url`` is where to point the client."""

    def __init__(self, server: _Server, base_url: str) -> None:
        self._server = server
        self.base_url = base_url
        """E.g. ``http://127.0.0.1:54321`` (no trailing slash)."""
        self._thread = threading.Thread(
            target=server.serve_forever, args=(_POLL_SECONDS,), name="ticketview-demo-api", daemon=True
        )
        self._stopped = False
        self._stop_lock = threading.Lock()
        self._thread.start()

    def add_ticket(self, ticket: Json) -> None:
        """Serve an extra ticket (e.g. a ``huge_ticket`` variant) from this server."""
        self._server.api.add_ticket(ticket)

    @property
    def created(self) -> int:
        """Tickets created on this server (``POST``) since it started."""
        return self._server.api.created

    def serve_queue(self, count: int) -> None:
        """List ``count`` generated tickets instead of the sample set (a long queue for tests)."""
        from app.demo.generated import queue_tickets

        self._server.api.serve_queue([ticket.data for ticket in queue_tickets(count)])

    def stop(self) -> None:
        """Shut down, cut open connections and join the thread; safe to call twice."""
        with self._stop_lock:
            if self._stopped:
                return
            self._stopped = True
        self._server.shutdown()
        self._server.server_close()
        self._server.close_connections()
        self._thread.join()


def start_demo_server(host: str = "127.0.0.1", port: int = 0) -> DemoServer:
    """Start the demo API on ``host`` (port 0: a free one) in a daemon thread."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    server = _Server((host, port), family)
    bound_port = server.server_address[1]
    base_url = f"http://[{host}]:{bound_port}" if ":" in host else f"http://{host}:{bound_port}"
    server.api = DemoApi(base_url)
    return DemoServer(server, base_url)
