"""A hostile server against the core: compression bombs, layered and unknown encodings, edge values,
and what the errors say. Each category has several cases of its own; memory is measured in
``tests/bench/bench_bombs.py``, not here."""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.api.client import TicketClient
from app.core.api.models import Attachment
from app.core.attachments.downloads import download_attachment
from app.core.attachments.preview import fetch_preview
from app.core.errors import DownloadError, InvalidResponse, RateLimited
from app.core.export import to_markdown
from app.core.text.formatting import format_size, format_time
from tests.bombs import MiB, double_gzip_bomb, gzip_bomb, json_bomb
from tests.fault_server import FaultServer, Reply, clear_proxy_env

TICKET = "/v2/support-tickets/T-1"
EXAMPLE = {"success": True, "data": {"_id": "T-1", "title": "Printer on fire", "threads": [{"message": "help"}]}}


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_proxy_env(monkeypatch)


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with FaultServer() as running:
        yield running


def client(server: FaultServer) -> TicketClient:
    return TicketClient(server.url, "tok", retry_wait_initial=0.001, retry_wait_max=0.002, deadline=10.0)


def encoded(body: bytes, *codings: str) -> Reply:
    return Reply(200, body, headers={"Content-Type": "application/json", "Content-Encoding": ", ".join(codings)})


# --- compression: caps hold during decoding, whatever the encodings ----------------------------------


async def test_a_ticket_that_inflates_past_the_cap_is_refused(server: FaultServer) -> None:
    server.route(TICKET, encoded(json_bomb(64 * MiB), "gzip"))
    async with TicketClient(server.url, "tok", max_body_bytes=8 * MiB) as api:
        with pytest.raises(InvalidResponse, match=r"larger than 8\.0 MiB"):
            await api.get_ticket("T-1")


@pytest.mark.parametrize(
    ("codings", "words"),
    [
        (("gzip", "gzip"), "more than once"),
        (("deflate", "gzip"), "more than once"),
        (("br",), "does not read"),
        (("compress",), "does not read"),
        (("gzip, identity, gzip",), "more than once"),
    ],
)
async def test_layered_or_unknown_encodings_are_refused_in_words(
    server: FaultServer, codings: tuple[str, ...], words: str
) -> None:
    server.route(TICKET, encoded(double_gzip_bomb(), *codings))
    async with client(server) as api:
        with pytest.raises(InvalidResponse, match=words):
            await api.get_ticket("T-1")


async def test_a_damaged_gzip_body_is_an_invalid_response(server: FaultServer) -> None:
    packed = gzip.compress(json.dumps(EXAMPLE).encode())
    server.route(TICKET, encoded(packed[:12] + b"\xff" * 40 + packed[52:], "gzip"))
    async with client(server) as api:
        with pytest.raises(InvalidResponse, match="damaged"):
            await api.get_ticket("T-1")


@pytest.mark.parametrize("form", ["gzip", "gzip in two members", "deflate (zlib)", "deflate (raw)", "x-gzip"])
async def test_well_compressed_tickets_still_read(server: FaultServer, form: str) -> None:
    raw = json.dumps(EXAMPLE).encode()
    if form == "gzip in two members":
        body, coding = gzip.compress(raw[:20]) + gzip.compress(raw[20:]), "gzip"
    elif form == "deflate (zlib)":
        body, coding = zlib.compress(raw), "deflate"
    elif form == "deflate (raw)":
        packer = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
        body, coding = packer.compress(raw) + packer.flush(), "deflate"
    else:
        body, coding = gzip.compress(raw), form
    server.route(TICKET, encoded(body, coding))
    async with client(server) as api:
        ticket = await api.get_ticket("T-1")
    assert ticket.title == "Printer on fire"


async def test_a_preview_of_a_bomb_stops_at_the_preview_cap(server: FaultServer) -> None:
    server.route("/f/bomb.txt", Reply(200, gzip_bomb(64 * MiB, fill=b"a"), headers={"Content-Encoding": "gzip"}))
    attachment = Attachment(filename="bomb.txt", url=f"{server.url}/f/bomb.txt", type="text/plain")
    async with client(server) as api:
        preview = await fetch_preview(api, attachment, limit=1 * MiB)
    assert preview.truncated and len(preview.text) <= 1 * MiB


