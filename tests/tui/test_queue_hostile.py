"""A list endpoint that misbehaves: pages that repeat with an absurd page count, rows that cannot be
read. Paging stops where nothing new arrives, requests follow the agent's moves, and the queue says
what it left out."""

from __future__ import annotations

from tests.fault_server import FaultServer, Recorded, Reply
from tests.helpers import settle
from tests.queue_helpers import LIST_PATH, item, queue_app, queue_ready


def repeating(request: Recorded) -> Reply:
    """Every page holds the same 50 tickets, and claims there are 10,000 pages."""
    rows = [item(f"T-{n:03}", f"Ticket {n}") for n in range(50)]
    return Reply(200, {"data": rows, "pagination": {"page": 1, "limit": 50, "total": 500_000, "pages": 10_000}})


def list_requests(server: FaultServer) -> int:
    return sum(1 for request in server.requests if request.path.startswith(LIST_PATH + "?"))


async def test_pages_that_repeat_stop_paging_after_one_press_of_end() -> None:
    with FaultServer() as server:
        server.route(LIST_PATH, repeating)
        app = queue_app(server.url, queue=True)
        async with app.run_test(size=(120, 40)) as pilot:
            await queue_ready(pilot, 50)
            for _ in range(5):
                await pilot.press("end")
                await settle(pilot)
            queue = app.main.queue
            assert list_requests(server) == 2  # the first page, then one that added nothing: stop
            assert not queue.has_more and queue.table.row_count == 50
            assert "paging stopped" in str(app.query_one("#queue-info").render())


async def test_a_page_arrives_only_as_the_agent_moves() -> None:
    rows = [item(f"T-{n:04}", f"Ticket {n}") for n in range(400)]

    def paged(request: Recorded) -> Reply:
        page = int(request.path.split("page=")[1].split("&")[0])
        chunk = rows[(page - 1) * 5 : page * 5]  # a server that sends 5 rows a page, 80 pages
        return Reply(200, {"data": chunk, "pagination": {"page": page, "limit": 5, "total": 400, "pages": 80}})

    with FaultServer() as server:
        server.route(LIST_PATH, paged)
        app = queue_app(server.url, queue=True)
        async with app.run_test(size=(120, 40)) as pilot:
            await queue_ready(pilot)
            await settle(pilot)
            # The cursor sits near the end of a short first page: one more page for it, then no
            # chain of requests while it stays put.
            assert list_requests(server) == 2 and app.main.queue.table.row_count == 10
            await pilot.press("end")
            await settle(pilot)
            assert list_requests(server) == 3 and app.main.queue.table.row_count == 15


async def test_rows_that_cannot_be_read_are_left_out_and_counted() -> None:
    rows = [item("T-ok", "Fine"), {"title": "no id"}, "a string", item("T-odd", {"an": "object"}), None]
    with FaultServer() as server:
        server.route(LIST_PATH, Reply(200, {"data": rows}))
        app = queue_app(server.url, queue=True)
        async with app.run_test(size=(120, 40)) as pilot:
            await queue_ready(pilot, 2)
            info = str(app.query_one("#queue-info").render())
            assert "3 unreadable rows left out" in info
            assert [row.title for row in app.main.queue.table.rows] == ["Fine", "(unreadable value)"]


async def test_a_repeated_page_does_not_count_its_unreadable_rows_twice() -> None:
    rows = [*(item(f"T-{n:03}", f"Ticket {n}") for n in range(48)), {"title": "no id"}, None]

    def repeating_with_bad_rows(request: Recorded) -> Reply:
        return Reply(200, {"data": rows, "pagination": {"page": 1, "limit": 50, "total": 500, "pages": 10}})

    with FaultServer() as server:
        server.route(LIST_PATH, repeating_with_bad_rows)
        app = queue_app(server.url, queue=True)
        async with app.run_test(size=(80, 24)) as pilot:
            await queue_ready(pilot, 48)
            await pilot.press("end")
            await settle(pilot)
            line = app.query_one("#queue-info")
            info = str(line.render())
            assert list_requests(server) == 2 and "paging stopped" in info
            assert "2 unreadable rows left out" in info
            assert line.region.height == 2  # at 80 columns the line wraps rather than lose its end
