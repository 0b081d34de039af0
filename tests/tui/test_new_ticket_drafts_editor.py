"""The New ticket form's drafts (escape, quitting, offered back), offline and token-less use, and the editor (ctrl+e).

Against real servers on 127.0.0.1, as in test_new_ticket_form.py.
"""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import threading
import time
from pathlib import Path

from textual.widgets import Button, TextArea

from app.core.api.new_ticket import NewTicket
from app.core.storage.drafts import Drafts
from app.core.storage.user_data import UserData
from app.demo.server import DemoServer
from tests.fault_server import FaultServer
from tests.helpers import make_app, settle
from tests.new_ticket_helpers import (
    GOOD,
    form_of,
    open_form,
    shown,
    user_data,
)
from widgets.new_ticket.form import NewTicketForm

# --- drafts and escape ------------------------------------------------------------------------


async def test_escape_keeps_what_was_written_and_n_offers_it_back(demo_server: DemoServer, tmp_path: Path) -> None:
    data = user_data(tmp_path)
    app = make_app(demo_server.base_url, demo=True, user_data=data)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        await pilot.press(*"Half", "space", *"written", "tab", *"to", "space", *"finish")
        await pilot.press("escape", "escape")  # the second, while the draft is saved, changes nothing
        await settle(pilot)
        assert not isinstance(app.screen, NewTicketForm) and app.screen is app.main
        kept = NewTicket.of(title="Half written", description="to finish")
        assert data.drafts.load() == kept
        assert any(note.message.startswith("Kept in ticketview's data folder.") for note in app._notifications)

        await pilot.press("n")
        await pilot.pause()
        form = form_of(app)
        assert form.ticket() == kept
        assert "back as you left it" in shown(form, "#new-ticket-notice")
        await pilot.press("ctrl+n")  # start empty
        await pilot.pause()
        assert form.ticket() == NewTicket()
        assert shown(form, "#new-ticket-notice") == ""
        await pilot.press("escape")  # nothing written: closes, and the draft offered stays as it was
        await settle(pilot)
        assert not isinstance(app.screen, NewTicketForm)
        assert [draft.ticket for draft in data.drafts.kept()] == [kept]


async def test_starting_empty_over_a_draft_keeps_both(own_demo: DemoServer, tmp_path: Path) -> None:
    """ctrl+n, another ticket written, escape: the draft offered is not replaced; both are kept, the
    toast says so, and the next n offers the newest and says the other is kept, and where."""
    data = user_data(tmp_path)
    earlier = NewTicket.of(title="Printer jams", description="Tray 2.")
    data.drafts.save(earlier)
    app = make_app(own_demo.base_url, demo=True, user_data=data)  # it sends one: not on the shared demo API
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        assert form.ticket() == earlier
        await pilot.press("ctrl+n", *"Kiosk", "tab", *"Offline")
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, NewTicketForm)
        newer = NewTicket.of(title="Kiosk", description="Offline")
        assert [draft.ticket for draft in data.drafts.kept()] == [newer, earlier]
        toast = next(note.message for note in app._notifications if note.title == "Draft kept")
        assert "1 other draft kept with it." in toast
        await pilot.press("n")
        await pilot.pause()
        form = form_of(app)
        assert form.ticket() == newer
        notice = shown(form, "#new-ticket-notice")
        assert f"It is kept in {tmp_path / 'drafts'}/ with 1 older draft; the next comes back" in notice
        form.fill(newer.with_values(priority="low", category="general"))
        await pilot.press("ctrl+s")  # sent: only the draft it continued goes
        await settle(pilot)
        assert [draft.ticket for draft in data.drafts.kept()] == [earlier]


async def test_escape_with_nothing_written_keeps_no_draft(demo_server: DemoServer, tmp_path: Path) -> None:
    data = user_data(tmp_path)
    app = make_app(demo_server.base_url, demo=True, user_data=data)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, NewTicketForm)
        assert data.drafts.load() is None
        assert data.drafts.kept() == [] and not (tmp_path / "drafts").exists()