async def test_a_preview_of_a_double_bomb_is_refused(server: FaultServer) -> None:
    server.route("/f/bomb.txt", Reply(200, double_gzip_bomb(), headers={"Content-Encoding": "gzip, gzip"}))
    attachment = Attachment(filename="bomb.txt", url=f"{server.url}/f/bomb.txt", type="text/plain")
    async with client(server) as api:
        with pytest.raises(DownloadError, match="more than once"):
            await fetch_preview(api, attachment)


@pytest.mark.parametrize("codings", ["gzip", "gzip, gzip"])
async def test_a_download_of_a_bomb_stops_at_the_cap_and_leaves_nothing(
    server: FaultServer, tmp_path: Path, codings: str
) -> None:
    body = gzip_bomb(64 * MiB) if codings == "gzip" else double_gzip_bomb()
    server.route("/f/bomb.bin", Reply(200, body, headers={"Content-Encoding": codings}))
    attachment = Attachment(filename="bomb.bin", url=f"{server.url}/f/bomb.bin")
    async with client(server) as api:
        with pytest.raises(DownloadError, match=r"larger than the limit|more than once"):
            await download_attachment(api, attachment, tmp_path, max_bytes=8 * MiB)
    assert list(tmp_path.iterdir()) == []  # no half-written file, hidden or not


# --- values at the edge of their type: one bad value costs only itself -------------------------------


EDGES = {
    "a far-future time with an odd offset": {
        "updatedAt": "9999-12-31T23:59:59-23:59",
        "createdAt": "0001-01-01T00:00:00+14:00",
    },
    "a size with 300 digits": {"attachments": [{"filename": "big.bin", "size": int("9" * 300)}]},
    "a size of 1e308": {"attachments": [{"filename": "big.bin", "size": 1e308}]},
    "a null among the messages": {"threads": [None, {"message": "second"}]},
    "an object for a tag": {"tags": ["api", {"x": 1}, 7]},
    "a list for the title": {"title": ["a", "b"]},
}


@pytest.mark.parametrize("fields", EDGES.values(), ids=EDGES.keys())
async def test_edge_values_show_the_rest_of_the_ticket(server: FaultServer, fields: dict[str, object]) -> None:
    body = {"success": True, "data": {"_id": "T-1", "title": "Edges", "description": "the rest"} | fields}
    server.route(TICKET, Reply(200, body))
    async with client(server) as api:
        ticket = await api.get_ticket("T-1")
    assert ticket.description == "the rest"
    markdown = to_markdown(ticket)  # the one-shot --markdown path: it once crashed on these
    assert "the rest" in markdown
    for attachment in ticket.attachments:
        assert format_size(attachment.size) == "unknown size"
    for moment in (ticket.created_at, ticket.updated_at):  # out of range in UTC: shown as sent, never a crash
        assert format_time(moment) == (moment or "—")


async def test_invalid_utf8_and_lone_surrogates_cost_only_their_characters(server: FaultServer) -> None:
    body = b'{"data": {"_id": "T-1", "title": "caf\xe9 \\ud800 ok", "description": "fine"}}'
    server.route(TICKET, Reply(200, body, headers={"Content-Type": "application/json"}))
    async with client(server) as api:
        ticket = await api.get_ticket("T-1")
    assert ticket.title == "caf\ufffd \ufffd ok" and ticket.description == "fine"


# --- words -------------------------------------------------------------------------------------------


async def test_a_rate_limit_without_a_retry_does_not_claim_one(server: FaultServer) -> None:
    server.route(TICKET, Reply(429, {"error": "slow down"}, headers={"Retry-After": "86400"}))
    async with client(server) as api:
        with pytest.raises(RateLimited) as caught:
            await api.get_ticket("T-1")
    message = caught.value.message
    assert "attempts" not in message and message.endswith("the API turned the request away. It asked to wait 24 hours.")
    assert len(server.requests) == 1


