"""``TicketClient.list_tickets`` against real servers on loopback: the demo API's list endpoint, and
a scripted server for the older envelope and the refusals."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from app.core.api.client import TicketClient
from app.core.api.ticket_filters import TicketFilters
from app.core.errors import (
    ApiRejected,
    InvalidResponse,
    MissingToken,
    ServerError,
    Unauthorized,
)
from app.demo.server import DemoServer, start_demo_server
from tests.fault_server import FaultServer, Reply, clear_proxy_env

# isort: split
from tests.fault_server import fault_server_fixture  # noqa: F401

LIST_PATH = "/v2/support-tickets"
TOKEN = "tok-list-secret"


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_proxy_env(monkeypatch)


def client_for(base_url: str, token: str | None = TOKEN, **options: object) -> TicketClient:
    settings: dict[str, object] = {"retry_wait_initial": 0.001, "retry_wait_max": 0.002, "retry_wait_jitter": 0.0}
    settings.update(options)
    return TicketClient(base_url, token, **settings)  # type: ignore[arg-type]


# --- the demo API ---------------------------------------------------------------------------------


async def test_pages_of_the_demo_list_cover_it_once(demo_server: DemoServer) -> None:
    async with client_for(demo_server.base_url, None, require_token=False) as client:
        first = await client.list_tickets(limit=20, count_by_status=True)
        assert first.total is not None and 40 <= first.total <= 60 and first.pages == -(-first.total // 20)
        assert first.counts is not None and sum(first.counts.values()) == first.total
        seen = [item.id for item in first.items]
        page = first
        while page.has_more:
            number = page.page + 1
            page = await client.list_tickets(page=number, limit=20)
            assert page.page == number and page.counts is None
            seen += [item.id for item in page.items]
    assert len(seen) == len(set(seen)) == first.total
    assert "support_ticket_123456789" in seen


async def test_filters_combine_on_the_demo_list(demo_server: DemoServer) -> None:
    async with client_for(demo_server.base_url, None, require_token=False) as client:
        everything = (await client.list_tickets(limit=100)).items
        filters = TicketFilters(status="open", priority="high")
        page = await client.list_tickets(filters, limit=100, count_by_status=True)
    expected = [item.id for item in everything if item.status == "open" and item.priority == "high"]
    assert expected and [item.id for item in page.items] == expected and page.total == len(expected)
    high = [item for item in everything if item.priority == "high"]
    assert page.counts is not None and page.counts["open"] == sum(item.status == "open" for item in high)


async def test_a_long_generated_queue() -> None:
    server = start_demo_server()
    try:
        server.serve_queue(120)
        async with client_for(server.base_url, None, require_token=False) as client:
            last = await client.list_tickets(page=3, limit=50)
            opened = await client.get_ticket(last.items[0].id)
    finally:
        server.stop()
    assert (last.total, last.pages, len(last.items), last.has_more) == (120, 3, 20, False)
    assert opened.id == last.items[0].id and opened.threads


async def test_a_value_the_demo_does_not_know_is_invalid_parameters(demo_server: DemoServer) -> None:
    async with client_for(demo_server.base_url, None, require_token=False) as client:
        with pytest.raises(ApiRejected) as caught:
            await client.list_tickets(TicketFilters(status="escalated"))
    assert caught.value.status == 400
    assert "filters" in caught.value.message and "Invalid query parameters" in caught.value.message


# --- what is sent, and what may come back -----------------------------------------------------------


async def test_the_query_and_headers_sent(fault_server: FaultServer) -> None:
    fault_server.route(LIST_PATH, Reply(200, {"success": True, "data": []}))
    async with client_for(fault_server.url) as client:
        await client.list_tickets(TicketFilters("pending", "urgent", "billing"), page=3, limit=25, count_by_status=True)
    (request,) = fault_server.hits(LIST_PATH)
    query = {name: values[0] for name, values in parse_qs(urlsplit(request.path).query).items()}
    assert query == {
        "page": "3",
        "limit": "25",
        "status": "pending",
        "priority": "urgent",
        "category": "billing",
        "countByStatus": "true",
    }
    assert request.authorization == f"Bearer {TOKEN}"
    assert request.headers["content-type"] == "application/json"


async def test_the_older_envelope(fault_server: FaultServer) -> None:
    item = {"_id": "T1", "title": "Old style", "status": "open"}
    fault_server.route(LIST_PATH, Reply(200, {"data": [item], "page": 1, "limit": 1, "pages": 4, "total": 4}))
    async with client_for(fault_server.url) as client:
        page = await client.list_tickets(limit=1)
    assert [entry.id for entry in page.items] == ["T1"] and (page.total, page.pages, page.has_more) == (4, 4, True)


async def test_invalid_parameters_answer(fault_server: FaultServer) -> None:
    refusal = {"success": False, "error": "Invalid query parameters", "code": "INVALID_PARAMETERS"}
    fault_server.route(LIST_PATH, Reply(400, refusal))
    async with client_for(fault_server.url) as client:
        with pytest.raises(ApiRejected) as caught:
            await client.list_tickets(TicketFilters(priority="p0"))
    error = caught.value
    assert error.status == 400 and error.exit_code == 1
    assert error.message == (
        "The API did not accept the queue's filters (Invalid query parameters - INVALID_PARAMETERS)."
    )
    assert len(fault_server.hits(LIST_PATH)) == 1  # a refusal is not retried


@pytest.mark.parametrize(
    ("reply", "kind", "words"),
    [
        (Reply(404, {"error": "Not found", "message": "NOT_FOUND"}), ApiRejected, "no ticket list"),
        (Reply(401, {"error": "Unauthorized"}), Unauthorized, "not accepted"),
        (Reply(502, "<html>Bad gateway</html>"), ServerError, "502"),
        (Reply(200, "<html>a login page</html>", {"content-type": "text/html"}), InvalidResponse, "not valid JSON"),
        (Reply(200, {"success": True, "data": "nope"}), InvalidResponse, "ticket list"),
    ],
    ids=["404", "401", "502", "html", "not-a-list"],
)
async def test_failures_are_typed_errors(fault_server: FaultServer, reply: Reply, kind: type, words: str) -> None:
    fault_server.route(LIST_PATH, reply)
    async with client_for(fault_server.url, attempts=2) as client:
        with pytest.raises(kind) as caught:
            await client.list_tickets()
    assert words in caught.value.message
    assert TOKEN not in caught.value.message


async def test_no_token_asks_nobody(fault_server: FaultServer) -> None:
    async with client_for(fault_server.url, None) as client:
        with pytest.raises(MissingToken):
            await client.list_tickets()
    assert fault_server.requests == []
