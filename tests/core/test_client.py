"""The API client against a real HTTP server on loopback: statuses, retries, limits, the token."""

from __future__ import annotations

import asyncio
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import unquote

import httpx
import pytest
import stamina
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.api.client import RetryNotice, TicketClient, ticket_path_segment
from app.core.errors import (
    ApiRejected,
    AuthError,
    InvalidResponse,
    MissingToken,
    NetworkError,
    RateLimited,
    RequestTimeout,
    ServerError,
    TicketNotFound,
    TicketViewError,
    Unauthorized,
)
from tests.fault_server import FaultServer, Reply, clear_proxy_env

# isort: split
# pytest finds these fixtures by their names, fault_server and other_origin
from tests.fault_server import fault_server_fixture, other_origin_fixture  # noqa: F401

TOKEN = "s3cr3t-t0ken-value"
TICKET_ID = "support_ticket_123456789"
TICKET_PATH = f"/v2/support-tickets/{TICKET_ID}"
TICKET = {
    "success": True,
    "data": {
        "_id": TICKET_ID,
        "title": "API Integration Issue",
        "status": "in_progress",
        "threads": [{"author": "client_123456789", "message": "Hi", "type": "user"}],
        "attachments": [{"filename": "error_logs.txt", "url": "https://storage.example/e.txt", "size": 1024}],
    },
}
BODIES = {
    "json-error": {"error": "Something failed", "message": "SOMETHING_FAILED"},
    "json-code": {"code": "Failed", "message": "It failed"},
    "html": "<html><body><h1>Bad things</h1></body></html>",
    "empty": b"",
}


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_proxy_env(monkeypatch)


@pytest.fixture
def no_waiting() -> Iterator[None]:
    """Stamina's test mode: retries happen at once, while notices still report the real wait."""
    with stamina.set_testing(True, attempts=10, cap=True):
        yield


def make_client(server: FaultServer | str, token: str | None = TOKEN, **options: object) -> TicketClient:
    """A client with tiny backoffs and timeouts, so failing tests fail fast."""
    settings: dict[str, object] = {
        "retry_wait_initial": 0.001,
        "retry_wait_max": 0.004,
        "retry_wait_jitter": 0.0,
        "connect_timeout": 2.0,
        "read_timeout": 2.0,
        "deadline": 5.0,
    }
    settings.update(options)
    base = server if isinstance(server, str) else server.url
    return TicketClient(base, token, **settings)  # type: ignore[arg-type]


async def fetch_error(server: FaultServer | str, ticket_id: str = TICKET_ID, **options: object) -> TicketViewError:
    """The typed error a fetch raises."""
    async with make_client(server, **options) as client:
        with pytest.raises(TicketViewError) as caught:
            await client.get_ticket(ticket_id)
    return caught.value


# --- success and what is sent -------------------------------------------------------------------


async def test_fetches_the_ticket_with_the_documented_headers(fault_server: FaultServer) -> None:
    fault_server.route(TICKET_PATH, Reply(200, TICKET))
    async with make_client(fault_server) as client:
        ticket = await client.get_ticket(f"  {TICKET_ID} ")
    assert ticket.id == TICKET_ID and ticket.attachments[0].size == 1024
    [request] = fault_server.requests
    assert request.method == "GET" and request.path == TICKET_PATH
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert request.headers["content-type"] == "application/json"
    assert request.headers["accept"] == "application/json"
    assert request.headers["user-agent"].startswith("ticketview/")


async def test_the_same_body_again_returns_the_copy_in_hand_without_parsing(fault_server: FaultServer) -> None:
    fault_server.route(TICKET_PATH, Reply(200, TICKET))
    async with make_client(fault_server) as client:
        first = await client.fetch_ticket(TICKET_ID)
        again = await client.fetch_ticket(TICKET_ID, known=first)
        assert again is first  # one copy in memory, not two
        changed = dict(TICKET, data=dict(TICKET["data"], title="API Integration Issue (escalated)"))
        fault_server.route(TICKET_PATH, Reply(200, changed))
        fresh = await client.fetch_ticket(TICKET_ID, known=first)
    assert fresh is not first and fresh.digest != first.digest
    assert fresh.ticket.title == "API Integration Issue (escalated)"
    assert len(fault_server.requests) == 3  # each asked the server: only the parse was saved


