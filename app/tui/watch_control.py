"""The App's side of watching: refreshing the open tickets on a timer (``--watch``, ``w``).

A mixin of ``TicketViewApp`` beside ``app.tui.tab_control``, whose ``_fetched`` a poll's answer goes
through, so new messages get their NEW tag there. A poll never takes the focus, never shows a
loading notice and never touches history; it says when messages arrived (and rings the bell with
``--bell``), and a failed poll only changes the header's note.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from app.core.errors import TicketViewError
from app.core.text.safe_text import clean_line
from widgets.ticket_view import TicketView

if TYPE_CHECKING:
    from app.core.browsing.tabs import Tab

DEFAULT_WATCH = 60.0
"""Seconds between refreshes when watching is turned on with ``w`` and no ``--watch`` was given."""


class WatchControl:
    """Polls every open ticket while watching is on."""

    _watch_timer = None
    _watch_every: float | None = None

    def _watch_note(self) -> str:
        """What the header says while watching."""
        return f"watching every {self._watch_every:g} s" if self._watch_timer is not None else ""

    def start_watching(self) -> None:
        """Refresh every open ticket each ``watch`` seconds (``--watch``), until ``w`` turns it off."""
        every = self._watch_every or self.settings.watch or DEFAULT_WATCH
        self._watch_every = every
        self._watch_timer = self.set_interval(every, self._poll_all, name="watch")
        self._note_changed()

    def action_toggle_watch(self) -> None:
        if self._watch_timer is None:
            self.start_watching()
            self.notify(f"Watching the open tickets: refreshed every {self._watch_every:g} s.", timeout=3)
        else:
            self._watch_timer.stop()
            self._watch_timer = None
            self._note_changed()
            self.notify("Stopped watching.", timeout=2)

    def _note_changed(self) -> None:
        if self.tab.ticket is not None and self.tab.shown == self.tab.requested:
            self.query_one(TicketView).set_note(self._freshness(self.tab))

    def _poll_all(self) -> None:
        if self.settings.offline:
            return
        for tab in self.tabs.tabs:
            idle = tab.worker is None or tab.worker.is_finished
            if tab.shown is not None and tab.shown == tab.requested and idle and (tab.poll is None or tab.poll.is_finished):
                tab.poll = self.run_worker(
                    self._poll(tab, tab.shown), group=f"poll-{tab.key}", exclusive=True, exit_on_error=False
                )

    async def _poll(self, tab: Tab, ticket_id: str) -> None:
        """Refresh ``ticket_id`` quietly; say so when messages arrived."""
        try:
            ticket = await self.client.get_ticket(ticket_id)
        except asyncio.CancelledError:
            raise
        except Exception as error:
            if tab.shown == ticket_id and tab.requested == ticket_id:
                reason = error.title if isinstance(error, TicketViewError) else type(error).__name__
                tab.refresh_error = reason.lower()
                if tab is self.tab:
                    self.query_one(TicketView).set_note(self._freshness(tab))
            return
        if tab.shown != ticket_id or tab.requested != ticket_id or tab not in self.tabs.tabs:
            return  # the agent moved on meanwhile
        before = len(tab.ticket.threads) if tab.ticket is not None else 0
        self._fetched(tab, ticket_id, ticket, self._clock(), fresh=True)
        arrived = len(ticket.threads) - before
        if arrived > 0:
            title = clean_line(tab.title)
            self.notify(
                f"{arrived} new message{'s' if arrived > 1 else ''} in {title}",
                title="New message" if arrived == 1 else "New messages",
                markup=False,
                timeout=8,
            )
            if self.settings.bell:
                self.bell()
