"""The Textual App: what is truly global. Settings, services, themes, NO_COLOR, the heap, the palette.

The App pushes one main screen (``app.tui.main_screen``), which holds the layout, the keys and
the controllers; screens on top (the attachment viewer, the copy menu) have keys of their own.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import signal
import sys
import threading
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.filter import LineFilter, Monochrome, NoColor

from app.core.errors import TicketViewError
from app.core.heap import import_for_good
from app.tui.main_screen import MainScreen
from app.tui.palette import key_commands, palette_open
from app.tui.services import Clock, Services, prepare_client
from styles import STYLES_DIR

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.screen import Screen
    from textual.timer import Timer

    from app.core.api.client import TicketClient
    from app.core.api.models import Ticket
    from app.core.api.ticket_filters import TicketFilters
    from app.core.config.settings import Settings
    from app.core.storage.user_data import RecentTicket, UserData
    from widgets.attachments.attachment_viewer import AttachmentViewer
    from widgets.new_ticket.form import NewTicketForm
    from widgets.new_ticket.inputs import DescriptionArea

NO_COLOUR = NoColor()
ENDING_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
LEAVE_WITHIN = 3.0
"""Seconds the App has to leave after SIGTERM or SIGHUP before it is ended outright."""
MUTED_COLOURS = ("primary", "secondary", "accent", "warning", "error", "success")
"""The theme colours whose ``-muted`` variants are backgrounds (badges, Textual's Label variants)."""


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _recent_tickets_provider() -> type[Provider]:
    """The palette's recent-tickets source, imported when the palette first opens (not at start-up)."""
    from app.tui.recent_commands import RecentTicketsProvider

    return RecentTicketsProvider


class TicketViewApp(App[int]):
    """Look up a Verifik support ticket by ID and see all of it, or work through the queue."""

    TITLE = "ticketview"
    CSS_PATH = [STYLES_DIR / "app.tcss", STYLES_DIR / "ansi.tcss", STYLES_DIR / "no_color.tcss"]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    COMMANDS = App.COMMANDS | {_recent_tickets_provider}
    BINDINGS = [
        Binding("T", "switch_theme", "Theme", show=False, id="app.theme"),
        # The footer names ctrl+q, which quits from anywhere; q quits too where it is not typed as text.
        Binding("ctrl+q", "quit", "Quit", key_display="^q", priority=True, id="app.quit-anywhere"),
        Binding("q", "quit", "Quit", show=False, id="app.quit"),
        # ? (where it is not typed as text) and F1 show the keys of the pane in focus; again, hide them.
        Binding("question_mark,f1", "toggle_keys", "Keys", show=False, id="app.keys"),
    ]
    HEAP_SETTLE_DELAY = 1.0
    """Seconds after a ticket (or a queue page) arrives before the heap is collected and frozen."""

    def __init__(
        self,
        settings: Settings,
        *,
        client: TicketClient | None = None,
        ticket_id: str | None = None,
        samples: Sequence[tuple[str, str]] = (),
        clock: Clock = _utc_now,
        queue: bool = False,
        filters: TicketFilters | None = None,
        user_data: UserData | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings
        self._client = client
        if user_data is None:
            from app.core.storage.user_data import UserData

            user_data = UserData.in_memory()
        self.user_data = user_data
        """Recent tickets, the ticket cache and preferences (in memory only unless given)."""
        self.services = Services(settings, user_data, clock, lambda: self.client, self.settle_heap)
        self._new_main_screen = partial(
            MainScreen,
            self.services,
            ticket_id=(ticket_id or "").strip(),
            open_queue=queue,
            filters=filters,
            samples=list(samples),
        )
        self._main: MainScreen | None = None
        self._heap_timer: Timer | None = None
        self._palette_keys: tuple[Screen[object], list[SystemCommand]] | None = None
        """The screen the palette was last opened from, and its keys' commands as they stood then."""
        theme = settings.theme or user_data.preferences.theme
        if theme and theme in self.available_themes:  # a remembered name Textual no longer knows is ignored
            self.theme = theme

    def get_default_screen(self) -> MainScreen:
        """A new main screen for each run (a screen's widgets do not outlive the run that mounted them)."""
        self._main = self._new_main_screen()
        return self._main

    @property
    def main(self) -> MainScreen:
        """The main screen: the ID bar, the queue and the ticket."""
        if self._main is None:
            raise RuntimeError("The main screen is made when the app starts.")
        return self._main

    def action_toggle_keys(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    async def on_mount(self) -> None:
        # The App is ready (for keys, and for a test's pilot) once the main screen has mounted all of
        # its widgets: it composes them in its own task, so wait for it here, before the first frame.
        await self.main.mounted.wait()
        # Watching from here on leaves out the theme set at start (--theme, or the remembered one).
        self.watch(self, "theme", self._theme_chosen, init=False)
        loop = asyncio.get_running_loop()
        for ending in ENDING_SIGNALS:  # the terminal closing, the SSH link dropping, a kill
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(ending, self._ended_by_signal)
        # Warm the HTTP client's imports off the UI thread, after the first frame.
        self.call_after_refresh(self.run_worker, self._warm_up, thread=True, group="warm-up", exit_on_error=False)

    def _warm_up(self) -> None:
        try:
            prepare_client()  # first: the first ticket or queue page waits for it
        except TicketViewError:
            pass  # unusable certificates: said where the ticket or the queue would be, when they ask
        from app.core.text.zones import zone_for

        zone_for(self.settings.timezone)  # the time zone's files, read here rather than when a ticket is drawn
        # Then tidying up. Its module is imported as the client's are, the collector paused and the
        # result frozen: imported later, with a queue of thousands of rows in memory, its import
        # set off full collections that held up keys for up to 0.2 s.
        downloads = import_for_good("app.core.attachments.downloads")
        downloads.remove_stale_parts(self.settings.download_dir)  # left by a ticketview that was killed outright
        self.user_data.sweep()  # and its half-written recent list or cache file

    def _ended_by_signal(self) -> None:
        """SIGTERM or SIGHUP: remove every half-downloaded file, then leave as ``q`` would.

        After a hang-up there is no terminal to restore, and leaving can stall on it: a watchdog
        ends the process if it is still here ``LEAVE_WITHIN`` seconds later (the files are gone by then).
        """
        downloads = sys.modules.get("app.core.attachments.downloads")
        if downloads is not None:
            downloads.remove_live_parts()
        watchdog = threading.Timer(LEAVE_WITHIN, os._exit, args=(1,))
        watchdog.daemon = True
        watchdog.start()
        self.exit()

    async def on_unmount(self) -> None:
        loop = asyncio.get_running_loop()
        for ending in ENDING_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.remove_signal_handler(ending)
        if self._client is not None:
            await self._client.aclose()

    @property
    def client(self) -> TicketClient:
        """The API client, made on first use."""
        if self._client is None:
            from app.core.api.client import TicketClient

            self._client = TicketClient(
                self.settings.base_url,
                self.settings.token,
                require_token=not self.settings.demo,
                deadline=self.settings.timeout,
                trusted_hosts=self.settings.trusted_hosts,
            )
        return self._client

    @property
    def ticket(self) -> Ticket | None:
        """The ticket on screen, if any."""
        return self._main.ticket if self._main is not None else None

    # --- what the palette's recent-tickets source uses ---------------------------------------

    def recent_entries(self) -> list[RecentTicket]:
        """Recently viewed tickets, newest first."""
        return self.user_data.recent.entries

    def open_ticket(self, ticket_id: str) -> None:
        """Open ``ticket_id`` on the active tab of the main screen."""
        self.main.tickets.fetch(ticket_id)

    async def on_attachment_viewer_download_requested(self, event: AttachmentViewer.DownloadRequested) -> None:
        """``d`` in the attachment viewer (a screen over the main one): download there, shown in the viewer."""
        await self.main.attachments.download(event.attachment, viewer=event.viewer)

    async def on_attachment_viewer_open_requested(self, event: AttachmentViewer.OpenRequested) -> None:
        """``o`` in the attachment viewer: open the saved file, downloading it first if need be."""
        await self.main.attachments.open(event.attachment, event.viewer)

    # --- the new-ticket form (a screen over the main one): its controller is the main screen's ---

    def on_new_ticket_form_submitted(self, event: NewTicketForm.Submitted) -> None:
        self.main.new_ticket.submit(event.form, event.ticket)

    def on_new_ticket_form_cancelled(self, event: NewTicketForm.Cancelled) -> None:
        self.main.new_ticket.cancelled(event.form, event.ticket, written=event.written)

    def on_description_area_edit_requested(self, event: DescriptionArea.EditRequested) -> None:
        self.main.new_ticket.edit_description(event.area, event.text)

    # --- the heap -------------------------------------------------------------------------

    def settle_heap(self) -> None:
        """Soon, collect what the last change left behind and freeze what is alive.

        With a 10,000-message ticket open, each of Python's full collections walks every
        long-lived object: a 140-180 ms pause on about one keypress in twenty. Frozen objects are
        skipped, so this does one full collection (about 100 ms, a second after the ticket
        appeared, while the agent reads) instead of one every few keys, and frees the replaced
        ticket. Repeated calls within the delay do it once.
        """
        if self._heap_timer is not None:
            self._heap_timer.stop()
        self._heap_timer = self.set_timer(self.HEAP_SETTLE_DELAY, self._settle_heap_now, name="settle-heap")

    def _settle_heap_now(self) -> None:
        self._heap_timer = None
        gc.unfreeze()
        gc.collect()
        gc.freeze()

    # --- the command palette ------------------------------------------------------------

    def action_command_palette(self) -> None:
        """Open the palette, with the keys that apply on the screen it was opened from."""
        if not palette_open(self):
            # Read now: with the palette on top, the App disables the keys of the screen below it,
            # yet the palette runs its command on that screen, after it has closed.
            self._palette_keys = (self.screen, list(key_commands(self, self.screen)))
        super().action_command_palette()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's own commands, and one for every key of the App, the screen and the focused widget."""
        opened = self._palette_keys
        if opened is not None and opened[0] is screen and palette_open(self):
            keys = opened[1]
        else:
            keys = list(key_commands(self, screen))
        ours = {command.title for command in keys}
        for command in super().get_system_commands(screen):
            if command.title not in ours:  # e.g. Textual's "Quit" and "Theme": ours show the key
                yield command
        yield from keys

    # --- themes and NO_COLOR --------------------------------------------------------------

    def action_switch_theme(self) -> None:
        """Choose another theme; the choice is remembered."""
        self.search_themes()

    def _theme_chosen(self, name: str) -> None:
        """Remember the theme the agent chose, for the next run."""
        self.user_data.preferences.remember_theme(name)

    def get_css_variables(self) -> dict[str, str]:
        """Under an ansi theme, the muted colours are the terminal's own background.

        Textual makes ``$primary-muted`` ``ansi_blue 50%``, which a terminal cannot blend: it comes
        out as ``ansi_blue``, the colour of ``$text-primary`` too, so a badge (``$text-primary on
        $primary-muted``) would show blue words on blue. Coloured words on the terminal's
        background keep both the colour and the words.
        """
        variables = super().get_css_variables()
        if self.current_theme.ansi:
            for name in MUTED_COLOURS:
                variables[f"{name}-muted"] = "ansi_default"
        return variables

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Under ``NO_COLOR``, no colour at all: the terminal's own foreground and background.

        Textual turns a colour theme to shades of grey instead (still colour codes, and a dark
        grey screen on a light terminal), and an ``ansi`` theme chosen after start to black on
        black; ``styles/no_color.tcss`` shows cursors and focus by text style instead of colour.
        """
        filters = super().get_line_filters()
        if not self.no_color:
            return filters
        return [*(f for f in filters if not isinstance(f, Monochrome)), NO_COLOUR]
