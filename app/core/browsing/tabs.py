"""Open tickets as tabs, each with its own back and forward history, and the tickets kept in memory.

Pure bookkeeping, no Textual: ``app.tui.tickets`` shows what these say. A tab is what a browser
tab is: the ticket it shows, where it came from (``back``), where it went before stepping back
(``forward``) and, for each ticket it has shown, where the agent was reading (``ViewState``), so
going back lands on the same message.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime
from itertools import count
from typing import TYPE_CHECKING, Protocol

from app.core.text.formatting import ago

if TYPE_CHECKING:
    from app.core.api.models import Fetched, Ticket

HISTORY_LIMIT = 100
"""Tickets a tab remembers behind it (and ahead of it)."""
MEMORY_LIMIT = 24
"""Tickets kept in memory for instant back, forward and tab switches (besides those on a tab)."""


class Job(Protocol):
    """A fetch running for a tab (the TUI's worker): enough to cancel it and to ask whether it is done."""

    @property
    def is_running(self) -> bool: ...

    @property
    def is_finished(self) -> bool: ...

    def cancel(self) -> None: ...


@dataclass
class ViewState:
    """Where the agent was in a ticket: which messages shown, which selected, which pane."""

    message_filter: str = "all"
    message: int = 0
    """The selected message, as an index into the whole conversation."""
    below: int = 0
    """Rows the view's top sat below the selected message's start."""
    pane: str = "conversation"


@dataclass(eq=False)
class Tab:
    """One open tab: its history and what it is showing or fetching."""

    key: int
    back: list[str] = field(default_factory=list)
    forward: list[str] = field(default_factory=list)
    requested: str | None = None
    """The ticket this tab is on (shown, or being fetched)."""
    shown: str | None = None
    """The ID ``ticket`` was fetched as (``requested`` differs while another ticket loads)."""
    ticket: Ticket | None = None
    """The ticket last shown on this tab (maybe an older copy while a fresh one loads)."""
    fetched_at: datetime | None = None
    """When ``ticket`` left the server."""
    digest: str | None = None
    """The digest of the body ``ticket`` was read from, when known (see ``TicketClient.fetch_ticket``)."""
    stale: bool = False
    """``ticket`` came from the cache or memory and no fresh copy has arrived yet."""
    refresh_error: str | None = None
    """Why the last refresh of a shown ticket failed, if it did."""
    error: BaseException | None = None
    """Why ``requested`` could not be shown (nothing of it is in hand)."""
    baseline: int | None = None
    """How many messages the ticket had when the agent last looked at it (None: never looked)."""
    new_from: int | None = None
    """Messages from this index on arrived since the agent last looked at the ticket."""
    worker: Job | None = None
    """The fetch the agent asked for (escape cancels it)."""
    fetches: int = 0
    """Fetches started for this tab: a poll that began before the latest one carries older data."""
    poll: Job | None = None
    """A background refresh (watching), never cancelled by escape."""
    views: dict[str, ViewState] = field(default_factory=dict)
    came_from: tuple[list[str], str | None, list[str]] | None = None
    """The history as it was before the last visit or step (``back``, ``requested``, ``forward``), to undo it."""

    @property
    def title(self) -> str:
        """What the tab strip calls it: the ticket's title, else the ID, else "New tab"."""
        if self.ticket is not None and self.shown == self.requested:
            return self.ticket.title or self.requested or "(untitled ticket)"
        return self.requested or "New tab"

    def known(self, ticket_id: str) -> Fetched | None:
        """The copy of ``ticket_id`` in hand with its digest: a fetch of the same body returns it as is."""
        if self.shown != ticket_id or self.ticket is None or self.digest is None:
            return None
        from app.core.api.models import Fetched  # loaded by then: a digest comes only with a fetched ticket

        return Fetched(self.ticket, self.digest)

    def visit(self, ticket_id: str) -> None:
        """Go to ``ticket_id``: the current one goes behind, and what was ahead is dropped."""
        if ticket_id == self.requested:
            return
        self._keep_undo()
        if self.requested:
            self.back.append(self.requested)
            del self.back[:-HISTORY_LIMIT]
        self.forward.clear()
        self.requested = ticket_id

    def step(self, direction: int) -> str | None:
        """Go back (-1) or forward (+1) one ticket; the ticket to show, or None at the end."""
        behind, ahead = (self.back, self.forward) if direction < 0 else (self.forward, self.back)
        if not behind:
            return None
        self._keep_undo()
        if self.requested:
            ahead.append(self.requested)
            del ahead[:-HISTORY_LIMIT]
        self.requested = behind.pop()
        return self.requested

    def _keep_undo(self) -> None:
        self.came_from = (list(self.back), self.requested, list(self.forward))

    def undo(self) -> str | None:
        """Take back the last visit or step (its fetch was cancelled); the ticket the tab is on again."""
        if self.came_from is not None:
            self.back, self.requested, self.forward = self.came_from
            self.came_from = None
        return self.requested

    def cancel_visit(self) -> None:
        """Take back the visit or step whose fetch was cancelled: the tab is on what it shows again.

        Straight after the visit, the history is restored exactly (what was ahead or behind stays
        there). After a visit that failed in between, the tab goes back to the ticket it shows,
        without a second copy of it behind.
        """
        if self.shown is None or (self.came_from is not None and self.came_from[1] == self.shown):
            self.undo()
            return
        if self.back and self.back[-1] == self.shown:
            self.back.pop()
        self.requested = self.shown

    def waiting_fetch(self) -> Job | None:
        """The fetch that escape cancels: one the agent is waiting for (nothing of it on screen yet)."""
        if self.worker is not None and self.worker.is_running and self.shown != self.requested:
            return self.worker
        return None

    @property
    def showing_ticket(self) -> bool:
        """Whether the tab's ticket is the one asked for (fresh or an older copy)."""
        return self.ticket is not None and self.shown is not None and self.shown == self.requested

    def busy(self) -> bool:
        """Whether a fetch or a poll of this tab is still running."""
        return any(job is not None and not job.is_finished for job in (self.worker, self.poll))

    def mark_new(self, ticket: Ticket) -> int | None:
        """Where the NEW marks start in ``ticket``: after the messages there were at the agent's last look."""
        if self.baseline is None:
            self.baseline = len(ticket.threads)  # a first look: nothing is new, later arrivals will be
        return self.baseline if self.baseline < len(ticket.threads) else None

    def freshness(self, now: datetime, *, offline: bool, watching: str = "") -> str:
        """What the header says about the copy shown: its age while it may be out of date, else ``watching``."""
        if self.fetched_at is None or not (self.stale or self.refresh_error):
            return watching
        age = ago(min(self.fetched_at, now), now)
        if self.refresh_error:
            return f"copy from {age} · could not refresh: {self.refresh_error}"
        if offline:
            return f"offline · copy from {age}"
        return f"copy from {age} · refreshing…"

    def view_of(self, ticket_id: str) -> ViewState:
        """Where the agent was in ``ticket_id`` on this tab (the start, if never here)."""
        return self.views.get(ticket_id) or ViewState()

    def remember_view(self, ticket_id: str, view: ViewState) -> None:
        self.views[ticket_id] = view
        known = {ticket_id, *self.back, *self.forward}
        for stale in [key for key in self.views if key not in known]:
            del self.views[stale]


class TabSet:
    """The open tabs, one of them active; never empty."""

    def __init__(self) -> None:
        self._keys = count(1)
        self.tabs: list[Tab] = [Tab(next(self._keys))]
        self.index = 0

    @property
    def active(self) -> Tab:
        return self.tabs[self.index]

    def __len__(self) -> int:
        return len(self.tabs)

    def open(self) -> Tab:
        """A new empty tab after the active one, made active."""
        tab = Tab(next(self._keys))
        self.index += 1
        self.tabs.insert(self.index, tab)
        return tab

    def close(self, tab: Tab) -> Tab:
        """Close ``tab``; the tab now active (a new empty one when it was the last)."""
        position = self.tabs.index(tab)
        del self.tabs[position]
        if not self.tabs:
            self.tabs.append(Tab(next(self._keys)))
        if position < self.index or self.index >= len(self.tabs):
            self.index = max(0, self.index - 1)
        return self.active

    def select(self, index: int) -> Tab:
        """Make tab ``index`` (wrapping around) active."""
        self.index = index % len(self.tabs)
        return self.active


class TicketMemory:
    """Recently fetched tickets, newest last, so history and tabs show them without the network."""

    def __init__(self, limit: int = MEMORY_LIMIT) -> None:
        self._limit = limit
        self._tickets: OrderedDict[str, tuple[Ticket, datetime, str | None]] = OrderedDict()

    def get(self, ticket_id: str) -> tuple[Ticket, datetime, str | None] | None:
        """The ticket kept as ``ticket_id``, when it was fetched, and its body's digest (if known)."""
        found = self._tickets.get(ticket_id)
        if found is not None:
            self._tickets.move_to_end(ticket_id)
        return found

    def put(self, ticket_id: str, ticket: Ticket, fetched_at: datetime, digest: str | None = None) -> None:
        """Keep ``ticket``, fetched as ``ticket_id`` (the ID asked for, which the server may spell otherwise)."""
        self._tickets[ticket_id] = (ticket, fetched_at, digest)
        self._tickets.move_to_end(ticket_id)
        while len(self._tickets) > self._limit:
            self._tickets.popitem(last=False)
