"""An image in the viewer as the agent sees it, in half-blocks (deterministic), at 80x24 and 120x40;
and the image kind end to end: served by a real server on 127.0.0.1, judged by its bytes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.bombs import MiB
from tests.fault_server import FaultServer, Reply, clear_proxy_env, fault_server_fixture  # noqa: F401 (a fixture)
from tests.helpers import FILES_TICKET_ID, make_app, open_attachment, serve_files, settle
from tests.tui.test_viewer_images import screenshot_png
from widgets.attachments.attachment_viewer import AttachmentViewer
from widgets.attachments.half_blocks import HalfBlockCanvas
from widgets.attachments.image_view import ImageView

SNAPSHOT_DOWNLOADS = Path("/tmp/ticketview-snapshot-images")


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_proxy_env(monkeypatch)


def _serve(server: FaultServer, name: str, kind: str, body: bytes) -> None:
    serve_files(server, [(name, kind, Reply(200, body, headers={"Content-Type": kind}))])


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_viewer_image(snap_compare, fault_server, size) -> None:
    _serve(fault_server, "error-dialog.png", "image/png", screenshot_png())
    app = make_app(fault_server.url, token="tok", download_dir=SNAPSHOT_DOWNLOADS)
    assert snap_compare(app, terminal_size=size, run_before=lambda pilot: open_attachment(pilot, FILES_TICKET_ID, 0))


async def test_an_image_named_txt_opens_as_an_image_then_f_escape(fault_server) -> None:
    _serve(fault_server, "screen.txt", "text/plain", screenshot_png())
    app = make_app(fault_server.url, token="tok", download_dir=SNAPSHOT_DOWNLOADS)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_attachment(pilot, FILES_TICKET_ID, 0)
        viewer = app.screen
        assert isinstance(viewer, AttachmentViewer)
        assert isinstance(app.focused, HalfBlockCanvas)
        meta = str(viewer.query_one("#viewer-meta").render())
        assert "640×400 · RGB" in meta
        await pilot.press("f")
        await settle(pilot)
        assert "Actual size" in viewer.query_one(ImageView).status_text
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, AttachmentViewer)


async def test_a_pixel_bomb_is_refused_in_words_in_the_viewer(fault_server) -> None:
    from tests.core.test_images import png_claiming

    _serve(fault_server, "bomb.png", "image/png", png_claiming(100_000, 100_000))
    app = make_app(fault_server.url, token="tok", download_dir=SNAPSHOT_DOWNLOADS)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_attachment(pilot, FILES_TICKET_ID, 0)
        viewer = app.screen
        assert isinstance(viewer, AttachmentViewer)
        assert not viewer.query(ImageView)
        words = " ".join(str(static.render()) for static in viewer.query("Static"))
        assert "10,000 megapixels" in words and "past the 40 megapixels" in words


async def test_d_downloads_from_the_image_viewer(fault_server, tmp_path) -> None:
    data = screenshot_png()
    _serve(fault_server, "shot.png", "image/png", data)
    app = make_app(fault_server.url, token="tok", download_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_attachment(pilot, FILES_TICKET_ID, 0)
        viewer = app.screen
        await pilot.press("d")
        await settle(pilot)
        assert app.screen is viewer
        assert (tmp_path / "shot.png").read_bytes() == data
        assert 2 * MiB > len(data)