async def test_older_envelope_and_a_base_url_with_a_prefix(fault_server: FaultServer) -> None:
    fault_server.route(f"/prefix{TICKET_PATH}", Reply(200, {"data": TICKET["data"]}))
    async with make_client(f"{fault_server.url}/prefix/") as client:
        assert client.base_url == f"{fault_server.url}/prefix"
        ticket = await client.get_ticket(TICKET_ID)
    assert ticket.title == "API Integration Issue"


async def test_gzip_encoded_ticket_is_read(fault_server: FaultServer) -> None:
    fault_server.route(TICKET_PATH, Reply(200, TICKET, gzip=True))
    async with make_client(fault_server) as client:
        assert (await client.get_ticket(TICKET_ID)).id == TICKET_ID


async def test_no_authorization_header_without_a_token_in_demo_mode(fault_server: FaultServer) -> None:
    fault_server.route(TICKET_PATH, Reply(200, TICKET))
    async with make_client(fault_server, token=None, require_token=False) as client:
        await client.get_ticket(TICKET_ID)
    assert fault_server.requests[0].authorization is None


@pytest.mark.parametrize(
    ("ticket_id", "segment"),
    [
        ("a/b", "a%2Fb"),
        ("..", "%2E%2E"),
        (".", "%2E"),
        ("?x=1#y", "%3Fx%3D1%23y"),
        ("%2F", "%252F"),
        ("a b", "a%20b"),
        ("тикет", "%D1%82%D0%B8%D0%BA%D0%B5%D1%82"),
        ("a\\b;c", "a%5Cb%3Bc"),
        ("...", "%2E%2E%2E"),
        ("a.b", "a.b"),
    ],
)
async def test_the_id_is_one_encoded_path_segment(fault_server: FaultServer, ticket_id: str, segment: str) -> None:
    assert ticket_path_segment(ticket_id) == segment
    error = await fetch_error(f"{fault_server.url}/p", ticket_id)
    assert isinstance(error, TicketNotFound) and error.ticket_id == ticket_id
    assert [r.path for r in fault_server.requests] == [f"/p/v2/support-tickets/{segment}"]


@given(st.text(st.characters(codec=None, exclude_categories=()), min_size=1))
@settings(max_examples=300, deadline=None)
def test_any_id_stays_one_segment(ticket_id: str) -> None:
    segment = ticket_path_segment(ticket_id)
    assert "/" not in segment and "?" not in segment and "#" not in segment and segment not in (".", "..")
    if ticket_id.isprintable():
        assert unquote(segment) == ticket_id
    assert (
        httpx.URL(f"https://h/p/v2/support-tickets/{segment}").raw_path.decode() == f"/p/v2/support-tickets/{segment}"
    )


# --- what is refused before any request ---------------------------------------------------------


async def test_missing_token_is_reported_without_a_request(fault_server: FaultServer) -> None:
    for token in (None, "", "   "):
        assert isinstance(await fetch_error(fault_server, token=token), MissingToken)
    assert fault_server.requests == []


async def test_empty_id_is_refused_without_a_request(fault_server: FaultServer) -> None:
    error = await fetch_error(fault_server, "   ")
    assert isinstance(error, ApiRejected) and error.message == "Type a ticket ID first."
    assert fault_server.requests == []


async def test_a_token_that_cannot_be_a_header_is_refused_unseen(fault_server: FaultServer) -> None:
    error = await fetch_error(fault_server, token="abc\r\nX-Evil: 1")
    assert isinstance(error, AuthError) and "abc" not in str(error)
    assert fault_server.requests == []


# --- status mapping -----------------------------------------------------------------------------


@pytest.mark.parametrize("body", BODIES.values(), ids=BODIES.keys())
async def test_404_is_ticket_not_found_whatever_the_body(fault_server: FaultServer, body: object) -> None:
    fault_server.route(TICKET_PATH, Reply(404, body))  # type: ignore[arg-type]
    error = await fetch_error(fault_server)
    assert isinstance(error, TicketNotFound) and TICKET_ID in error.message and error.exit_code == 1
    assert len(fault_server.requests) == 1


