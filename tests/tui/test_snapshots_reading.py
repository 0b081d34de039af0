"""What an agent reads: a ticket in Spanish, Portuguese, Chinese and Hebrew with every pane in its
columns, names cut with …, found text that reads in the theme, and the viewer's text, count,
re-wrap and download (pytest-textual-snapshot; fixed clock and theme; servers on 127.0.0.1)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from textual.widgets import Input

from app.demo.samples import EXAMPLE_ID
from tests.fault_server import clear_proxy_env
from tests.helpers import make_app, no_blink, open_ticket, settle, wait_until
from tests.multilingual import MULTILINGUAL_ID, open_receipt

SNAPSHOT_DOWNLOADS = Path(tempfile.gettempdir()) / "ticketview-snapshot-reading"


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_proxy_env(monkeypatch)


async def _open(pilot, *keys: str) -> None:
    no_blink(pilot)
    await open_ticket(pilot, MULTILINGUAL_ID)
    if keys:
        await pilot.press(*keys)
        await settle(pilot)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_multilingual_ticket(snap_compare, multilingual_server, size) -> None:
    app = make_app(multilingual_server.url, token="t")

    async def run_before(pilot) -> None:
        await _open(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_multilingual_details_80x24(snap_compare, multilingual_server) -> None:
    app = make_app(multilingual_server.url, token="t")

    async def run_before(pilot) -> None:
        await _open(pilot, "1")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_multilingual_attachments_80x24(snap_compare, multilingual_server) -> None:
    app = make_app(multilingual_server.url, token="t")

    async def run_before(pilot) -> None:
        await _open(pilot, "3")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_conversation_find_highlight_80x24(snap_compare, demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)

    async def run_before(pilot) -> None:
        no_blink(pilot)
        await open_ticket(pilot, EXAMPLE_ID)
        await pilot.press("ctrl+f")
        pilot.app.query_one("#thread-find-input", Input).cursor_blink = False
        await pilot.press(*"api")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_viewer_find_in_a_multilingual_receipt_80x24(snap_compare, multilingual_server) -> None:
    app = make_app(multilingual_server.url, token="t")

    async def run_before(pilot) -> None:
        no_blink(pilot)
        viewer = await open_receipt(pilot)
        await pilot.press("ctrl+f")
        viewer.query_one("#find-input", Input).cursor_blink = False
        await pilot.press(*"estorno")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_viewer_rewrapped_after_a_resize_to_60_columns(snap_compare, multilingual_server) -> None:
    app = make_app(multilingual_server.url, token="t")

    async def run_before(pilot) -> None:
        no_blink(pilot)
        await open_receipt(pilot)
        await pilot.resize_terminal(60, 20)
        await settle(pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_viewer_download_saved_stays_open_80x24(snap_compare, multilingual_server) -> None:
    shutil.rmtree(SNAPSHOT_DOWNLOADS, ignore_errors=True)
    app = make_app(multilingual_server.url, token="t", download_dir=SNAPSHOT_DOWNLOADS)

    async def run_before(pilot) -> None:
        no_blink(pilot)
        viewer = await open_receipt(pilot)
        await pilot.press("d")
        await wait_until(pilot, lambda: viewer.download_row is not None and viewer.download_row.finished)
        app.clear_notifications()
        await settle(pilot)

    try:
        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
    finally:
        shutil.rmtree(SNAPSHOT_DOWNLOADS, ignore_errors=True)
