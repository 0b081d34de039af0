"""PDFs, archives and mislabelled files in the viewer, driven by keys against the demo API on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static

from app.demo.documents import DOCUMENTS_ID
from tests.fault_server import clear_proxy_env
from tests.helpers import make_app, no_blink, open_attachment, open_ticket, settle, wait_until
from widgets.attachments.archive_body import ArchiveBody
from widgets.attachments.archive_listing import ArchiveListing
from widgets.attachments.attachment_text import AttachmentText
from widgets.attachments.attachment_viewer import AttachmentViewer
from widgets.attachments.attachments_pane import AttachmentList
from widgets.attachments.pdf_pages import PdfPages

PNG, PHOTO, PDF, ZIP, TAR_GZ, PNG_AS_TXT, TEXT_AS_PNG = range(7)


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_proxy_env(monkeypatch)


def _text(viewer: AttachmentViewer, selector: str) -> str:
    return str(viewer.query_one(selector, Static).render())


async def test_a_pdf_turns_pages_with_brackets_and_control_page_keys(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        viewer = await open_attachment(pilot, DOCUMENTS_ID, PDF)
        pages = viewer.query_one(PdfPages)
        assert _text(viewer, "#viewer-meta") == "PDF document · 3.4 KiB · Page 1 of 3"
        assert "Total due" in viewer.text_area.text
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert pages.index == 1 and "Page 2 of 3" in _text(viewer, "#viewer-meta")
        assert "2024-05-31" in viewer.text_area.text
        await pilot.press("ctrl+pagedown")
        await settle(pilot)
        assert pages.index == 2 and "Disputes" in viewer.text_area.text
        await pilot.press("right_square_bracket")  # no page after the last
        await settle(pilot)
        assert pages.index == 2
        await pilot.press("ctrl+pageup", "left_square_bracket")
        await settle(pilot)
        assert pages.index == 0 and "Page 1 of 3" in _text(viewer, "#viewer-meta")


async def test_each_page_key_of_a_burst_turns_one_page_while_pages_are_still_being_read(demo_server) -> None:
    import asyncio

    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        viewer = await open_attachment(pilot, DOCUMENTS_ID, PDF)
        pages = viewer.query_one(PdfPages)
        document, real = pages.document, pages.document.text_of
        pages._cache.clear()
        held = asyncio.Event()

        async def slow(index: int, *args, **kwargs):
            await held.wait()  # the page is still being read when the next key arrives
            return await real(index, *args, **kwargs)

        document.text_of = slow  # type: ignore[method-assign]
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.pause()
        held.set()
        await settle(pilot)
        assert pages.index == 2 and "Page 3 of 3" in _text(viewer, "#viewer-meta")
        await pilot.press(
            "left_square_bracket", "left_square_bracket", "left_square_bracket"
        )  # the third: no page before
        await settle(pilot)
        assert pages.index == 0


async def test_find_in_a_pdf_moves_on_to_the_next_page_with_a_match(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        viewer = await open_attachment(pilot, DOCUMENTS_ID, PDF)
        pages = viewer.query_one(PdfPages)
        await pilot.press("ctrl+f")
        viewer.query_one("#find-input", Input).value = "disputes"
        await pilot.pause()
        assert viewer.find_status == "none on this page"
        await pilot.press("enter")  # not here: on to page 3
        await settle(pilot)
        assert pages.index == 2 and viewer.find_status == "1 of 1 on this page"
        selected = viewer.text_area.selected_text
        assert selected.lower() == "disputes"
        await pilot.press("escape")  # the find box closes; n and N still step
        await pilot.press("N")  # back round: pages 2 and 1 have none, so it comes back to page 3
        await settle(pilot)
        assert pages.index == 2


async def test_an_archive_lists_members_and_enter_shows_one_escape_goes_back(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        viewer = await open_attachment(pilot, DOCUMENTS_ID, ZIP)
        assert _text(viewer, "#viewer-meta") == "ZIP archive · 24.3 KiB · 7 members"
        table = viewer.query_one(ArchiveListing)
        assert table.row_count == 7 and app.focused is table
        await pilot.press("down", "down", "down", "down")  # error_logs.txt
        await pilot.press("enter")
        await settle(pilot)
        body = viewer.query_one(ArchiveBody)
        assert body.member is not None and body.member.name == "error_logs.txt"
        assert "401 Unauthorized" in viewer.text_area.text
        assert "showing error_logs.txt" in _text(viewer, "#viewer-meta")
        await pilot.press("ctrl+f")  # find works in a member
        viewer.query_one("#find-input", Input).value = "retry"
        await pilot.pause()
        assert viewer.find_status == "1 of 3"
        await pilot.press("escape", "escape")  # the find box, then the member
        await settle(pilot)
        assert body.member is None and not body.has_class("-member") and not viewer.query(AttachmentText)
        assert app.focused is table and table.cursor_row == 4
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, AttachmentViewer)


async def test_a_tar_gz_member_that_is_a_link_is_said_not_followed(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        viewer = await open_attachment(pilot, DOCUMENTS_ID, TAR_GZ)
        assert "tar.gz archive" in _text(viewer, "#viewer-meta") and "4 members" in _text(viewer, "#viewer-meta")
        await pilot.press("end", "enter")
        await settle(pilot)
        message = _text(viewer, "#viewer-message")
        assert "A link to service.log: links are listed, never followed." in message


@pytest.mark.parametrize(
    ("index", "said", "kind"),
    [
        (PNG_AS_TXT, "⚠ Named .txt and listed as text/plain, but its bytes are a PNG image", "image"),
        (TEXT_AS_PNG, "⚠ Named .png and listed as image/png, but its bytes are text", "text"),
    ],
)
async def test_a_mislabelled_file_is_shown_as_its_bytes_say_and_the_heading_says_so(
    demo_server, index, said, kind
) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(100, 30)) as pilot:
        viewer = await open_attachment(pilot, DOCUMENTS_ID, index)
        assert viewer.preview is not None and viewer.preview.kind == kind
        assert _text(viewer, "#viewer-mismatch") == said
        if kind == "text":
            assert "Kiosk 14 notes" in viewer.text_area.text


async def test_a_pdf_or_archive_over_the_cap_is_not_fetched_and_says_both_sizes(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True, preview_bytes=16 * 1024)
    async with app.run_test(size=(80, 24)) as pilot:
        viewer = await open_attachment(pilot, DOCUMENTS_ID, ZIP)
        message = _text(viewer, "#viewer-message")
        assert "Too large to show here: ZIP archive" in message
        assert "preview cap of 16.0 KiB; this one is 24.3 KiB" in message
        assert viewer.preview is not None and viewer.preview.data == b"" and viewer.preview.received == 0


async def test_d_and_o_work_from_the_pdf_view(demo_server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)  # as over SSH: o shows where the file is
    app = make_app(demo_server.base_url, demo=True, download_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        viewer = await open_attachment(pilot, DOCUMENTS_ID, PDF)
        await pilot.press("o")  # not saved yet: saved first, then opened
        await settle(pilot)
        saved = tmp_path / "invoice_INV-2024-0603.pdf"
        await wait_until(pilot, saved.exists)
        await settle(pilot)
        assert viewer.download_row is not None and viewer.download_row.saved_path == saved
        titles = [notification.title for notification in app._notifications]
        assert "No display to open it on" in titles
        assert isinstance(app.screen, AttachmentViewer)


async def test_escape_while_a_file_is_read_closes_the_viewer_and_nothing_touches_it(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        no_blink(pilot)
        await open_ticket(pilot, DOCUMENTS_ID)
        await pilot.press("3")
        app.query_one(AttachmentList).highlighted = PDF
        await pilot.press("enter", "escape")
        await settle(pilot)
        assert not isinstance(app.screen, AttachmentViewer)
        assert not [worker for worker in app.workers if worker.group == "preview" and worker.is_running]