@pytest.mark.parametrize("status", [401, 403])
@pytest.mark.parametrize("body", BODIES.values(), ids=BODIES.keys())
async def test_401_and_403_are_unauthorized(fault_server: FaultServer, status: int, body: object) -> None:
    fault_server.route(TICKET_PATH, Reply(status, body))  # type: ignore[arg-type]
    error = await fetch_error(fault_server)
    assert isinstance(error, Unauthorized) and error.status == status and error.exit_code == 3
    assert len(fault_server.requests) == 1


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"error": "Invalid query parameters", "message": "INVALID_PARAMETERS"}, "Invalid query parameters"),
        ({"code": "BadRequest", "message": "The id is malformed"}, "The id is malformed"),
        ("<html>nope</html>", None),
        (b"", None),
    ],
)
async def test_other_4xx_is_rejected_with_the_apis_words_and_not_retried(
    fault_server: FaultServer, body: object, words: str | None
) -> None:
    fault_server.route(TICKET_PATH, Reply(400, body))  # type: ignore[arg-type]
    error = await fetch_error(fault_server)
    assert type(error) is ApiRejected and error.status == 400 and "HTTP 400" in error.message
    if words:
        assert words in error.message
    assert len(fault_server.requests) == 1


async def test_the_apis_words_are_sanitised(fault_server: FaultServer) -> None:
    fault_server.route(TICKET_PATH, Reply(422, {"error": "bad\x1b[31m red\nline\u202e" + "x" * 500}))
    error = await fetch_error(fault_server)
    assert "\x1b" not in error.message and "\n" not in error.message and "\u202e" not in error.message
    assert len(error.message) < 300


@pytest.mark.parametrize("status", [500, 502, 503, 504])
@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({"error": "Upstream down", "message": "UPSTREAM"}, "Upstream down - UPSTREAM"),
        ({"code": "Oops", "message": "Broken"}, "Broken"),
        ("<!DOCTYPE html><html><title>502 Bad Gateway</title></html>", "HTML error page"),
        (b"", "empty body"),
    ],
)
async def test_5xx_is_retried_then_a_server_error(
    fault_server: FaultServer, status: int, body: object, detail: str
) -> None:
    fault_server.route(TICKET_PATH, Reply(status, body))  # type: ignore[arg-type]
    notices: list[RetryNotice] = []
    async with make_client(fault_server) as client:
        with pytest.raises(ServerError) as caught:
            await client.get_ticket(TICKET_ID, on_retry=notices.append)
    assert caught.value.status == status and f"({detail})" in caught.value.message
    assert caught.value.exit_code == 4
    assert len(fault_server.requests) == 3
    reason = f"server error {status}"
    assert [(n.attempt, n.attempts, n.reason) for n in notices] == [(2, 3, reason), (3, 3, reason)]


async def test_backoff_doubles_between_attempts(fault_server: FaultServer) -> None:
    fault_server.route(TICKET_PATH, Reply(503))
    notices: list[RetryNotice] = []
    async with make_client(fault_server, retry_wait_initial=0.002, retry_wait_max=1.0) as client:
        with pytest.raises(ServerError):
            await client.get_ticket(TICKET_ID, on_retry=notices.append)
    assert [n.wait for n in notices] == [0.002, 0.004]


async def test_a_passing_503_recovers(fault_server: FaultServer) -> None:
    fault_server.route(TICKET_PATH, [Reply(503, "<html>busy</html>"), Reply(200, TICKET)])
    notices: list[RetryNotice] = []
    async with make_client(fault_server) as client:
        ticket = await client.get_ticket(TICKET_ID, on_retry=notices.append)
    assert ticket.id == TICKET_ID and len(notices) == 1 and len(fault_server.requests) == 2


async def test_other_5xx_is_a_server_error_without_retry(fault_server: FaultServer) -> None:
    fault_server.route(TICKET_PATH, Reply(501, "not implemented"))
    error = await fetch_error(fault_server)
    assert isinstance(error, ServerError) and error.status == 501 and len(fault_server.requests) == 1


@pytest.mark.parametrize("status", [304, 300, 302, 999])
async def test_unusable_statuses_are_invalid_responses(fault_server: FaultServer, status: int) -> None:
    fault_server.route(TICKET_PATH, Reply(status))
    assert isinstance(await fetch_error(fault_server), InvalidResponse)


# --- rate limits and Retry-After ----------------------------------------------------------------


@pytest.mark.parametrize(("header", "wait"), [("7", 7.0), ("120", 12.0), ("0", 0.0)])
async def test_429_honours_retry_after_seconds(
    fault_server: FaultServer, no_waiting: None, header: str, wait: float
) -> None:
    fault_server.route(TICKET_PATH, [Reply(429, headers={"Retry-After": header}), Reply(200, TICKET)])
    notices: list[RetryNotice] = []
    async with make_client(fault_server, max_retry_wait=12.0, deadline=60.0) as client:
        ticket = await client.get_ticket(TICKET_ID, on_retry=notices.append)
    assert ticket.id == TICKET_ID
    assert notices == [RetryNotice(attempt=2, attempts=3, wait=wait, reason="rate limited (429)")]


