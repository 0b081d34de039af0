"""What a 200x60 terminal shows: the space used, not a small screen stretched (pytest-textual-snapshot)."""

from __future__ import annotations

from app.demo.samples import LONG_ID
from app.demo.server import DemoServer
from tests.helpers import EXAMPLE_ID, make_app, no_blink, open_ticket, settle
from tests.queue_helpers import queue_app, queue_ready

WIDE = (200, 60)


def test_example_ticket_200x60(snap_compare, demo_server: DemoServer) -> None:
    app = make_app(demo_server.base_url, demo=True)

    async def run_before(pilot) -> None:
        no_blink(pilot)
        await open_ticket(pilot, EXAMPLE_ID)

    assert snap_compare(app, terminal_size=WIDE, run_before=run_before)


def test_long_conversation_on_two_tabs_200x60(snap_compare, demo_server: DemoServer) -> None:
    app = make_app(demo_server.base_url, demo=True)

    async def run_before(pilot) -> None:
        no_blink(pilot)
        await open_ticket(pilot, EXAMPLE_ID)
        await pilot.press("ctrl+t")
        await open_ticket(pilot, LONG_ID)
        await pilot.press("j", "j", "j")
        await settle(pilot)

    assert snap_compare(app, terminal_size=WIDE, run_before=run_before)


def test_ticket_beside_the_queue_200x60(snap_compare, demo_server: DemoServer) -> None:
    app = queue_app(demo_server.base_url, demo=True, queue=True)

    async def run_before(pilot) -> None:
        no_blink(pilot)
        await queue_ready(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)

    assert snap_compare(app, terminal_size=WIDE, run_before=run_before)
