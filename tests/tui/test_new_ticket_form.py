"""The "New ticket" form (``n``): keys, fields marked before sending, one request, errors, drafts, the editor.

Against real servers on 127.0.0.1: a demo API of the test's own (tickets created in it would show in
the shared one's queue) and the fault server for refusals, failures and a held answer.
"""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Button, Input, Select, Static, TextArea

from app.core.api.new_ticket import NewTicket
from app.core.storage.drafts import Drafts
from app.core.storage.user_data import UserData
from app.demo.server import DemoServer, start_demo_server
from app.tui.app import TicketViewApp
from tests.fault_server import FaultServer, Recorded, Reply
from tests.helpers import EXAMPLE_ID, make_app, open_ticket, settle, wait_until
from widgets.new_ticket.form import NewTicketForm

TOKEN = "tok-form-5b1e0c"
CREATE_PATH = "/v2/support-tickets"
GOOD = NewTicket.of(
    title="Login fails after the update",
    description="Since this morning no agent can sign in.\nError 401 on every try.",
    priority="high",
    category="technical",
    tags="login, auth",
)


@pytest.fixture
def own_demo() -> Iterator[DemoServer]:
    """A demo API of this test's own: the tickets it creates stay out of the shared one's queue."""
    server = start_demo_server()
    try:
        yield server
    finally:
        server.stop()


def user_data(tmp_path: Path) -> UserData:
    """Recent tickets in memory, the draft on disk (as ``for_user`` keeps it)."""
    data = UserData.in_memory()
    data.drafts = Drafts(tmp_path / "drafts" / "draft.json")
    return data


def posts(server: FaultServer) -> list[Recorded]:
    return [request for request in server.hits(CREATE_PATH) if request.method == "POST"]


def form_of(app: TicketViewApp) -> NewTicketForm:
    screen = app.screen
    assert isinstance(screen, NewTicketForm), f"the form is not on top: {screen!r}"
    return screen


def shown(form: NewTicketForm, selector: str) -> str:
    """The words a Static of the form shows ('' when hidden)."""
    widget = form.query_one(selector, Static)
    return str(widget.render()) if widget.display else ""


async def open_form(pilot: Pilot) -> NewTicketForm:
    """Leave the ID bar (``n`` there is typing) and press ``n``."""
    await settle(pilot)
    await pilot.press("tab")  # to the queue
    await pilot.press("n")
    await pilot.pause()
    return form_of(pilot.app)  # type: ignore[arg-type]


async def fill_and_send(pilot: Pilot, ticket: NewTicket = GOOD) -> NewTicketForm:
    form = await open_form(pilot)
    form.fill(ticket)
    await pilot.pause()
    await pilot.press("ctrl+s")
    return form


# --- keys -----------------------------------------------------------------------------------


async def test_n_opens_the_form_and_tab_walks_its_fields(demo_server: DemoServer) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        assert app.focused is form.query_one("#title", Input)
        order = []
        for _ in range(7):
            order.append(app.focused.id if app.focused is not None else None)
            await pilot.press("tab")
        assert order == ["title", "description", "priority", "category", "tags", "create", "cancel"]
        await pilot.press("shift+tab")
        assert app.focused is not None and app.focused.id == "cancel"


async def test_typing_the_whole_ticket_with_the_keyboard(own_demo: DemoServer, tmp_path: Path) -> None:
    app = make_app(own_demo.base_url, demo=True, user_data=user_data(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        await pilot.press(*"Refund", "space", *"twice")
        await pilot.press("tab", *"Charged", "space", *"twice.", "enter", *"Card", "space", *"ending", "space", *"4242")
        await pilot.press("tab", "enter")  # the priority's list opens
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # medium
        await pilot.press("tab", "enter")
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # billing
        await pilot.press("tab", *"refund,", "space", *"card")
        await pilot.pause()
        assert form.ticket() == NewTicket.of(
            title="Refund twice",
            description="Charged twice.\nCard ending 4242",
            priority="medium",
            category="billing",
            tags=["refund", "card"],
        )
        await pilot.press("enter")  # enter in the tags sends, as in a web form
        await settle(pilot)
        assert not isinstance(app.screen, NewTicketForm)
        assert app.main.ticket is not None and app.main.ticket.title == "Refund twice"


async def test_pasted_control_characters_never_reach_the_fields(demo_server: DemoServer) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        app.post_message(events.Paste("Pay\x1b[2J\x07ment \u202eevil"))  # as a terminal delivers it
        await pilot.pause()
        assert form.query_one("#title", Input).value == "Pay[2Jment evil"
        await pilot.press("tab")
        app.post_message(events.Paste("one\r\ntwo\x1b]52;c;AAAA\x07\tend"))  # as a terminal delivers it
        await pilot.pause()
        assert form.query_one("#description", TextArea).text == "one\ntwo]52;c;AAAA\tend"


async def test_choices_take_a_burst_of_keys(demo_server: DemoServer) -> None:
    """Over SSH "enter down down down enter" arrives at once: the list must take the keys after enter."""
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        form.query_one("#priority", Select).focus()
        await pilot.pause()
        for key in ("enter", "down", "down", "down", "enter", "tab", "enter", "down", "enter"):
            app.post_message(events.Key(key, None))  # queued together, as a terminal's burst is
        await settle(pilot)
        assert (form.ticket().priority, form.ticket().category) == ("high", "technical")


async def test_q_on_a_choice_does_not_quit(demo_server: DemoServer) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        form.query_one("#priority", Select).focus()
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running and app.screen is form


async def test_ctrl_n_opens_the_form_from_the_conversation_and_the_id_bar(demo_server: DemoServer) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ticket(pilot, EXAMPLE_ID)  # the conversation has the focus: there n is the next message
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: isinstance(app.screen, NewTicketForm))
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, NewTicketForm))
        await pilot.press("slash", "ctrl+n")  # in the ID bar too
        await wait_until(pilot, lambda: isinstance(app.screen, NewTicketForm))


