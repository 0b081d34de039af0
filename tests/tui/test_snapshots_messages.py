"""What the agent is told: offline attachments, a copy too big for the clipboard, the find bar's keys,
Enter in an empty ID bar, and a saved path in a toast at 80 columns.

Fixed clock, fixed theme, no blinking cursors; the servers are real, on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.widgets import Input

from app.demo.samples import HUGE_ID, SAMPLE_IDS
from tests.fault_server import FaultServer, Reply, clear_proxy_env
from tests.helpers import FILES_TICKET_ID, make_app, no_blink, open_ticket, serve_files, settle, wait_until
from tests.tab_helpers import TICKET_PATH, disk_user_data, tab_app
from widgets.attachments.download_row import DownloadRow
from widgets.conversation.conversation_find import ConversationFind

LONG_ID = next(ticket_id for ticket_id, about in SAMPLE_IDS if about.startswith("Long conversation"))


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_proxy_env(monkeypatch)


def test_offline_attachments_80x24(snap_compare, tmp_path: Path) -> None:
    with FaultServer() as server:
        serve_files(
            server,
            [("notes.txt", "text/plain", Reply(200, "hello")), ("scan.pdf", "application/pdf", Reply(200, b"%PDF"))],
        )
        user_data = disk_user_data(tmp_path, server.url)

        async def first_run() -> None:  # online once: the ticket is cached
            async with tab_app(server.url, user_data=user_data).run_test(size=(80, 24)) as pilot:
                await open_ticket(pilot, FILES_TICKET_ID)

        asyncio.run(first_run())
        app = tab_app(server.url, user_data=disk_user_data(tmp_path, server.url), offline=True)

        async def run_before(pilot) -> None:
            no_blink(pilot)
            await open_ticket(pilot, FILES_TICKET_ID)
            await pilot.press("3")
            await settle(pilot)

        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_copy_menu_too_big_to_copy_80x24(snap_compare, demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)

    async def run_before(pilot) -> None:
        no_blink(pilot)
        await open_ticket(pilot, HUGE_ID)
        await pilot.press("c")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_conversation_find_keys_80x24(snap_compare, demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)

    async def run_before(pilot) -> None:
        no_blink(pilot)
        await open_ticket(pilot, LONG_ID)
        await pilot.press("ctrl+f")
        find = pilot.app.query_one(ConversationFind).input
        find.cursor_blink = False
        find.value = "webhook"
        await pilot.press("down")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_enter_in_an_empty_id_bar_after_an_error_80x24(snap_compare) -> None:
    with FaultServer() as server:
        server.route(TICKET_PATH + "T-missing", Reply(404, {"message": "not found"}))
        app = make_app(server.url, token="tok")

        async def run_before(pilot) -> None:
            no_blink(pilot)
            await open_ticket(pilot, "T-missing")
            await pilot.press("slash")
            pilot.app.query_one("#id-input", Input).value = ""
            await pilot.press("enter")
            await settle(pilot)

        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_saved_path_in_a_toast_80x24(snap_compare, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    downloads = tmp_path / "Downloads" / "verifik-tickets" / "support_ticket_123456789"
    with FaultServer() as server:
        serve_files(server, [("gateway-timeout-capture-2024-01-15.log", "text/plain", Reply(200, "x" * 2048))])
        app = make_app(server.url, token="tok", download_dir=downloads)

        async def run_before(pilot) -> None:
            no_blink(pilot)
            await open_ticket(pilot, FILES_TICKET_ID)
            await pilot.press("3", "d")
            await wait_until(pilot, lambda: all(row.finished for row in app.query(DownloadRow)))
            await pilot.pause()

        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