async def test_a_rate_limit_after_retries_says_how_many(server: FaultServer) -> None:
    server.route(TICKET, Reply(429, {"error": "slow down"}))
    async with client(server) as api:
        with pytest.raises(RateLimited) as caught:
            await api.get_ticket("T-1")
    attempts = len(server.requests)
    assert attempts > 1 and f"after {attempts} attempts" in caught.value.message


# --- found in review: trailing data, odd redirects, page numbers, counts, base URLs --------------------


async def test_data_after_the_compressed_stream_is_dropped_not_buffered(server: FaultServer) -> None:
    body = gzip.compress(json.dumps(EXAMPLE).encode()) + b"\0" * (16 * MiB)
    server.route(TICKET, encoded(body, "gzip"))
    async with client(server) as api:
        assert (await api.get_ticket("T-1")).title == "Printer on fire"


async def test_a_stream_of_empty_members_is_refused(server: FaultServer) -> None:
    server.route(TICKET, encoded(gzip.compress(b"") * 5000, "gzip"))
    async with client(server) as api:
        with pytest.raises(InvalidResponse, match="thousands of compressed pieces"):
            await api.get_ticket("T-1")


async def test_a_redirect_to_an_address_httpx_cannot_spell_is_an_invalid_response(server: FaultServer) -> None:
    server.route(TICKET, Reply(302, b"", headers={"Location": "https://xn--/"}))
    async with client(server) as api:
        with pytest.raises(InvalidResponse, match="not valid"):
            await api.get_ticket("T-1")


def test_the_page_number_is_the_one_asked_for_and_odd_counts_are_unknown() -> None:
    from app.core.api.list_models import parse_page

    body = {"data": [{"_id": "T-1"}], "pagination": {"page": 1_000_000_000, "pages": "²", "total": "9" * 5000}}
    page = parse_page(json.dumps(body).encode(), page=2, limit=50)
    assert page.page == 2 and page.pages is None and page.total is None


@pytest.mark.parametrize(
    "url", ["http://evil.example#@127.0.0.1", "http://evil.example?@localhost", "http://a.localhost"]
)
def test_a_base_url_that_only_looks_local_is_refused(url: str) -> None:
    from app.core.net import base_url_problem

    assert base_url_problem(url) is not None


@pytest.mark.parametrize("depth", [199, 200, 500, 100_000])
def test_a_value_nested_past_the_parsers_limit_costs_only_itself(depth: int) -> None:
    """The JSON parser stops at 200 levels; one field nested deeper must not lose the ticket."""
    from app.core.api.models import parse_ticket

    nested = "[" * depth + "]" * depth
    body = (
        '{"data": {"_id": "T-1", "title": "a [title] {with} brackets", "description": ' + nested + ","
        ' "threads": [{"message": "still here ]]] }}}"}], "tags": [[[["x"]]]]}}'
    ).encode()
    ticket = parse_ticket(body)
    assert ticket.description == "(unreadable value)"
    assert ticket.title == "a [title] {with} brackets" and ticket.threads[0].message == "still here ]]] }}}"


def test_a_body_still_open_after_deep_nesting_is_refused_at_once() -> None:
    """A string that never ends, after deep nesting: one pass (about 10 ms), not a scan from each
    quote to the end (over a minute for this body)."""
    from app.core.api.models import parse_ticket

    with pytest.raises(InvalidResponse, match="more than 200 levels deep"):
        parse_ticket(b'{"data": {"_id": "T-1", "description": ' + b"[" * 300 + b'"' + b'\\"' * 100_000)


def test_a_big_body_nested_too_deep_is_refused_in_words() -> None:
    from app.core.api.models import parse_ticket

    with pytest.raises(InvalidResponse, match="more than 200 levels deep"):
        parse_ticket(b'{"data": {"_id": "T-1", "description": ' + b"[" * 300_000 + b"]" * 300_000 + b"}}")