@pytest.mark.parametrize(("offset", "wait"), [(timedelta(hours=1), 20.0), (timedelta(hours=-1), 0.0)])
async def test_429_honours_retry_after_as_an_http_date(
    fault_server: FaultServer, no_waiting: None, offset: timedelta, wait: float
) -> None:
    when = format_datetime(datetime.now(UTC) + offset, usegmt=True)
    fault_server.route(TICKET_PATH, [Reply(429, headers={"Retry-After": when}), Reply(200, TICKET)])
    notices: list[RetryNotice] = []
    async with make_client(fault_server, max_retry_wait=20.0, deadline=60.0) as client:
        await client.get_ticket(TICKET_ID, on_retry=notices.append)
    assert [n.wait for n in notices] == [wait]


async def test_429_thrice_is_rate_limited(fault_server: FaultServer, no_waiting: None) -> None:
    fault_server.route(TICKET_PATH, Reply(429, {"error": "Too many"}, headers={"Retry-After": "3"}))
    error = await fetch_error(fault_server, deadline=60.0)
    assert isinstance(error, RateLimited) and error.retry_after == 3.0 and error.exit_code == 1
    assert len(fault_server.requests) == 3


async def test_a_wait_beyond_the_deadline_gives_up_at_once(fault_server: FaultServer) -> None:
    fault_server.route(TICKET_PATH, Reply(429, headers={"Retry-After": "30"}))
    notices: list[RetryNotice] = []
    started = time.monotonic()
    async with make_client(fault_server, deadline=2.0) as client:
        with pytest.raises(RateLimited):
            await client.get_ticket(TICKET_ID, on_retry=notices.append)
    assert notices == [] and len(fault_server.requests) == 1 and time.monotonic() - started < 1.5


async def test_400_is_never_retried(fault_server: FaultServer) -> None:
    fault_server.route(TICKET_PATH, Reply(400, {"error": "Bad"}))
    notices: list[RetryNotice] = []
    async with make_client(fault_server) as client:
        with pytest.raises(ApiRejected):
            await client.get_ticket(TICKET_ID, on_retry=notices.append)
    assert notices == [] and len(fault_server.requests) == 1


# --- bodies that are not tickets ----------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b'{"success": true, "data": {"_id": "x", "tit',
        b'{"success": true, "data": [1, 2]}',
        b'{"success": true, "data": {"title": "no _id"}}',
        b'{"success": false, "data": {"_id": "x"}}',
        b"<html>proxy login</html>",
        b"",
        b"[]",
    ],
)
async def test_a_200_that_is_not_a_ticket_is_an_invalid_response(fault_server: FaultServer, body: bytes) -> None:
    fault_server.route(TICKET_PATH, Reply(200, body))
    error = await fetch_error(fault_server)
    assert isinstance(error, InvalidResponse) and len(fault_server.requests) == 1


async def test_a_body_over_the_cap_is_refused(fault_server: FaultServer) -> None:
    big = {"data": {"_id": "x", "description": "y" * 10_000}}
    fault_server.route(TICKET_PATH, Reply(200, big))
    fault_server.route("/v2/support-tickets/undeclared", Reply(200, lambda: iter([b"z" * 4096] * 4)))
    for ticket_id in (TICKET_ID, "undeclared"):
        error = await fetch_error(fault_server, ticket_id, max_body_bytes=4096)
        assert isinstance(error, InvalidResponse) and "larger than 4.0 KiB" in error.message


async def test_a_gzip_bomb_is_refused(fault_server: FaultServer) -> None:
    fault_server.route(TICKET_PATH, Reply(200, b"\0" * (8 * 1024 * 1024), gzip=True))
    error = await fetch_error(fault_server, max_body_bytes=512 * 1024)
    assert isinstance(error, InvalidResponse) and "larger than" in error.message


async def test_broken_compression_is_an_invalid_response(fault_server: FaultServer) -> None:
    fault_server.route(TICKET_PATH, Reply(200, b"not gzip at all", headers={"Content-Encoding": "gzip"}))
    assert isinstance(await fetch_error(fault_server), InvalidResponse)


# --- network failures and time ------------------------------------------------------------------


