"""The queue where room is short: beside a ticket and on narrow terminals the status tabs keep their
words, and the title column gets the room before the less useful columns."""

from __future__ import annotations

import pytest

from app.demo.server import DemoServer
from tests.helpers import settle, wait_until
from tests.queue_helpers import queue_app, queue_ready
from widgets.queue.status_tabs import StatusTabs, arrange
from widgets.ticket.ticket_view import TicketView

WORDS = ("All 47", "Open 6", "In progress 14", "Pending 9", "Resolved 10", "Closed 7")


def tab_lines(app) -> list[str]:
    return str(app.query_one(StatusTabs).render()).split("\n")


def title_width(app) -> int:
    table = app.main.queue.table
    return next(width for _, column, width in table._columns() if column.key == "title")


async def open_beside_the_queue(pilot) -> None:
    app = pilot.app
    await pilot.press("tab", "enter")
    await wait_until(pilot, lambda: app.main.arrangement.mode == "split" and app.query(TicketView))
    await settle(pilot)


async def test_beside_a_ticket_the_status_tabs_keep_their_words(demo_server: DemoServer) -> None:
    app = queue_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await queue_ready(pilot, 47)
        await open_beside_the_queue(pilot)
        lines = tab_lines(app)
        assert len(lines) == 2 and app.query_one(StatusTabs).size.height == 2
        assert all(words in "\n".join(lines) for words in WORDS)
        # a click on the second line picks the tab drawn there
        tabs = app.query_one(StatusTabs)
        await pilot.click(StatusTabs, offset=(lines[1].index("Closed") + 2, 1))
        await queue_ready(pilot, 7)
        assert app.main.queue.filters.status == "closed" and tabs.size.height == 2


@pytest.mark.parametrize(("size", "least"), [((120, 40), 45), ((200, 50), 80)])
async def test_the_title_column_gets_the_room(demo_server: DemoServer, size: tuple[int, int], least: int) -> None:
    app = queue_app(demo_server.base_url, demo=True)
    async with app.run_test(size=size) as pilot:
        await queue_ready(pilot, 47)
        assert title_width(app) >= least
        header = app.main.queue.table.render_line(0).text.split()
        assert {"Status", "Priority", "Category", "Assignee", "Age"} <= set(header)


async def test_beside_a_ticket_titles_keep_half_the_queue(demo_server: DemoServer) -> None:
    app = queue_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await queue_ready(pilot, 47)
        await open_beside_the_queue(pilot)
        table = app.main.queue.table
        assert title_width(app) >= table.scrollable_content_region.width // 2
        assert "Status" in table.render_line(0).text


def test_tabs_shorten_their_words_only_when_two_lines_cannot_hold_them() -> None:
    tabs = [("All 47", None), ("Open 6", "open"), ("In progress 14", "in_progress"), ("Pending 9", "pending")]
    tabs += [("Resolved 10", "resolved"), ("Closed 7", "closed"), ("escalated 1", "escalated")]
    one, _ = arrange(tabs, None, 90)
    assert len(one) == 1
    two, _ = arrange(tabs, None, 50)
    assert len(two) == 2 and [text for line in two for text, _ in line][2] == "In progress 14"
    short, _ = arrange(tabs, "open", 28)
    texts = [text for line in short for text, _ in line]
    assert " Open 6 " in texts and "In prog. 14" in texts and "Resolv. 10" in texts and "escala. 1" in texts
