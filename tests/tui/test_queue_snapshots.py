"""What the agent sees of the queue, screen by screen (pytest-textual-snapshot).

Fixed clock, fixed theme, no blinking cursor; the demo API is real, on 127.0.0.1.
"""

from __future__ import annotations

import pytest

from app.core.api.ticket_filters import TicketFilters
from app.demo.server import DemoServer
from tests.fault_server import FaultServer, Reply
from tests.helpers import no_blink, settle
from tests.queue_helpers import INVALID, LIST_PATH, queue_app, queue_ready


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_queue(snap_compare, demo_server: DemoServer, size: tuple[int, int]) -> None:
    app = queue_app(demo_server.base_url, demo=True, queue=True)

    async def run_before(pilot) -> None:
        no_blink(pilot)
        await queue_ready(pilot, 47)
        await pilot.press("j", "j")

    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_queue_filtered_by_status_and_priority(snap_compare, demo_server: DemoServer) -> None:
    app = queue_app(demo_server.base_url, demo=True, queue=True)

    async def run_before(pilot) -> None:
        no_blink(pilot)
        await queue_ready(pilot, 47)
        await pilot.press("s")  # Open
        await queue_ready(pilot)
        await pilot.press("p", "p")  # Urgent, then High
        await queue_ready(pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_ticket_beside_the_queue(snap_compare, demo_server: DemoServer) -> None:
    app = queue_app(demo_server.base_url, demo=True, queue=True, filters=TicketFilters(category="billing"))

    async def run_before(pilot) -> None:
        no_blink(pilot)
        await queue_ready(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)
        await pilot.press("1", "escape")  # the ticket's details beside it, the cursor back in the queue
        await settle(pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_filters_the_api_refused_80x24(snap_compare) -> None:
    with FaultServer() as server:
        server.route(LIST_PATH, Reply(400, INVALID))
        app = queue_app(server.url, queue=True, filters=TicketFilters(priority="urgent"))

        async def run_before(pilot) -> None:
            no_blink(pilot)
            await queue_ready(pilot)

        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
