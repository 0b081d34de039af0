"""The queue's order: the API's, page after page; a sort of our own says it covers only the rows
loaded, and the ticket under the cursor stays on its line as pages arrive."""

from __future__ import annotations

import threading
from collections.abc import Callable
from urllib.parse import urlsplit

from app.demo.listing import parse_query
from tests.fault_server import FaultServer, Recorded, Reply
from tests.helpers import settle, wait_until
from tests.queue_helpers import LIST_PATH, item, queue_app, queue_ready, row_ids

# isort: split
from tests.fault_server import fault_server_fixture  # noqa: F401

PRIORITIES = ("low", "medium", "high")


def api_order(count: int) -> list[dict]:
    """``count`` tickets in an order of the API's own: neither by age nor by anything else we sort by."""
    return [
        item(
            f"T-{n:03d}",
            title=f"Ticket {n:03d}",
            priority="urgent" if n >= 50 else PRIORITIES[n % 3],
            updatedAt=f"2024-11-{1 + (n * 7) % 23:02d}T{n % 24:02d}:00:00Z",
        )
        for n in range(count)
    ]


def pages_of(rows: list[dict], gate: threading.Event | None = None) -> Callable[[Recorded], Reply]:
    """The list endpoint serving ``rows`` as they are, a page at a time; pages after the first wait for ``gate``."""

    def reply(request: Recorded) -> Reply:
        query = parse_query(urlsplit(request.path).query)
        if query.page > 1 and gate is not None:
            gate.wait(10)
        start = (query.page - 1) * query.limit
        body = {
            "success": True,
            "data": rows[start : start + query.limit],
            "pagination": {"page": query.page, "limit": query.limit, "total": len(rows)},
        }
        return Reply(200, body)

    return reply


def info(app) -> str:
    return str(app.query_one("#queue-info").render())


async def test_the_queue_keeps_the_apis_order_page_after_page(fault_server: FaultServer) -> None:
    rows = api_order(60)
    fault_server.route(LIST_PATH, pages_of(rows))
    app = queue_app(fault_server.url, queue=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await queue_ready(pilot, 50)
        assert row_ids(app) == [row["_id"] for row in rows[:50]]
        assert info(app) == "50 of 60 loaded · in the API's order"
        await pilot.press("end")  # near the end: the next page loads
        await queue_ready(pilot, 60)
        assert row_ids(app) == [row["_id"] for row in rows]  # added after, never sorted in
        assert app.main.queue.selected.id == "T-049"
        assert info(app) == "60 tickets · in the API's order"


async def test_a_sort_of_our_own_says_what_it_covers_and_the_cursor_keeps_its_line(
    fault_server: FaultServer,
) -> None:
    rows, gate = api_order(60), threading.Event()
    fault_server.route(LIST_PATH, pages_of(rows, gate))
    app = queue_app(fault_server.url, queue=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await queue_ready(pilot, 50)
        await pilot.press("o", "o")  # the API's order -> age -> priority
        assert info(app).startswith("sorted by priority ▼ · 50 of 60 loaded")
        table = app.main.queue.table
        await pilot.press("end", "k", "k", "k")  # the next page is asked for; its answer waits
        await wait_until(pilot, lambda: app.main.queue.busy)
        reading, line = table.selected.id, table.cursor - int(table.scroll_y)
        assert 0 < line < table.scrollable_content_region.height - 2
        gate.set()
        await wait_until(pilot, lambda: table.row_count == 60)
        await settle(pilot)
        # ten urgent tickets were sorted in above it: the rows above move, the one being read does not
        assert table.selected.id == reading and table.cursor - int(table.scroll_y) == line
        assert [row.priority for row in table.rows[:10]] == ["urgent"] * 10
        assert info(app) == "60 tickets · sorted by priority ▼"
