"""New tickets: the form (``n``), the one request that creates the ticket, the draft, the editor.

The form (``widgets.new_ticket.form``) collects and shows; this controller decides. It sends the
ticket in a worker on the main screen, exactly once (the form's Create is off while it is on its
way, and the client never retries a POST), shows the API's refusal at the field it names, keeps
the draft when anything goes wrong (and whenever the form closes with something written), and on
success opens the new ticket on a new tab, remembered among the recent tickets.

``ctrl+e`` in the description runs the agent's editor with the app suspended (``App.suspend``);
where the app cannot suspend (``--serve``, a test's headless run) the form says so. How the
editor runs is a constructor argument, so tests hand in a stand-in.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, SuspendNotSupported

from app.core.errors import TOKEN_HINT, CreateRefused, MissingToken, TicketViewError
from app.core.storage.drafts import MAX_DRAFTS, SavedDraft
from app.core.text.paths import short_path
from app.core.text.safe_text import clean_line, safe_id

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.worker import Worker

    from app.core.api.models import Ticket
    from app.core.api.new_ticket import Field, NewTicket
    from app.tui.layout import Layout
    from app.tui.services import Services
    from app.tui.tickets import Tickets
    from widgets.new_ticket.form import NewTicketForm
    from widgets.new_ticket.inputs import DescriptionArea

SuspendedRun = Callable[[App[object], list[str]], int]
"""Runs an editor's command line to its end while the app is suspended; its exit status."""

OFFLINE = "Creating a ticket needs the network: run ticketview without --offline to open one."
NO_TOKEN = "No API token, so the ticket cannot be sent. " + TOKEN_HINT
DRAFT_BACK = "Your unsent ticket is back as you left it; ctrl+n starts empty."
NO_SUSPEND = (
    "Your own editor needs the terminal, and this app cannot hand it over here: write the description in the form."
)


def draft_back(others: int, folder: Path | None) -> str:
    """The form's words for the kept draft it opens with, where it is kept, and the others beside it."""
    where = "It is kept until ticketview ends" if folder is None else f"It is kept in {short_path(folder)}/"
    if others:
        count = f"{others} older {_drafts(others)}"
        where += f" with {count}; the next comes back here once this one is sent"
    return f"{DRAFT_BACK}\n{where}."


def kept_beside(saved: SavedDraft) -> list[str]:
    """What a save left beside the draft it kept, in words: the others, and any oldest one removed."""
    lines = []
    if saved.others:
        lines.append(f"{saved.others} other {_drafts(saved.others)} kept with it.")
    for title in saved.dropped:
        name = clean_line(title)[:40] or "(no title)"
        lines.append(f"The oldest draft, “{name}”, was removed: {MAX_DRAFTS} are kept at most.")
    return lines


def _drafts(count: int) -> str:
    return "draft" if count == 1 else "drafts"


def run_suspended(app: App[object], command: list[str]) -> int:
    """Run ``command`` with the terminal handed to it (``SuspendNotSupported`` where it cannot be)."""
    import subprocess

    with app.suspend():
        return subprocess.run(command, check=False).returncode


