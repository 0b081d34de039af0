"""What the agent sees of the queue's order and of times (pytest-textual-snapshot): a sort that says
it covers only the rows loaded, ages in two units, and times in the agent's own zone.

Fixed clock, fixed theme, no blinking cursor; the demo API is real, on 127.0.0.1.
"""

from __future__ import annotations

from app.core.api.ticket_filters import TicketFilters
from app.demo.server import DemoServer
from tests.helpers import EXAMPLE_ID, build_app, no_blink, open_ticket, settle
from tests.queue_helpers import queue_ready


def test_a_sort_of_the_loaded_rows_says_so_80x24(snap_compare, long_queue: DemoServer) -> None:
    app = build_app(long_queue.base_url, demo=True, queue=True)

    async def run_before(pilot) -> None:
        no_blink(pilot)
        await queue_ready(pilot, 50)
        await pilot.press("o")  # by age: two units each, so the rows can be told apart
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_ticket_beside_the_queue_in_bogota_120x40(snap_compare, demo_server: DemoServer) -> None:
    app = build_app(
        demo_server.base_url,
        demo=True,
        queue=True,
        filters=TicketFilters(category="billing"),
        timezone="America/Bogota",
    )

    async def run_before(pilot) -> None:
        no_blink(pilot)
        await queue_ready(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)
        await pilot.press("1", "escape")  # the ticket's details (times in -05) beside the queue
        await settle(pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_conversation_in_bogota_80x24(snap_compare, demo_server: DemoServer) -> None:
    app = build_app(demo_server.base_url, demo=True, timezone="America/Bogota")

    async def run_before(pilot) -> None:
        no_blink(pilot)
        await open_ticket(pilot, EXAMPLE_ID)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