async def test_the_palette_offers_a_new_ticket(demo_server: DemoServer) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        titles = {command.title: command.help for command in app.get_system_commands(app.screen)}
        assert "New ticket" in titles and "n" in titles["New ticket"]


# --- checked before sending -------------------------------------------------------------------


async def test_missing_fields_are_marked_and_nothing_is_sent(tmp_path: Path) -> None:
    with FaultServer() as server:
        server.route(CREATE_PATH, Reply(500))
        app = make_app(server.url, token=TOKEN, user_data=user_data(tmp_path))
        async with app.run_test(size=(80, 24)) as pilot:
            form = await open_form(pilot)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert shown(form, "#title-problem") == "A title is required."
            assert shown(form, "#description-problem") == "A description is required."
            assert shown(form, "#priority-problem").startswith("Choose a priority")
            assert shown(form, "#category-problem").startswith("Choose a category")
            assert shown(form, "#tags-problem") == ""
            assert form.query_one("#title", Input).has_class("-invalid")
            assert app.focused is form.query_one("#title", Input)

            await pilot.press(*"Printer", "enter")  # the title is fine now: the mark goes, focus to the next wrong one
            await pilot.pause()
            assert shown(form, "#title-problem") == ""
            assert not form.query_one("#title", Input).has_class("-invalid")
            assert app.focused is form.query_one("#description", TextArea)
            await settle(pilot)
            assert posts(server) == []


async def test_a_tag_too_long_is_marked_at_the_tags(tmp_path: Path) -> None:
    with FaultServer() as server:
        app = make_app(server.url, token=TOKEN, user_data=user_data(tmp_path))
        async with app.run_test(size=(80, 24)) as pilot:
            form = await fill_and_send(pilot, GOOD.with_values(tags=("x" * 60,)))
            await pilot.pause()
            assert "at most 50" in shown(form, "#tags-problem")
            assert app.focused is form.query_one("#tags", Input)
            assert posts(server) == []


# --- sending once -----------------------------------------------------------------------------


async def test_a_burst_of_ctrl_s_sends_one_request(tmp_path: Path) -> None:
    release = threading.Event()
    created = {"_id": "support_ticket_555", "title": GOOD.title, "status": "open", "priority": "high"}

    def held(request: Recorded) -> Reply:
        if request.method == "POST":
            release.wait(10)
        return Reply(200, {"success": True, "data": created})

    with FaultServer() as server:
        server.route(CREATE_PATH, held)
        server.route(f"{CREATE_PATH}/support_ticket_555", Reply(200, {"data": created}))
        app = make_app(server.url, token=TOKEN, user_data=user_data(tmp_path))
        async with app.run_test(size=(80, 24)) as pilot:
            form = await fill_and_send(pilot)
            await wait_until(pilot, lambda: len(posts(server)) == 1)
            button = form.query_one("#create", Button)
            assert str(button.label) == "Creating…" and button.disabled
            await pilot.press("ctrl+s", "ctrl+s", "ctrl+s")
            form.query_one("#tags", Input).focus()
            await pilot.press("enter", "enter")
            await pilot.pause()
            assert len(posts(server)) == 1
            assert app.screen is form  # still there, everything typed in it
            assert form.ticket() == GOOD
            release.set()
            await settle(pilot)
            assert len(posts(server)) == 1
            assert not isinstance(app.screen, NewTicketForm)


async def test_escape_while_sending_keeps_the_form(tmp_path: Path) -> None:
    release = threading.Event()

    def held(request: Recorded) -> Reply:
        release.wait(10)
        return Reply(503, b"busy")

    with FaultServer() as server:
        server.route(CREATE_PATH, held)
        app = make_app(server.url, token=TOKEN, user_data=user_data(tmp_path))
        async with app.run_test(size=(80, 24)) as pilot:
            form = await fill_and_send(pilot)
            await wait_until(pilot, lambda: len(posts(server)) == 1)
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is form
            assert "on its way" in shown(form, "#new-ticket-notice")
            release.set()
            await settle(pilot)


# --- what the API says ------------------------------------------------------------------------