def free_port() -> int:
    """A loopback port with nothing listening on it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_connection_refused_is_retried_then_a_network_error() -> None:
    port = free_port()
    notices: list[RetryNotice] = []
    async with make_client(f"http://127.0.0.1:{port}") as client:
        with pytest.raises(NetworkError) as caught:
            await client.get_ticket(TICKET_ID, on_retry=notices.append)
    assert caught.value.message == f"Could not connect to 127.0.0.1:{port}: connection refused."
    assert [n.reason for n in notices] == ["could not connect"] * 2


class _FailingTransport(httpx.AsyncBaseTransport):
    """Raises the given error for every request, counting them."""

    def __init__(self, error: Exception) -> None:
        self.error = error
        self.calls = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        raise self.error


def _chained(error: httpx.HTTPError, cause: BaseException) -> httpx.HTTPError:
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(
    ("error", "message", "calls"),
    [
        (
            _chained(httpx.ConnectError("dns"), socket.gaierror(socket.EAI_NONAME, "Name or service not known")),
            "Could not find the server api.example.test.",
            1,
        ),
        (
            _chained(httpx.ConnectError("tls"), ssl.SSLCertVerificationError(1, "certificate verify failed")),
            "A secure connection to api.example.test could not be made (certificate or TLS problem).",
            1,
        ),
        (httpx.ConnectTimeout("slow"), "The server did not answer within 2 s.", 3),
        (httpx.ReadTimeout("slow"), "The server did not answer within 2 s.", 3),
        (
            httpx.RemoteProtocolError("gone"),
            "The connection to api.example.test broke before the answer was complete.",
            1,
        ),
        (
            httpx.ReadError("reset"),
            "The connection to api.example.test broke before the answer was complete.",
            1,
        ),
    ],
)
async def test_transport_failures_become_typed_errors(error: Exception, message: str, calls: int) -> None:
    transport = _FailingTransport(error)
    async with make_client("https://api.example.test", transport=transport) as client:
        with pytest.raises(TicketViewError) as caught:
            await client.get_ticket(TICKET_ID)
    assert caught.value.message == message and transport.calls == calls
    if "secure" in message:
        assert "SSL_CERT_FILE" in caught.value.hint
    if "broke" in message:  # the server was reached: not "Network unreachable"
        assert caught.value.title == "Connection broken"


async def test_tls_to_a_plain_http_server_is_a_tls_error(fault_server: FaultServer) -> None:
    error = await fetch_error(fault_server.url.replace("http://", "https://"))
    assert isinstance(error, NetworkError) and "certificate or TLS" in error.message


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and its key."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


async def test_untrusted_certificate_fails_and_ssl_cert_file_is_honoured(
    certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    with FaultServer(tls=context) as server:
        server.route(TICKET_PATH, Reply(200, TICKET))
        monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
        async with make_client(server) as client:
            assert (await client.get_ticket(TICKET_ID)).id == TICKET_ID
        monkeypatch.delenv("SSL_CERT_FILE")
        monkeypatch.delenv("SSL_CERT_DIR", raising=False)
        error = await fetch_error(server)
    assert isinstance(error, NetworkError) and "SSL_CERT_FILE" in error.hint


async def test_a_connection_dropped_mid_body_is_a_network_error(fault_server: FaultServer) -> None:
    fault_server.route(TICKET_PATH, Reply(200, TICKET, close_after=20))
    fault_server.route("/v2/support-tickets/short", Reply(200, TICKET, content_length=10_000))
    for ticket_id in (TICKET_ID, "short"):
        error = await fetch_error(fault_server, ticket_id)
        assert isinstance(error, NetworkError) and "broke" in error.message


async def test_a_dripping_server_hits_the_deadline(fault_server: FaultServer) -> None:
    fault_server.route(TICKET_PATH, Reply(200, TICKET, drip=(1, 0.05)))
    started = time.monotonic()
    error = await fetch_error(fault_server, deadline=0.5)
    assert isinstance(error, RequestTimeout) and error.seconds == 0.5
    assert time.monotonic() - started < 1.5


async def test_a_silent_server_times_out_per_read_and_is_retried(fault_server: FaultServer) -> None:
    fault_server.route(TICKET_PATH, Reply(200, TICKET, delay=30))
    error = await fetch_error(fault_server, read_timeout=0.1, attempts=2)
    assert isinstance(error, RequestTimeout) and error.seconds == 0.1 and len(fault_server.requests) == 2


async def test_cancelling_a_fetch_propagates(fault_server: FaultServer) -> None:
    arrived = threading.Event()

    def slow(request: object) -> Reply:
        arrived.set()
        return Reply(200, TICKET, delay=30)

    fault_server.route(TICKET_PATH, slow)
    async with make_client(fault_server) as client:
        task = asyncio.create_task(client.get_ticket(TICKET_ID))
        assert await asyncio.to_thread(arrived.wait, 5)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task


# --- the token ----------------------------------------------------------------------------------


async def test_the_token_is_in_no_message_nor_repr(fault_server: FaultServer) -> None:
    echo = {"error": f"Bad token {TOKEN}", "message": f"Bearer {TOKEN}"}
    fault_server.route("/v2/support-tickets/e400", Reply(400, echo))
    fault_server.route("/v2/support-tickets/e500", Reply(500, echo))
    fault_server.route("/v2/support-tickets/e401", Reply(401, echo))
    fault_server.route("/v2/support-tickets/e200", Reply(200, f"not json {TOKEN}"))
    async with make_client(fault_server) as client:
        assert TOKEN not in repr(client) and TOKEN not in str(client)
        for ticket_id in ("e400", "e500", "e401", "e200", "missing"):
            with pytest.raises(TicketViewError) as caught:
                await client.get_ticket(ticket_id)
            error = caught.value
            seen = " ".join([str(error), repr(error), error.hint, getattr(error, "excerpt", "")])
            assert TOKEN not in seen, ticket_id


async def test_a_redirect_to_another_host_is_refused_in_words(
    fault_server: FaultServer, other_origin: FaultServer
) -> None:
    """Another host would answer without the token, and its answer would pass for the API's."""
    fault_server.route(TICKET_PATH, Reply(302, headers={"Location": f"{other_origin.url}/moved"}))
    other_origin.route("/moved", Reply(200, TICKET))
    async with make_client(fault_server) as client:
        with pytest.raises(InvalidResponse, match=r"redirected the request to another host \(127\.0\.0\.2\)"):
            await client.get_ticket(TICKET_ID)
    assert fault_server.requests[0].authorization == f"Bearer {TOKEN}"
    assert other_origin.requests == []  # not even asked


