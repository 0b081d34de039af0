"""Reading a ticket: columns that line up, names that end in …, lines that fit the reader and the
resized terminal, the viewer's count and its downloads, in any script (pilot tests on 127.0.0.1)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.app import App

from app.demo.samples import LONG_ID
from tests.fault_server import FaultServer, Reply, clear_proxy_env
from tests.helpers import make_app, open_ticket, settle, wait_until
from tests.multilingual import (
    LONG_DECOMPOSED_NAME,
    MULTILINGUAL_ID,
    multilingual_ticket,
    open_receipt,
    serve_multilingual,
)
from widgets.attachments.attachment_viewer import AttachmentText
from widgets.conversation.message_painter import READING_WIDTH
from widgets.conversation.thread_view import ThreadView


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_proxy_env(monkeypatch)


def screen_lines(app: App[object]) -> list[str]:
    """What the terminal shows, a string per row (as composed, not as the widgets last measured)."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def column_of(line: str, text: str) -> int:
    """The cell where ``text`` starts in ``line``."""
    return cell_len(line[: line.index(text)])


# --- the details pane -------------------------------------------------------------------------------


async def test_details_values_share_one_column_and_wrap_under_themselves(multilingual_server) -> None:
    app = make_app(multilingual_server.url, token="t")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, MULTILINGUAL_ID)
        lines = screen_lines(app)
        starts = {
            label: column_of(next(line for line in lines if f"│ {label} " in line), value)
            for label, value in [
                ("ID", "T-idiomas"),
                ("Status", "Open"),
                ("Priority", "High priority"),
                ("Category", "Billing"),
                ("Assignee", "João"),
            ]
        }
        # the badges' symbols (○, ▲) sit where the other values start
        starts["Status"] -= 2
        starts["Priority"] -= 2
        assert len(set(starts.values())) == 1, starts
        value_column = starts["ID"]
        title = next(index for index, line in enumerate(lines) if "│ Title " in line)
        below = lines[title + 1]  # the title's second line: under the title, not under "Title"
        left = below.index("│") + 1
        assert below[left : left + 20].strip() and column_of(below, below[left:].strip()[:3]) == value_column


# --- the conversation -------------------------------------------------------------------------------


async def test_a_long_author_ends_in_an_ellipsis_and_the_time_keeps_its_room(multilingual_server) -> None:
    app = make_app(multilingual_server.url, token="t")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ticket(pilot, MULTILINGUAL_ID)
        head = app.query_one(ThreadView).message_lines(0)[0]
        assert "…" in head and head.rstrip().endswith("UTC")
        name, _, when = head.partition("…")
        assert LONG_DECOMPOSED_NAME.startswith(name.split(" · ", 1)[1])  # cut on a character, accents whole
        assert when.startswith("  ") and when.strip().startswith("2024-03-04")


async def test_message_lines_stop_at_the_reading_width_in_a_wide_terminal(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(200, 60)) as pilot:
        await open_ticket(pilot, LONG_ID)
        thread = app.query_one(ThreadView)
        assert thread.size.width > 130
        texts = [line.lstrip()[2:].rstrip() for index in range(8) for line in thread.message_lines(index)[1:]]
        assert READING_WIDTH - 15 < max(map(cell_len, texts)) <= READING_WIDTH  # capped, and used
        ticket = app.ticket
        assert ticket is not None
        agent = next(i for i, m in enumerate(ticket.threads) if m.type == "agent")
        user = next(i for i, m in enumerate(ticket.threads) if m.type == "user")
        # the client's bubble on the left, the agents' against the right edge
        assert thread.message_lines(user)[1].startswith(("▌", "┃"))
        assert thread.message_lines(agent)[1].index("▌") > thread.size.width - READING_WIDTH - 10


async def test_the_conversation_is_drawn_again_after_a_resize(multilingual_server) -> None:
    app = make_app(multilingual_server.url, token="t")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ticket(pilot, MULTILINGUAL_ID)
        for size in [(120, 40), (80, 24), (200, 50), (100, 30)]:
            await pilot.resize_terminal(*size)
            await settle(pilot)
            assert any("Buenos di\u0301as" in line for line in screen_lines(app)), size


# --- the attachment viewer --------------------------------------------------------------------------


async def test_the_viewer_rewraps_on_every_resize_and_numbers_as_many_lines_as_it_counts(multilingual_server) -> None:
    app = make_app(multilingual_server.url, token="t")
    async with app.run_test(size=(80, 24)) as pilot:
        viewer = await open_receipt(pilot)
        area = viewer.query_one(AttachmentText)
        assert "4 lines" in str(viewer.query_one("#viewer-meta").render())
        assert area.document.line_count == 4  # no fifth, empty, numbered line after the last line break
        for width in (66, 70, 62, 100, 50):
            await pilot.resize_terminal(width, 24)
            await pilot.pause()
            await pilot.pause()
            shown = screen_lines(app)
            # every line of the receipt is drawn whole: its last words are on screen, nothing is cut
            assert any("Brasil" in line for line in shown), width
            assert any(line.rstrip().endswith("obeyed)") for line in shown), width
            assert all(cell_len(line) == width for line in shown)


async def test_d_in_the_viewer_keeps_it_open_and_says_how_the_download_ended(tmp_path: Path) -> None:
    with FaultServer() as server:
        serve_multilingual(server)
        receipt = str(multilingual_ticket(server.url)["attachments"][0]["url"]).removeprefix(server.url)  # type: ignore[index]
        server.route(receipt, [Reply(200, b"preview"), Reply(503, b"busy")])  # the preview works, the download fails
        app = make_app(server.url, token="t", download_dir=tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            viewer = await open_receipt(pilot)
            await pilot.press("d")
            await wait_until(pilot, lambda: viewer.download_row is not None and viewer.download_row.finished)
            assert app.screen is viewer
            status = str(viewer.download_row.query_one(".download-status").render())
            assert status.startswith("Failed:")
            serve_multilingual(server)  # the server is back
            await pilot.press("d")  # again, from the viewer: a new attempt, shown in its place
            await wait_until(pilot, lambda: viewer.download_row is not None and viewer.download_row.saved_path)
            assert app.screen is viewer and viewer.download_row.saved_path.read_text().startswith("Recibo")
            await pilot.press("escape")
            rows = app.query("DownloadRow")  # the attachments pane lists both attempts too
            assert [row.finished for row in rows] == [True, True]