async def test_a_refusal_naming_a_field_is_shown_at_that_field(tmp_path: Path) -> None:
    with FaultServer() as server:
        server.route(CREATE_PATH, Reply(400, {"error": "Invalid priority level", "message": "INVALID_PRIORITY"}))
        data = user_data(tmp_path)
        app = make_app(server.url, token=TOKEN, user_data=data)
        async with app.run_test(size=(80, 24)) as pilot:
            form = await fill_and_send(pilot)
            await settle(pilot)
            assert app.screen is form
            assert "Invalid priority level" in shown(form, "#priority-problem")
            assert app.focused is form.query_one("#priority", Select)
            assert shown(form, "#title-problem") == ""
            assert form.ticket() == GOOD  # everything typed is still there
            assert data.drafts.load() == GOOD
            assert "draft.json" in shown(form, "#new-ticket-notice")
            assert not form.query_one("#create", Button).disabled


async def test_a_refusal_naming_no_field_is_shown_at_the_top(tmp_path: Path) -> None:
    with FaultServer() as server:
        server.route(CREATE_PATH, Reply(422, {"error": "Client account suspended", "message": "ACCOUNT_LOCKED"}))
        app = make_app(server.url, token=TOKEN, user_data=user_data(tmp_path))
        async with app.run_test(size=(80, 24)) as pilot:
            form = await fill_and_send(pilot)
            await settle(pilot)
            notice = shown(form, "#new-ticket-notice")
            assert "Client account suspended" in notice and "draft" in notice
            assert form.query_one("#new-ticket-notice").has_class("-error")
            assert all(shown(form, f"#{name}-problem") == "" for name in ("title", "priority", "category"))


async def test_a_failure_after_sending_asks_before_sending_again(tmp_path: Path) -> None:
    with FaultServer() as server:
        server.route(CREATE_PATH, Reply(502, b"<html>Bad gateway</html>"))
        data = user_data(tmp_path)
        app = make_app(server.url, token=TOKEN, user_data=data)
        async with app.run_test(size=(80, 24)) as pilot:
            form = await fill_and_send(pilot)
            await settle(pilot)
            notice = shown(form, "#new-ticket-notice")
            assert "may have been created" in notice and "draft.json" in notice
            assert data.drafts.load() == GOOD
            await pilot.press("ctrl+s")  # the first asks to look in the queue first
            await settle(pilot)
            assert len(posts(server)) == 1
            assert "once more sends it anyway" in shown(form, "#new-ticket-notice")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert len(posts(server)) == 2


async def test_a_server_that_cannot_be_reached_keeps_the_draft(tmp_path: Path) -> None:
    server = FaultServer()
    url = server.url
    server.stop()  # nothing listens there any more
    data = user_data(tmp_path)
    app = make_app(url, token=TOKEN, user_data=data)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await fill_and_send(pilot)
        await settle(pilot)
        assert app.screen is form
        assert "Network" in shown(form, "#new-ticket-notice")
        assert data.drafts.load() == GOOD


# --- success ----------------------------------------------------------------------------------


async def test_success_opens_the_ticket_on_a_new_tab_and_remembers_it(own_demo: DemoServer, tmp_path: Path) -> None:
    data = user_data(tmp_path)
    data.drafts.save(GOOD.with_values(title="an older draft"))
    app = make_app(own_demo.base_url, demo=True, user_data=data)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ticket(pilot, EXAMPLE_ID)
        await pilot.press("1", "n")  # from the details (in the conversation n is the next message)
        await pilot.pause()
        form = form_of(app)
        form.fill(GOOD)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, NewTicketForm)
        tickets = app.main.tickets
        assert len(tickets.tabs) == 2 and tickets.tabs.index == 1
        created = tickets.ticket
        assert created is not None and created.title == GOOD.title and created.id != EXAMPLE_ID
        assert tickets.tabs.tabs[0].requested == EXAMPLE_ID  # the ticket read before stays on its tab
        assert data.recent.get(created.id) is not None
        assert data.drafts.load() is None
        assert any(note.message == f"Created {created.id}" for note in app._notifications)


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
        assert any("draft.json" in note.message for note in app._notifications)

        await pilot.press("n")
        await pilot.pause()
        form = form_of(app)
        assert form.ticket() == kept
        assert "back as you left it" in shown(form, "#new-ticket-notice")
        await pilot.press("ctrl+n")  # start empty
        await pilot.pause()
        assert form.ticket() == NewTicket()
        assert shown(form, "#new-ticket-notice") == ""
        await pilot.press("escape")  # nothing written: closes, and the draft goes
        await settle(pilot)
        assert not isinstance(app.screen, NewTicketForm)
        assert data.drafts.load() is None


async def test_escape_with_nothing_written_keeps_no_draft(demo_server: DemoServer, tmp_path: Path) -> None:
    data = user_data(tmp_path)
    app = make_app(demo_server.base_url, demo=True, user_data=data)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, NewTicketForm)
        assert data.drafts.load() is None
        assert not (tmp_path / "drafts" / "draft.json").exists()


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
