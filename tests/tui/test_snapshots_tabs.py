"""What the agent sees with tabs and the ticket cache (pytest-textual-snapshot).

Fixed clock, fixed theme, no blinking cursor; the servers are real, on 127.0.0.1.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.widgets import Input

from app.core.api.models import Ticket
from tests.fault_server import FaultServer, fault_server_fixture  # noqa: F401
from tests.helpers import (
    EXAMPLE_ID,
    FIXED_NOW,
    make_app,
    no_blink,
    open_ticket,
    wait_until,
)
from tests.sample_tickets import EXAMPLE
from tests.tab_helpers import disk_user_data, gate, screen, tab_app

RESOLVED_ID = "support_ticket_204817365"


def test_two_tabs_example_ticket_80x24(snap_compare, demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)

    async def run_before(pilot) -> None:
        no_blink(pilot)
        await open_ticket(pilot, RESOLVED_ID)
        await pilot.press("ctrl+t")
        await open_ticket(pilot, EXAMPLE_ID)
        assert len(app.main.tickets.tabs) == 2 and app.ticket.id == EXAMPLE_ID

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_cached_copy_while_the_server_is_slow(snap_compare, fault_server: FaultServer, tmp_path: Path) -> None:
    user_data = disk_user_data(tmp_path, fault_server.url)
    user_data.cache.save(Ticket.model_validate(EXAMPLE["data"]), FIXED_NOW - timedelta(minutes=12))
    held = gate(fault_server, EXAMPLE["data"])  # the fresh copy never comes while the picture is taken
    app = tab_app(fault_server.url, user_data=disk_user_data(tmp_path, fault_server.url))

    async def run_before(pilot) -> None:
        no_blink(pilot)
        await pilot.press("ctrl+l")
        app.query_one("#id-input", Input).value = EXAMPLE_ID
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen(app) == "ticket" and held.arrived.is_set())
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)