async def test_the_same_id_spelled_otherwise_is_the_same_ticket(fault_server: FaultServer) -> None:
    """A server that ignores case (or Unicode forms) answers with its own spelling of the ID."""
    fault_server.route("/v2/support-tickets/SUPPORT_TICKET_7", Reply(200, {"data": {"_id": "support_ticket_7"}}))
    async with make_client(fault_server) as client:
        assert (await client.get_ticket("SUPPORT_TICKET_7")).id == "support_ticket_7"


async def test_another_ticket_than_the_one_asked_for_is_refused(fault_server: FaultServer) -> None:
    fault_server.route(TICKET_PATH, Reply(200, {"data": {"_id": "some_other_id", "title": "I am another ticket"}}))
    async with make_client(fault_server) as client:
        with pytest.raises(InvalidResponse, match="the server answered with ticket 'some_other_id'"):
            await client.get_ticket(TICKET_ID)


async def test_a_same_origin_redirect_keeps_the_token(fault_server: FaultServer) -> None:
    fault_server.route(TICKET_PATH, Reply(301, headers={"Location": "/v3/tickets/x"}))
    fault_server.route("/v3/tickets/x", Reply(200, TICKET))
    async with make_client(fault_server) as client:
        await client.get_ticket(TICKET_ID)
    assert [r.authorization for r in fault_server.requests] == [f"Bearer {TOKEN}"] * 2


async def test_a_trusted_host_gets_the_token(fault_server: FaultServer, other_origin: FaultServer) -> None:
    fault_server.route(TICKET_PATH, Reply(307, headers={"Location": f"{other_origin.url}/moved"}))
    other_origin.route("/moved", Reply(200, TICKET))
    async with make_client(fault_server, trusted_hosts=["127.0.0.2"]) as client:
        await client.get_ticket(TICKET_ID)
    assert other_origin.requests[0].authorization == f"Bearer {TOKEN}"


async def test_redirects_are_bounded(fault_server: FaultServer) -> None:
    fault_server.route(TICKET_PATH, Reply(302, headers={"Location": TICKET_PATH}))
    error = await fetch_error(fault_server)
    assert isinstance(error, InvalidResponse) and "redirected more than 5" in error.message
    assert len(fault_server.requests) == 6


async def test_a_redirect_to_a_non_web_address_is_refused(fault_server: FaultServer) -> None:
    fault_server.route(TICKET_PATH, Reply(302, headers={"Location": "file:///etc/passwd"}))
    assert isinstance(await fetch_error(fault_server), InvalidResponse)
