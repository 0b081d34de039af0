"""Attachments under --offline: they are not cached, so the app says so and asks no server for them."""

from __future__ import annotations

from pathlib import Path

from app.tui.attachments import OFFLINE_TITLE
from app.tui.main_screen import MainScreen
from tests.fault_server import FaultServer, Reply, fault_server_fixture  # noqa: F401
from tests.helpers import open_ticket, settle
from tests.tab_helpers import disk_user_data, serve, tab_app, ticket
from widgets.attachments.attachment_viewer import AttachmentViewer
from widgets.attachments.attachments_pane import OFFLINE_NOTE, AttachmentList, AttachmentsPane

FILE_PATH = "/files/notes.txt"


def with_a_file(url: str) -> dict:
    return ticket("T-files", "Files", attachments=[{"filename": "notes.txt", "url": url + FILE_PATH, "size": 5}])


async def test_offline_attachments_are_neither_previewed_nor_downloaded_and_the_pane_says_why(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    fault_server.route(FILE_PATH, Reply(200, "hello"))
    serve(fault_server, with_a_file(fault_server.url))
    user_data = disk_user_data(tmp_path, fault_server.url)
    async with tab_app(fault_server.url, user_data=user_data).run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, "T-files")  # online once: the ticket is cached

    app = tab_app(fault_server.url, user_data=disk_user_data(tmp_path, fault_server.url), offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, "T-files")
        assert app.ticket is not None and app.ticket.id == "T-files"
        await pilot.press("3")
        await settle(pilot)
        pane = app.query_one(AttachmentsPane)
        assert app.focused is pane.attachment_list
        note = pane.query_one("#attachments-offline")
        assert note.display and str(note.render()) == OFFLINE_NOTE

        # The footer dims the keys that cannot work here (and the palette does not offer them).
        bindings = {active.binding.action: active.enabled for active in app.screen.active_bindings.values()}
        assert bindings["preview"] is False and bindings["download"] is False and bindings["copy"] is True

        await pilot.press("enter", "p", "d")
        await settle(pilot)
        assert not isinstance(app.screen, AttachmentViewer)

        # Asked for from elsewhere (the viewer's d, the palette), the answer is words, not a request.
        attachment = pane.attachment_list.selected_attachment
        assert attachment is not None
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await screen.attachments.download(attachment)
        screen.attachments.preview(attachment)
        await settle(pilot)
        assert not isinstance(app.screen, AttachmentViewer) and not pane.query("DownloadRow")
        titles = [note.title for note in app._notifications]
        assert titles.count(OFFLINE_TITLE) == 2
        assert "without --offline" in str(next(iter(app._notifications)).message)
    assert fault_server.hits(FILE_PATH) == []


async def test_online_the_keys_apply_and_no_offline_note_shows(fault_server: FaultServer) -> None:
    serve(fault_server, with_a_file(fault_server.url))
    app = tab_app(fault_server.url)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, "T-files")
        await pilot.press("3")
        await settle(pilot)
        pane = app.query_one(AttachmentsPane)
        assert not pane.query_one("#attachments-offline").display
        assert isinstance(app.focused, AttachmentList)
        bindings = {active.binding.action: active.enabled for active in app.screen.active_bindings.values()}
        assert bindings["preview"] is True and bindings["download"] is True