class NewTickets:
    """Open the "New ticket" form, send what it holds once, keep the draft, open the created ticket."""

    def __init__(
        self,
        services: Services,
        screen: Screen[object],
        tickets: Tickets,
        *,
        layout: Layout | None = None,
        environ: Mapping[str, str] = os.environ,
        run_editor: SuspendedRun = run_suspended,
    ) -> None:
        self._services = services
        self._screen = screen
        self._tickets = tickets
        self._layout = layout
        """Where the queue is: reloaded after a ticket is created, so the new one shows in it."""
        self.environ = environ
        """Where ``VISUAL`` and ``EDITOR`` are read (the process's environment)."""
        self.run_editor = run_editor
        """How the editor runs: suspended in a terminal (a test hands in a stand-in)."""
        self.form: NewTicketForm | None = None
        """The form on screen, if it is open."""
        self._sending: Worker[None] | None = None
        self._closing: NewTicketForm | None = None
        """The form whose draft is being saved before it closes (escape again waits for it)."""

    # --- opening and closing ----------------------------------------------------------------

    def open(self) -> None:
        """``n``: the form, with the kept draft in it if there is one (offline: why not, in words)."""
        from widgets.new_ticket.form import NewTicketForm

        settings = self._services.settings
        if settings.offline:
            self._screen.notify(OFFLINE, title="Offline", severity="warning", markup=False)
            return
        if self.form is not None:
            return
        drafts = self._services.user_data.drafts
        kept = drafts.kept()  # a few small files (at most 1 MiB each, ten at most), read at a key press
        lines = [NO_TOKEN] if settings.needs_token else []
        if kept:
            lines.append(draft_back(len(kept) - 1, drafts.folder))
        self.form = NewTicketForm(
            draft=kept[0].ticket if kept else None,
            draft_key=kept[0].key if kept else None,
            notice="\n".join(lines),
            notice_kind="warning" if settings.needs_token else "info",
            can_send=not settings.needs_token,
        )
        self._screen.app.push_screen(self.form, callback=self._closed)

    def _closed(self, result: None) -> None:
        self.form = None

    def cancelled(self, form: NewTicketForm, ticket: NewTicket, *, written: bool) -> None:
        """Escape: keep what was written as the draft (nothing written: no draft), then close."""
        if self._closing is form:
            return  # escape pressed again while the draft is being saved
        self._closing = form
        self._screen.run_worker(self._keep_and_close(form, ticket, written), group="new-ticket-draft")

    async def _keep_and_close(self, form: NewTicketForm, ticket: NewTicket, written: bool) -> None:
        try:
            await self._keep_or_say(form, ticket, written)
        finally:
            self._closing = None

    async def _close(self, form: NewTicketForm) -> None:
        """Close ``form`` if it is still open (and whatever was opened over it, the palette say)."""
        if self.form is not form or not form.is_attached:
            return
        if form.app.screen is not form:
            form.pop_until_active()
        await form.dismiss()

    async def _keep_or_say(self, form: NewTicketForm, ticket: NewTicket, written: bool) -> None:
        drafts = self._services.user_data.drafts
        if not written:
            # emptied by hand: the draft it continued goes (after ctrl+n it continues none: the offered one stays)
            await asyncio.to_thread(drafts.discard, form.draft_key)
            await self._close(form)
            return
        saved = await asyncio.to_thread(partial(drafts.save, ticket, continuing=form.draft_key))
        if saved is None:
            form.set_notice(
                "Your draft could not be saved (the data folder refused it). ctrl+s sends the ticket; "
                "escape again closes the form and loses what is in it.",
                "error",
            )
            form.allow_discard()
            return
        await self._close(form)
        where = "Kept until ticketview ends." if saved.path is None else "Kept in ticketview's data folder."
        lines = [where, *kept_beside(saved), "n brings it back."]
        self._screen.notify("\n".join(lines), title="Draft kept", markup=False)

    def keep_unsent(self) -> None:
        """The app is ending with the form open: keep what it holds (on the UI thread: it is ending)."""
        form = self.form
        if form is not None and form.written:  # on its way too: whether it arrived is unknown
            self._services.user_data.drafts.save(form.ticket(), continuing=form.draft_key)

    async def _keep(self, form: NewTicketForm, ticket: NewTicket) -> str | None:
        """Save ``ticket`` as the form's draft; words for where it is, or ``None`` if it could not be kept."""
        drafts = self._services.user_data.drafts
        saved = await asyncio.to_thread(partial(drafts.save, ticket, continuing=form.draft_key))
        if saved is None:
            return None
        form.draft_key = saved.key  # a later failure or escape saves over this one, not beside it
        where = "until ticketview ends" if drafts.folder is None else f"in {short_path(drafts.folder)}/"
        return " ".join([f"Your draft is kept {where}.", *kept_beside(saved)])

    # --- sending ----------------------------------------------------------------------------

    def submit(self, form: NewTicketForm, ticket: NewTicket) -> None:
        """Send ``ticket``: one request in a worker; nothing more while it is on its way."""
        if self._sending is not None and self._sending.is_running:
            return
        form.set_sending(True)
        form.set_notice("")
        self._sending = self._screen.run_worker(
            self._create(form, ticket), group="new-ticket", exit_on_error=False, description="create a ticket"
        )

    async def _create(self, form: NewTicketForm, ticket: NewTicket) -> None:
        from app.core.api.new_ticket import FIELDS

        try:
            client = await self._services.api()
            created = await client.create_ticket(ticket)
        except asyncio.CancelledError:
            raise
        except CreateRefused as error:
            field = next((name for name in FIELDS if name == error.field), None)
            await self._failed(form, ticket, error.message, field=field)
        except MissingToken:
            await self._failed(form, ticket, NO_TOKEN)
        except TicketViewError as error:
            await self._failed(form, ticket, f"{error.title}: {error.message} {error.hint}".strip())
            if error.may_have_been_created:
                form.hold_next_submit(
                    "It may have been created already: look in the queue first. ctrl+s once more sends it anyway."
                )
        except Exception as error:  # noqa: BLE001  # the client raises TicketViewError; anything else is still said
            await self._failed(form, ticket, f"Sending failed unexpectedly ({type(error).__name__}).")
        else:
            await self._created(form, created)

    async def _failed(self, form: NewTicketForm, ticket: NewTicket, words: str, *, field: Field | None = None) -> None:
        """Say what went wrong (at ``field``, or at the top) and where the draft is kept; the form stays."""
        kept = await self._keep(form, ticket)
        where = kept or "Your draft could not be saved: the form keeps it while it is open."
        form.set_sending(False)
        if field is None:
            form.set_notice(f"{words}\n{where}", "error")
        else:
            form.set_notice(f"Not created: the API refused the field marked below. {where}", "warning")
            form.refused(field, words)

    async def _created(self, form: NewTicketForm, ticket: Ticket) -> None:
        """The ticket exists: forget the draft, close the form, show the ticket on a new tab."""
        await asyncio.to_thread(self._services.user_data.drafts.discard, form.draft_key)  # only the one it was
        form.set_sending(False)
        await self._close(form)
        ticket_id = safe_id(ticket.id)
        if not ticket.id.strip():
            self._screen.notify("The API created the ticket but sent no ID for it.", title="Created", markup=False)
            return
        queue = self._layout.queue if self._layout is not None else None
        if queue is not None and queue.started:
            queue.action_refresh()  # the pages loaded so far again, the new ticket among them (marked new)
        tickets = self._tickets
        tickets.open_in_new_tab(ticket.id)
        tickets.fetched(tickets.tab, ticket.id, ticket, self._services.clock(), fresh=True)  # shown and remembered
        self._screen.notify(f"Created {ticket_id} · ctrl+n for another", title="New ticket", markup=False)

    # --- the editor -------------------------------------------------------------------------

    def edit_description(self, area: DescriptionArea, text: str) -> None:
        """``ctrl+e``: edit the description in ``$VISUAL`` / ``$EDITOR`` with the app suspended."""
        from app.core.api.new_ticket import clean_description
        from app.core.editor import EditorFailed, edit_text

        form = self.form
        if form is None or area.screen is not form:
            return
        app = self._screen.app
        try:
            edited = edit_text(text, self.environ, partial(self.run_editor, app))
        except SuspendNotSupported:
            form.set_notice(NO_SUSPEND, "warning")
        except EditorFailed as error:
            form.set_notice(f"{error.message} {error.hint}".strip(), "error")
        else:
            form.set_description(clean_description(edited))