async def test_a_draft_that_cannot_be_saved_is_not_lost_on_escape(demo_server: DemoServer, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("in the way")
    data = UserData.in_memory()
    data.drafts = Drafts(blocker / "draft.json")  # its folder cannot be made
    app = make_app(demo_server.base_url, demo=True, user_data=data)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        form.fill(GOOD)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is form
        assert "could not be saved" in shown(form, "#new-ticket-notice")
        await pilot.press("escape")  # told; the second escape closes
        await settle(pilot)
        assert not isinstance(app.screen, NewTicketForm)


async def test_quitting_with_the_form_open_keeps_the_draft(demo_server: DemoServer, tmp_path: Path) -> None:
    data = user_data(tmp_path)
    app = make_app(demo_server.base_url, demo=True, user_data=data)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot)
        await pilot.press(*"Unsent", "tab", *"line", "enter", *"two")
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert Drafts(tmp_path / "drafts" / "draft.json").load() == NewTicket.of(title="Unsent", description="line\ntwo")


# --- offline, no token ------------------------------------------------------------------------


async def test_offline_says_creating_needs_the_network(demo_server: DemoServer) -> None:
    app = make_app(demo_server.base_url, demo=True, offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("tab")  # out of the ID bar, to the start screen
        await pilot.press("n")
        await pilot.pause()
        assert not isinstance(app.screen, NewTicketForm)
        assert any("needs the network" in note.message for note in app._notifications)


async def test_without_a_token_the_form_says_how_to_set_one(tmp_path: Path) -> None:
    with FaultServer() as server:
        app = make_app(server.url, token=None, user_data=user_data(tmp_path))
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("tab")  # out of the ID bar, to the start screen
            await pilot.press("n")
            await pilot.pause()
            form = form_of(app)
            assert "VERIFIK_TOKEN" in shown(form, "#new-ticket-notice")
            assert form.query_one("#create", Button).disabled
            form.fill(GOOD)
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert server.requests == []


# --- the editor -------------------------------------------------------------------------------

STAND_IN = """\
import sys
path = sys.argv[-1]
text = open(path, encoding="utf-8").read()
with open(path, "w", encoding="utf-8") as file:
    file.write(text.upper() + "\\nAdded in the editor \\x1b[31mred\\x1b[0m\\n")
"""


def stand_in_editor(tmp_path: Path, script: str = STAND_IN) -> str:
    path = tmp_path / "editor.py"
    path.write_text(script)
    return f"{sys.executable} {path}"


def run_here(app: object, command: list[str]) -> int:
    """The editor run without suspending (a headless test has no terminal to hand over)."""
    return subprocess.run(command, check=False, stdin=subprocess.DEVNULL).returncode


async def test_ctrl_e_edits_the_description_in_the_editor(demo_server: DemoServer, tmp_path: Path) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        controller = app.main.new_ticket
        controller.environ = {"VISUAL": stand_in_editor(tmp_path), "EDITOR": "false"}
        controller.run_editor = run_here
        await pilot.press("tab", *"first", "space", *"line")
        await pilot.press("ctrl+e")
        await pilot.pause()
        area = form.query_one("#description", TextArea)
        assert area.text == "FIRST LINE\nAdded in the editor [31mred[0m"  # the escape codes' ESC dropped
        assert app.focused is area
        assert not list(Path(tmp_path).glob("ticketview-*"))  # the file edited is gone
        await pilot.press("ctrl+z")  # the editor's change is one step back
        await pilot.pause()
        assert area.text == "first line"


async def test_an_editor_that_fails_leaves_the_description(demo_server: DemoServer, tmp_path: Path) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        controller = app.main.new_ticket
        controller.run_editor = run_here
        controller.environ = {"VISUAL": stand_in_editor(tmp_path, "import sys\nsys.exit(3)\n")}
        await pilot.press("tab", *"kept")
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert form.query_one("#description", TextArea).text == "kept"
        assert "ended with status 3" in shown(form, "#new-ticket-notice")

        controller.environ = {"VISUAL": "no-such-editor-anywhere --wait"}
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert "no such command" in shown(form, "#new-ticket-notice")
        assert form.query_one("#description", TextArea).text == "kept"


async def test_where_the_app_cannot_suspend_the_form_says_so(demo_server: DemoServer, tmp_path: Path) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        app.main.new_ticket.environ = {"VISUAL": stand_in_editor(tmp_path)}  # the real run: App.suspend
        await pilot.press("tab", *"as", "space", *"typed", "ctrl+e")
        await pilot.pause()
        assert "cannot hand it over" in shown(form, "#new-ticket-notice")
        assert form.query_one("#description", TextArea).text == "as typed"
        assert app.is_running


EDITOR_MARK = """\
import pathlib, sys
path = pathlib.Path(sys.argv[-1])
path.write_text("Written in the real editor\\n", encoding="utf-8")
pathlib.Path(sys.argv[1]).write_text("ran", encoding="utf-8")
"""


class Terminal:
    """``ticketview`` on a pseudo-terminal of its own: keys in, everything it draws kept."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.controller, child = pty.openpty()
        os.set_inheritable(child, True)
        self.process = subprocess.Popen(argv, stdin=child, stdout=child, stderr=child, env=env, close_fds=True)
        os.close(child)
        self.output = bytearray()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        try:
            while chunk := os.read(self.controller, 65536):
                self.output += chunk
        except OSError:
            pass  # EIO: the terminal closed as the process ended

    def send(self, keys: str) -> None:
        os.write(self.controller, keys.encode())

    def wait_for(self, condition: object, what: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition():  # type: ignore[operator]
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise AssertionError(f"waited for {what}; the screen said: {bytes(self.output[-2000:])!r}")
            time.sleep(0.05)  # polling a real process: there is no event to wait on

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=30)
        os.close(self.controller)


def test_ctrl_e_suspends_the_app_for_the_real_editor(tmp_path: Path) -> None:
    """The real path: App.suspend hands the terminal to $VISUAL, and the text comes back into the form."""
    marker = tmp_path / "editor-ran"
    script = tmp_path / "editor.py"
    script.write_text(EDITOR_MARK)
    env = {name: value for name, value in os.environ.items() if not name.startswith(("VERIFIK_", "TICKETVIEW_"))}
    env.update(
        HOME=str(tmp_path),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        TICKETVIEW_CONFIG=str(tmp_path / "absent.toml"),
        TERM="xterm-256color",
        COLUMNS="80",
        LINES="24",
        VISUAL=f"{sys.executable} {script} {marker}",
    )
    terminal = Terminal([sys.executable, "-m", "app", "--demo"], env)
    try:
        terminal.wait_for(lambda: b"Rotate a leaked" in terminal.output, "the queue")
        terminal.send("\t")  # out of the ID bar, into the queue (its footer names its keys)
        terminal.wait_for(lambda: b"Filter" in terminal.output, "the queue's keys")
        terminal.send("n")
        terminal.wait_for(lambda: b"New ticket" in terminal.output, "the form")
        terminal.send("\t")  # to the description (the footer then offers the editor)
        terminal.wait_for(lambda: b"Editor" in terminal.output, "the description's keys")
        terminal.send("\x05")  # ctrl+e
        terminal.wait_for(marker.exists, "the editor to run")
        drafts = tmp_path / "data" / "ticketview" / "drafts"
        terminal.wait_for(lambda: terminal.output.count(b"New ticket") >= 2, "the form drawn again after the editor")
        terminal.send("\x1b")  # escape: the form closes, keeping what it holds as the draft
        terminal.wait_for(lambda: drafts.is_dir() and any(drafts.glob("*.json")), "the draft")
        terminal.send("\x11")  # ctrl+q
        assert terminal.process.wait(timeout=30) == 0
    finally:
        terminal.close()
    kept = Drafts(next(drafts.glob("*.json"))).load()
    assert kept is not None and kept.description == "Written in the real editor"
