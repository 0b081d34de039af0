"""The viewer while a file is still on its way: its own keys work (d, o, escape), nothing types into hiding."""

from __future__ import annotations

from pathlib import Path

from tests.fault_server import FaultServer, Reply
from tests.helpers import FILES_TICKET_ID, make_app, open_ticket, serve_files, wait_until
from tests.tab_helpers import Gate
from widgets.attachments.attachment_viewer import AttachmentViewer

PNG_HEAD = b"\x89PNG\r\n\x1a\n" + b"\0" * 100


async def test_d_downloads_while_the_preview_is_still_loading(tmp_path: Path) -> None:
    with FaultServer() as server:
        serve_files(server, [("slow.png", "image/png", Reply(200, PNG_HEAD))])
        held = Gate(server, Reply(200, PNG_HEAD))
        server.route("/files/0/slow.png", held)
        app = make_app(server.url, token="tok", download_dir=tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_ticket(pilot, FILES_TICKET_ID)
            await pilot.press("3", "enter")
            await wait_until(pilot, lambda: isinstance(app.screen, AttachmentViewer))
            viewer = app.screen
            assert isinstance(viewer, AttachmentViewer)
            await wait_until(pilot, held.arrived.is_set)
            assert app.focused is None  # not the hidden find field, which would swallow the keys
            await pilot.press("d")
            await wait_until(pilot, lambda: viewer.download_row is not None)
            held.release()
            await wait_until(pilot, lambda: viewer.download_row is not None and viewer.download_row.finished)
            assert (tmp_path / "slow.png").read_bytes() == PNG_HEAD
            await pilot.press("escape")
            await wait_until(pilot, lambda: not isinstance(app.screen, AttachmentViewer))
