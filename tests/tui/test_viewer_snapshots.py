"""What the agent sees of a PDF page and an archive listing at 80x24 (demo API on 127.0.0.1)."""

from __future__ import annotations

import pytest

from app.demo.documents import DOCUMENTS_ID
from tests.fault_server import clear_proxy_env
from tests.helpers import make_app, open_attachment, settle


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_proxy_env(monkeypatch)


def test_pdf_page_80x24(snap_compare, demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)

    async def run_before(pilot) -> None:
        await open_attachment(pilot, DOCUMENTS_ID, 2)
        await pilot.press("right_square_bracket")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_archive_listing_80x24(snap_compare, demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)

    async def run_before(pilot) -> None:
        await open_attachment(pilot, DOCUMENTS_ID, 3)
        await pilot.press("down", "down")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_archive_member_80x24(snap_compare, demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)

    async def run_before(pilot) -> None:
        await open_attachment(pilot, DOCUMENTS_ID, 4)
        await pilot.press("down", "enter")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
