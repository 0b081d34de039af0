"""Watching: refreshing the open tickets on a timer (``--watch``, ``w``).

A poll's answer goes through ``Tickets.fetched``, so new messages get their NEW tag there. A poll
never takes the focus, never shows a loading notice and never touches history; it says when
messages arrived (and rings the bell with ``--bell``), and a failed poll only changes the
header's note.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from app.core.errors import TicketViewError
from app.core.text.safe_text import clean_line

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.timer import Timer

    from app.core.browsing.tabs import Tab
    from app.tui.services import Services
    from app.tui.tickets import Tickets
    from widgets.shell.ticket_area import TicketArea

DEFAULT_WATCH = 60.0
"""Seconds between refreshes when watching is turned on with ``w`` and no ``--watch`` was given."""


class Watcher:
    """Polls every open ticket while watching is on."""

    def __init__(self, services: Services, screen: Screen[object], tickets: Tickets, area: TicketArea) -> None:
        self._services = services
        self._screen = screen
        self._tickets = tickets
        self._area = area
        self._timer: Timer | None = None
        self._every: float | None = None

    @property
    def watching(self) -> bool:
        return self._timer is not None

    def start(self) -> None:
        """Refresh every open ticket each ``watch`` seconds (``--watch``), until ``w`` turns it off."""
        every = self._every or self._services.settings.watch or DEFAULT_WATCH
        self._every = every
        self._timer = self._screen.set_interval(every, self.poll_all, name="watch")
        self._tickets.watching = f"watching every {every:g} s"
        self._tickets.note_changed()

    def toggle(self) -> None:
        """``w``: start or stop watching, and say so."""
        if self._timer is None:
            self.start()
            self._screen.notify(f"Watching the open tickets: refreshed every {self._every:g} s.", timeout=3)
        else:
            self._timer.stop()
            self._timer = None
            self._tickets.watching = ""
            self._tickets.note_changed()
            self._screen.notify("Stopped watching.", timeout=2)

    def poll_all(self) -> None:
        """Refresh each open tab's ticket that is not being fetched or polled already."""
        if self._services.settings.offline:
            return
        for tab in self._tickets.tabs.tabs:
            if tab.showing_ticket and tab.shown is not None and not tab.busy():
                tab.poll = self._screen.run_worker(
                    self._poll(tab, tab.shown), group=f"poll-{tab.key}", exclusive=True, exit_on_error=False
                )

    async def _poll(self, tab: Tab, ticket_id: str) -> None:
        """Refresh ``ticket_id`` quietly; say so when messages arrived."""
        tickets = self._tickets
        fetches = tab.fetches
        try:
            client = await self._services.api()
            fetched = await client.fetch_ticket(ticket_id, known=tab.known(ticket_id))  # unchanged: not parsed again
        except asyncio.CancelledError:
            raise
        except Exception as error:  # noqa: BLE001  # a failed poll, whatever its cause, only changes the note
            if tab.shown == ticket_id and tab.requested == ticket_id:
                reason = error.title if isinstance(error, TicketViewError) else type(error).__name__
                tab.refresh_error = reason.lower()
                if tab is tickets.tab:
                    self._area.set_note(tickets.note(tab))
            return
        if tab.shown != ticket_id or tab.requested != ticket_id or tab not in tickets.tabs.tabs:
            return  # the agent moved on meanwhile
        if tab.fetches != fetches:
            return  # a fetch (r, a tab switch) started since: its copy is at least as fresh
        before = len(tab.ticket.threads) if tab.ticket is not None else 0
        ticket = fetched.ticket
        tickets.fetched(tab, ticket_id, ticket, self._services.clock(), fresh=True, digest=fetched.digest)
        arrived = len(ticket.threads) - before
        if arrived > 0:
            self._screen.notify(
                f"{arrived} new message{'s' if arrived > 1 else ''} in {clean_line(tab.title)}",
                title="New message" if arrived == 1 else "New messages",
                markup=False,
                timeout=8,
            )
            if self._services.settings.bell:
                self._screen.app.bell()
