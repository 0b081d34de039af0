"""A copy too big for the clipboard is not claimed: the menu says so first, and the text is saved as a file.

Terminals drop an OSC 52 payload past their limit without a word, so "Copied (3.8 MiB)" would be a lie.
"""

from __future__ import annotations

from pathlib import Path

from app.core.export import to_markdown
from app.demo.samples import EXAMPLE_ID, HUGE_ID
from app.tui.copying import SAFE_COPY_BYTES, SAVED_TITLE
from tests.fault_server import FaultServer, fault_server_fixture  # noqa: F401
from tests.helpers import make_app, open_ticket, settle
from tests.tab_helpers import TOKEN, serve, ticket
from widgets.shell.copy_menu import CopyMenu


def _capture(app) -> list[str]:
    copied: list[str] = []
    app.copy_to_clipboard = copied.append
    return copied


def _toasts(app) -> list[str]:
    return [str(toast.render()) for toast in app.screen.query("Toast")]


async def test_the_huge_ticket_is_saved_to_a_file_and_the_menu_says_so_first(demo_server, tmp_path: Path) -> None:
    downloads = tmp_path / "Downloads"
    app = make_app(demo_server.base_url, demo=True, download_dir=downloads)
    copied = _capture(app)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_ticket(pilot, HUGE_ID)
        await pilot.press("c")
        menu = app.screen
        assert isinstance(menu, CopyMenu)
        lines = [str(menu.query_one("OptionList").get_option_at_index(i).prompt) for i in range(4)]
        assert lines[3].startswith(" w  Whole ticket as Markdown\n") and "too big: saves a file (3.8 MiB)" in lines[3]
        assert "too big" not in "".join(lines[:3])  # the ID, title and a message copy as ever

        await pilot.press("w")
        await settle(pilot)
        assert copied == []  # nothing sent that the terminal would drop
        saved = downloads / f"{HUGE_ID}.md"
        assert saved.read_text(encoding="utf-8") == to_markdown(app.ticket, zone=app.main.thread_view.zone)
        assert saved.stat().st_mode & 0o777 == 0o600
        toast = next(text for text in _toasts(app) if text.startswith(SAVED_TITLE))
        assert "The ticket as Markdown (3.8 MiB):" in toast and "Copied" not in toast
        assert str(downloads).replace("\n", "") in toast.replace("\n", "")

        await pilot.press("c", "w")  # again: a second file, the first one kept
        await settle(pilot)
        assert (downloads / f"{HUGE_ID} (1).md").exists() and saved.exists()
        assert not [path for path in downloads.iterdir() if path.name.startswith(".")]  # no part file left


async def test_a_small_ticket_still_copies(demo_server, tmp_path: Path) -> None:
    app = make_app(demo_server.base_url, demo=True, download_dir=tmp_path)
    copied = _capture(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ticket(pilot, EXAMPLE_ID)
        await pilot.press("c", "w")
        await settle(pilot)
        assert copied and copied[0].startswith("# API Integration Issue") and list(tmp_path.iterdir()) == []


async def test_y_on_a_message_too_big_to_copy_saves_it_and_a_small_one_copies(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    big = "lorem ipsum " * (SAFE_COPY_BYTES // 10)
    body = ticket("T-big", "Big message")
    body["threads"][1]["message"] = big
    serve(fault_server, body)
    app = make_app(fault_server.url, token=TOKEN, download_dir=tmp_path)
    copied = _capture(app)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_ticket(pilot, "T-big")
        await pilot.press("y")  # the first message: small
        await settle(pilot)
        assert len(copied) == 1 and "Message number 0" in copied[0]
        assert any(toast.startswith("Copied message 1 of 2\n(") for toast in _toasts(app)), _toasts(app)

        await pilot.press("j", "y")
        await settle(pilot)
        assert len(copied) == 1
        saved = tmp_path / "T-big message 2.txt"
        assert big.strip() in saved.read_text(encoding="utf-8")
        assert any(toast.startswith(f"{SAVED_TITLE}\nMessage 2 of 2 (") for toast in _toasts(app)), _toasts(app)


async def test_a_folder_that_cannot_be_written_says_why(demo_server, tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the download folder should be")
    app = make_app(demo_server.base_url, demo=True, download_dir=blocked)
    copied = _capture(app)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_ticket(pilot, HUGE_ID)
        await pilot.press("c", "w")
        await settle(pilot)
        assert copied == []
        notes = [(note.title, str(note.message)) for note in app._notifications]
        assert any(
            title == "Could not save the ticket as Markdown" and "is a file, not a folder" in message
            for title, message in notes
        ), notes
