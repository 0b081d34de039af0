"""What the agent sees of attachments: the viewer (text, search, truncated, binary, error) and downloads.

Fixed clock, fixed theme, no blinking cursors; the servers are real, on 127.0.0.1.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from textual.widgets import Input

from app.demo.samples import ATTACHMENTS_ID
from tests.fault_server import FaultServer, Reply, clear_proxy_env
from tests.helpers import (
    FILES_TICKET_ID,
    make_app,
    no_blink,
    open_attachment,
    open_ticket,
    serve_files,
    wait_until,
)
from widgets.attachments.download_row import DownloadRow

KIB = 1024
SNAPSHOT_DOWNLOADS = Path(tempfile.gettempdir()) / "ticketview-snapshot-attachments"


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_proxy_env(monkeypatch)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_viewer_log(snap_compare, demo_server, size) -> None:
    app = make_app(demo_server.base_url, demo=True)

    async def run_before(pilot) -> None:
        await open_attachment(pilot, ATTACHMENTS_ID, 0)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_viewer_find(snap_compare, demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)

    async def run_before(pilot) -> None:
        await open_attachment(pilot, ATTACHMENTS_ID, 0)
        await pilot.press("ctrl+f")
        pilot.app.screen.query_one("#find-input", Input).cursor_blink = False
        await pilot.press(*"gateway", "enter", "enter")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_viewer_csv_80x24(snap_compare, demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)

    async def run_before(pilot) -> None:
        await open_attachment(pilot, ATTACHMENTS_ID, 2)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_viewer_json_highlighted_120x40(snap_compare, demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)

    async def run_before(pilot) -> None:
        await open_attachment(pilot, ATTACHMENTS_ID, 1)

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_viewer_binary_80x24(snap_compare, demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)

    async def run_before(pilot) -> None:
        await open_attachment(pilot, ATTACHMENTS_ID, 6)  # device_capture.bin: bytes of no known kind

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_viewer_truncated_80x24(snap_compare) -> None:
    body = "".join(f"{n:05d} 2024-03-11T08:00:00Z INFO request ok\n" for n in range(5000)).encode()
    with FaultServer() as server:
        serve_files(server, [("big.log", "text/plain", Reply(200, body, headers={"Content-Type": "text/plain"}))])
        app = make_app(server.url, token="tok", preview_bytes=16 * KIB)

        async def run_before(pilot) -> None:
            await open_attachment(pilot, FILES_TICKET_ID, 0)

        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_viewer_error_80x24(snap_compare) -> None:
    with FaultServer() as server:
        serve_files(server, [("gone.txt", "text/plain", Reply(404, {"error": "gone"}))])
        app = make_app(server.url, token="tok")

        async def run_before(pilot) -> None:
            await open_attachment(pilot, FILES_TICKET_ID, 0)

        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_downloads_running_and_cancelled(snap_compare) -> None:
    shutil.rmtree(SNAPSHOT_DOWNLOADS, ignore_errors=True)
    stalled = Reply(200, b"s" * (64 * KIB), headers={"Content-Type": "application/octet-stream"}, stall_after=16 * KIB)
    with FaultServer() as server:
        serve_files(
            server,
            [
                ("capture-a.bin", "application/octet-stream", stalled),
                ("capture-b.bin", "application/octet-stream", stalled),
            ],
        )
        app = make_app(server.url, token="tok", download_dir=SNAPSHOT_DOWNLOADS)

        async def run_before(pilot) -> None:
            no_blink(pilot)
            await open_ticket(pilot, FILES_TICKET_ID)
            await pilot.press("3", "d", "down", "d")
            rows = list(app.query(DownloadRow))
            await wait_until(pilot, lambda: all(row.received for row in rows))
            await pilot.press("x")  # cancels capture-b, the highlighted one
            await wait_until(pilot, lambda: rows[1].finished)
            # the speed depends on the machine: pin the running row's numbers so the picture is stable
            rows[0].progress(16 * KIB, 64 * KIB, 2048.0)
            app.clear_notifications()
            await pilot.pause()

        try:
            assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)
        finally:
            shutil.rmtree(SNAPSHOT_DOWNLOADS, ignore_errors=True)
