"""What the agent sees, screen by screen (pytest-textual-snapshot).

Fixed clock, fixed theme, no blinking cursor; the servers are real, on 127.0.0.1.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from app.demo.samples import SAMPLE_IDS
from tests.fault_server import FaultServer, Reply
from tests.helpers import EXAMPLE_ID, make_app, no_blink, open_ticket, settle

# Downloads land in a folder with a fixed name, so the "saved to" line is the same every run.
SNAPSHOT_DOWNLOADS = Path(tempfile.gettempdir()) / "ticketview-snapshot-downloads"


def test_start_screen_demo(snap_compare, demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True, samples=list(SAMPLE_IDS))

    async def run_before(pilot) -> None:
        no_blink(pilot)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_start_screen_without_token(snap_compare, demo_server) -> None:
    app = make_app(demo_server.base_url)

    async def run_before(pilot) -> None:
        no_blink(pilot)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_example_ticket(snap_compare, demo_server, size) -> None:
    app = make_app(demo_server.base_url, demo=True)

    async def run_before(pilot) -> None:
        no_blink(pilot)
        await open_ticket(pilot, EXAMPLE_ID)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_example_ticket_details_pane_80x24(snap_compare, demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)

    async def run_before(pilot) -> None:
        no_blink(pilot)
        await open_ticket(pilot, EXAMPLE_ID)
        await pilot.press("1")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_not_found(snap_compare, demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)

    async def run_before(pilot) -> None:
        no_blink(pilot)
        await open_ticket(pilot, "support_ticket_000000000")

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_unauthorised(snap_compare) -> None:
    with FaultServer() as server:
        server.route(
            f"/v2/support-tickets/{EXAMPLE_ID}",
            Reply(401, {"error": "Unauthorized", "message": "INVALID_TOKEN"}),
        )
        app = make_app(server.url, token="tok_snapshot_secret")

        async def run_before(pilot) -> None:
            no_blink(pilot)
            await open_ticket(pilot, EXAMPLE_ID)

        assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_download_done(snap_compare, demo_server) -> None:
    shutil.rmtree(SNAPSHOT_DOWNLOADS, ignore_errors=True)
    app = make_app(demo_server.base_url, demo=True, download_dir=SNAPSHOT_DOWNLOADS)

    async def run_before(pilot) -> None:
        no_blink(pilot)
        await open_ticket(pilot, EXAMPLE_ID)
        await pilot.press("3", "d")
        await settle(pilot)
        app.clear_notifications()
        await pilot.pause()

    try:
        assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)
    finally:
        shutil.rmtree(SNAPSHOT_DOWNLOADS, ignore_errors=True)


def test_conversation_find_and_filter_80x24(snap_compare, demo_server) -> None:
    """The long conversation, agents only, with "webhook" found: marked, counted, one selected."""
    app = make_app(demo_server.base_url, demo=True)
    long_id = next(ticket_id for ticket_id, about in SAMPLE_IDS if about.startswith("Long conversation"))

    async def run_before(pilot) -> None:
        no_blink(pilot)
        await open_ticket(pilot, long_id)
        await pilot.press("f", "f")  # agents only
        await settle(pilot)
        await pilot.press("ctrl+f")
        find = pilot.app.query_one("#thread-find-input")
        find.cursor_blink = False
        await pilot.press(*"webhook", "enter")
        await settle(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
