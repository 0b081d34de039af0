"""What the New ticket form's tests share: a demo API of a test's own, user data, the form and its fields."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Static

from app.core.api.new_ticket import NewTicket
from app.core.storage.drafts import Drafts
from app.core.storage.user_data import UserData
from app.tui.app import TicketViewApp
from tests.fault_server import FaultServer, Recorded
from tests.helpers import settle
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


KEY_CHARACTERS = {"enter": "\r", "tab": "\t"}


def burst(app: App[object], *keys: str) -> None:
    """Queue ``keys`` all at once, as a terminal delivers what SSH or ``tmux send-keys`` sent in one go.

    (``pilot.press`` lets the app settle after each key, so it never shows what a burst does.)
    A one-character key is typed as itself; names are Textual's (``tab``, ``shift+tab``, ``enter``).
    """
    from textual.keys import _character_to_key  # as pilot.press names a character's key

    for key in keys:
        if len(key) == 1:
            app.post_message(events.Key(key if key.isalnum() else _character_to_key(key), key))
        else:
            app.post_message(events.Key(key, KEY_CHARACTERS.get(key)))
