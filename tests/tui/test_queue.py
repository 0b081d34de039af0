"""The queue as an agent drives it: filters, paging, opening, walking, refreshing, failing well.

Real servers on 127.0.0.1: the demo API (its 47 samples, or a long generated queue) and a scripted
server with the demo's list rules for answers that change or fail.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from textual.widgets import ContentSwitcher, Input

from app.core.api.ticket_filters import TicketFilters
from app.demo.server import DemoServer
from tests.fault_server import FaultServer, Recorded, Reply
from tests.helpers import EXAMPLE_ID, open_ticket, settle, wait_until
from tests.queue_helpers import (
    LIST_PATH,
    item,
    list_endpoint,
    queue_app,
    queue_ready,
    row_ids,
    row_texts,
)
from widgets.conversation.thread_view import ThreadView
from widgets.queue.queue_table import QueueTable
from widgets.queue.status_tabs import StatusTabs
from widgets.ticket.ticket_view import TicketView

# isort: split
from tests.fault_server import fault_server_fixture  # noqa: F401


def query_of(request: Recorded) -> dict[str, str]:
    return {name: values[-1] for name, values in parse_qs(urlsplit(request.path).query).items()}


def info(app) -> str:
    return str(app.query_one("#queue-info").render())


# --- at start -------------------------------------------------------------------------------------


async def test_demo_starts_with_the_queue_and_its_counts(demo_server: DemoServer) -> None:
    app = queue_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await queue_ready(pilot)
        assert app.main.arrangement.mode == "queue" and app.focused is app.query_one("#id-input", Input)
        table = app.main.queue.table
        assert table.row_count == 47 and "47 tickets" in info(app)
        tabs = app.query_one(StatusTabs)
        assert tabs.statuses[:6] == [None, "open", "in_progress", "pending", "resolved", "closed"]
        drawn = str(tabs.render())
        assert drawn.startswith("  All 47 ") and "Open 6" in drawn and "In progress 14" in drawn
        headers = table.render_line(0).text.split()
        # at 120 columns the opaque ID makes way for the title (wider terminals show it first)
        assert headers[0] == "Title" and {"Status", "Priority", "Category", "Assignee", "Age"} <= set(headers)
        await pilot.press("tab")
        assert app.focused is table


async def test_without_a_token_the_queue_waits_then_says_how(fault_server: FaultServer) -> None:
    app = queue_app(fault_server.url, token=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.main.arrangement.mode == "content" and not app.main.queue.started
        await pilot.press("ctrl+o")
        await queue_ready(pilot)
        assert app.main.arrangement.mode == "queue" and app.focused is app.main.queue.table
        message = str(app.query_one("#queue-message").render())
        assert "No API token" in message and "VERIFIK_TOKEN" in message
    assert fault_server.requests == []


async def test_queue_flag_opens_filtered_and_focused(demo_server: DemoServer) -> None:
    filters = TicketFilters(status="open", priority="high")
    app = queue_app(demo_server.base_url, demo=True, queue=True, filters=filters)
    async with app.run_test(size=(80, 24)) as pilot:
        await queue_ready(pilot)
        assert app.focused is app.main.queue.table
        rows = app.main.queue.table.rows
        assert rows and all(row.status == "open" and row.priority == "high" for row in rows)
        assert info(app).startswith("High priority · 3 tickets")


# --- filters --------------------------------------------------------------------------------------


async def test_filter_keys_combine_and_are_sent_as_query_parameters(fault_server: FaultServer) -> None:
    rows = [
        item(
            f"T{n}",
            status=("open", "pending")[n % 2],
            priority=("high", "low", "urgent")[n % 3],
            updatedAt=f"2024-11-23T{20 - n}:00:00Z",
        )
        for n in range(12)
    ]
    fault_server.route(LIST_PATH, list_endpoint(rows))
    app = queue_app(fault_server.url, queue=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await queue_ready(pilot, 12)
        assert query_of(fault_server.requests[-1]) == {"page": "1", "limit": "50", "countByStatus": "true"}
        await pilot.press("s")  # All -> Open
        await queue_ready(pilot)
        await pilot.press("p")  # any -> Urgent
        await queue_ready(pilot)
        await pilot.press("c", "c")  # any -> Technical -> Billing
        await queue_ready(pilot)
        assert query_of(fault_server.requests[-1]) == {
            "page": "1",
            "limit": "50",
            "status": "open",
            "priority": "urgent",
            "category": "billing",
            "countByStatus": "true",
        }
        assert app.main.queue.table.row_count == 0
        assert "No tickets match these filters." in str(app.query_one("#queue-message").render())
        await pilot.press("C")  # back to Technical
        await queue_ready(pilot)
        expected = [row["_id"] for row in rows if row["status"] == "open" and row["priority"] == "urgent"]
        assert row_ids(app) == expected
        assert app.main.queue.filters == TicketFilters("open", "urgent", "technical")
        tabs = str(app.query_one(StatusTabs).render())
        assert f"Open {len(expected)}" in tabs  # counts ignore only the status filter
        await pilot.press("x")
        await queue_ready(pilot, 12)
        assert app.main.queue.filters == TicketFilters()


async def test_clicking_a_status_tab_switches_the_filter(demo_server: DemoServer) -> None:
    app = queue_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await queue_ready(pilot, 47)
        tabs = app.query_one(StatusTabs)
        drawn = str(tabs.render())
        await pilot.click(StatusTabs, offset=(drawn.index("Resolved") + 2, 0))
        await queue_ready(pilot, 10)
        assert app.main.queue.filters.status == "resolved" and app.focused is app.main.queue.table
        assert {row.status for row in app.main.queue.table.rows} == {"resolved"}


async def test_invalid_parameters_are_explained_and_clearing_recovers(fault_server: FaultServer) -> None:
    def endpoint(request: Recorded) -> Reply:
        if "priority" in query_of(request):
            return Reply(400, {"success": False, "error": "Invalid query parameters", "code": "INVALID_PARAMETERS"})
        return list_endpoint(
            [item("T1", updatedAt="2024-11-23T10:00:00Z"), item("T2", updatedAt="2024-11-23T09:00:00Z")]
        )(request)

    fault_server.route(LIST_PATH, endpoint)
    app = queue_app(fault_server.url, queue=True, filters=TicketFilters(priority="urgent"))
    async with app.run_test(size=(80, 24)) as pilot:
        await queue_ready(pilot)
        message = str(app.query_one("#queue-message").render())
        assert "The API did not accept the queue's filters" in message and "INVALID_PARAMETERS" in message
        assert "Press x to clear the filters" in message
        await pilot.press("x")
        await queue_ready(pilot, 2)
        assert row_ids(app) == ["T1", "T2"] and not app.main.queue.has_class("-message")


async def test_a_slow_old_answer_never_replaces_a_newer_list(fault_server: FaultServer) -> None:
    rows = [item("OPEN-1", status="open"), item("PENDING-1", status="pending")]
    fast = list_endpoint(rows)

    def endpoint(request: Recorded) -> Reply:
        answer = fast(request)
        if query_of(request).get("status") == "open":
            return Reply(answer.status, answer.body, delay=1.0)
        return answer

    fault_server.route(LIST_PATH, endpoint)
    app = queue_app(fault_server.url, queue=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await queue_ready(pilot, 2)
        await pilot.press("s")  # open: answered slowly
        await wait_until(pilot, lambda: query_of(fault_server.requests[-1]).get("status") == "open")
        await pilot.press("s")  # in progress, at once
        await pilot.press("s")  # pending, at once
        await queue_ready(pilot)
        assert app.main.queue.filters.status == "pending" and row_ids(app) == ["PENDING-1"]


# --- paging ---------------------------------------------------------------------------------------


async def test_more_rows_load_as_the_cursor_nears_the_end(long_queue: DemoServer) -> None:
    app = queue_app(long_queue.base_url, queue=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await queue_ready(pilot, 50)
        assert info(app).startswith("50 of 120")
        first_page = row_ids(app)
        await pilot.press("j")
        assert not app.main.queue.busy  # far from the end: nothing asked for
        await pilot.press("end")
        await queue_ready(pilot, 100)
        assert app.main.queue.table.cursor == 49 and row_ids(app)[:50] == first_page
        await pilot.press("end")
        await queue_ready(pilot, 120)
        assert info(app).startswith("120 tickets")
        assert len(set(row_ids(app))) == 120
        await pilot.press("end", "pageup", "pagedown", "home")
        await settle(pilot)
        assert not app.main.queue.busy and app.main.queue.table.row_count == 120 and app.main.queue.table.cursor == 0


# --- opening and walking --------------------------------------------------------------------------


async def test_enter_opens_the_ticket_beside_the_queue_on_a_wide_terminal(demo_server: DemoServer) -> None:
    app = queue_app(demo_server.base_url, demo=True, queue=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await queue_ready(pilot, 47)
        await pilot.press("j", "j", "enter")
        await settle(pilot)
        chosen = app.main.queue.table.rows[2]
        assert app.ticket is not None and app.ticket.id == chosen.id and app.main.arrangement.mode == "split"
        queue, ticket = app.query_one("#queue-pane"), app.query_one(TicketView)
        assert queue.region.width and ticket.region.width and ticket.region.x >= queue.region.right
        assert app.focused is app.query_one(ThreadView)
        assert app.query_one("#id-input", Input).value == chosen.id


async def test_at_80x24_the_ticket_takes_the_screen_and_escape_goes_back(demo_server: DemoServer) -> None:
    app = queue_app(demo_server.base_url, demo=True, queue=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await queue_ready(pilot, 47)
        await pilot.press("j", "enter")
        await settle(pilot)
        queue, ticket = app.query_one("#queue-pane"), app.query_one(TicketView)
        assert app.ticket is not None and app.ticket.id == app.main.queue.table.rows[1].id
        assert not queue.region.width and ticket.region.width == 80
        await pilot.press("escape")
        await settle(pilot)
        assert app.focused is app.main.queue.table and app.main.queue.table.cursor == 1
        assert queue.region.width == 80 and not ticket.region.width
        await pilot.press("escape")  # the ticket closes: the queue alone
        assert app.main.arrangement.mode == "queue"


async def test_next_and_previous_ticket_from_inside_a_ticket(demo_server: DemoServer) -> None:
    app = queue_app(demo_server.base_url, demo=True, queue=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await queue_ready(pilot, 47)
        rows = app.main.queue.table.rows
        await pilot.press("enter")
        await settle(pilot)
        assert app.ticket.id == rows[0].id and app.main.check_action("walk", (1,))
        await pilot.press("J")
        await settle(pilot)
        assert app.ticket.id == rows[1].id and app.main.queue.table.cursor == 1
        assert app.focused is app.query_one(ThreadView)  # still inside the ticket
        await pilot.press("J", "J", "K")
        await settle(pilot)
        assert app.ticket.id == rows[2].id
        await pilot.press("K", "K", "K")  # the third finds no ticket before the first: it stays
        await settle(pilot)
        assert app.ticket.id == rows[0].id and app.main.queue.table.cursor == 0


async def test_the_id_bar_still_jumps_and_ctrl_o_brings_the_queue_back(demo_server: DemoServer) -> None:
    app = queue_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await queue_ready(pilot, 47)
        await open_ticket(pilot, EXAMPLE_ID)
        assert app.ticket.id == EXAMPLE_ID and app.main.arrangement.mode == "content"
        assert app.query_one(ContentSwitcher).current == "ticket"
        assert app.main.queue.selected.id == EXAMPLE_ID  # the queue follows, so J/K walk on from here
        await pilot.press("ctrl+o")
        assert app.main.arrangement.mode == "split" and app.focused is app.main.queue.table
        await pilot.press("ctrl+o")
        assert app.main.arrangement.mode == "content" and app.focused is app.query_one(ThreadView)


async def test_tab_goes_round_the_id_bar_the_queue_and_the_panes(demo_server: DemoServer) -> None:
    app = queue_app(demo_server.base_url, demo=True, queue=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await queue_ready(pilot, 47)
        await pilot.press("enter")
        await settle(pilot)
        seen = []
        for _ in range(5):
            await pilot.press("tab")
            focused = app.focused
            seen.append("queue" if isinstance(focused, QueueTable) else focused.id)
        assert seen == ["attachment-list", "id-input", "queue", "details", "conversation"]


# --- refreshing and sorting -----------------------------------------------------------------------


async def test_refresh_keeps_the_cursor_on_its_ticket_and_marks_what_changed(fault_server: FaultServer) -> None:
    before = [
        item("A", updatedAt="2024-11-23T12:00:00Z"),
        item("B", updatedAt="2024-11-23T11:00:00Z"),
        item("C", updatedAt="2024-11-23T10:00:00Z"),
    ]
    after = [
        item("N", title="Brand new", updatedAt="2024-11-24T11:00:00Z"),
        before[0],
        {**before[1], "title": "Changed", "updatedAt": "2024-11-24T10:00:00Z"},
        before[2],
    ]
    current = [before]
    fault_server.route(LIST_PATH, list_endpoint(lambda: current[0]))
    app = queue_app(fault_server.url, queue=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await queue_ready(pilot, 3)
        await pilot.press("j", "j")
        assert app.main.queue.selected.id == "C"
        current[0] = after
        await pilot.press("r")
        await queue_ready(pilot, 4)
        assert row_ids(app) == ["N", "B", "A", "C"] and app.main.queue.selected.id == "C"
        drawn = row_texts(app)
        assert drawn[0].startswith("● Brand new")
        assert drawn[1].startswith("◆ Changed")
        assert drawn[2].startswith("  A ticket") and drawn[3].startswith("  A ticket")
        await pilot.press("home")  # seen: its mark goes, the others stay
        assert app.main.queue.table.marks == {"B": "updated"}


async def test_sort_keys_and_header_clicks(demo_server: DemoServer) -> None:
    app = queue_app(demo_server.base_url, demo=True, queue=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await queue_ready(pilot, 47)
        table = app.main.queue.table
        assert table.sort_column is None and "47 tickets · in the API's order" in info(app)
        await pilot.press("o", "o")  # the API's order -> age -> priority, most urgent first
        order = {"urgent": 0, "high": 1, "medium": 2, "low": 3}
        ranks = [order.get(row.priority, 4) for row in table.rows]
        assert ranks == sorted(ranks) and table.render_line(0).text.split().count("▼") == 1
        assert "47 tickets · sorted by priority ▼" in info(app)
        await pilot.press("O")
        ranks = [order.get(row.priority, -1) for row in table.rows if row.priority in order]
        assert ranks == sorted(ranks, reverse=True)
        header = table.render_line(0).text
        await pilot.click(QueueTable, offset=(header.index("Status"), 0))
        assert table.sort_column == "status" and "sorted by status ▲" in info(app)
        await pilot.press(*"ooooo")  # title, category, assignee, ID, then the API's order again
        assert table.sort_column is None and table.render_line(0).text.count("▲") == 0


async def test_hostile_rows_are_drawn_as_text(fault_server: FaultServer) -> None:
    hostile = item(
        "support_ticket_hostile",
        title="[@click=app.quit]Click me[/] \x1b[2J\x1b]0;pwned\x07 \u202eexe.pdf",
        assignedTo="[bold]x[/bold]",
        status="escalated",
    )
    fault_server.route(LIST_PATH, list_endpoint([hostile]))
    app = queue_app(fault_server.url, queue=True)
    async with app.run_test(size=(160, 24)) as pilot:
        await queue_ready(pilot, 1)
        (row,) = row_texts(app)
        assert "[@click=app.quit]Click me[/] ^[[2J^[]0;pwned^G <U+202E>exe.pdf" in row
        assert "[bold]x[/bold]" in row and "? escalated" in row and "\x1b" not in row
        await pilot.click(QueueTable, offset=(30, 1))  # clicking the title acts on nothing in it
        await pilot.click(QueueTable, offset=(30, 1))
        await settle(pilot)
        assert app.is_running


async def test_auto_refresh_reloads_and_marks_new_rows(fault_server: FaultServer) -> None:
    rows = [item("A", updatedAt="2024-11-23T12:00:00Z")]
    fault_server.route(LIST_PATH, list_endpoint(lambda: rows))
    app = queue_app(fault_server.url, queue=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await queue_ready(pilot, 1)
        app.main.queue.auto_refresh_seconds = 0.05
        await pilot.press("a")
        assert "auto-refresh 0.05 s" in info(app)
        rows.insert(0, item("B", title="Arrived meanwhile", updatedAt="2024-11-24T11:00:00Z"))
        await wait_until(pilot, lambda: app.main.queue.table.row_count == 2)
        await settle(pilot)
        assert row_texts(app)[0].startswith("● Arrived meanwhile") and app.main.queue.selected.id == "A"
        await pilot.press("a")
        assert "auto-refresh" not in info(app)
