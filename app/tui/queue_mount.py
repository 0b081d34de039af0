"""When the queue pane is mounted: right after the first frame, so the first frame never waits for
it; behind a ticket named at start, once that ticket is drawn (or ``QUEUE_WAIT`` on), so it never
holds the ticket up. ``ctrl+o`` before then mounts it at once and waits for it, so the keys typed
after ``ctrl+o`` in the same burst reach the queue."""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING

from widgets.focus import focus_now

if TYPE_CHECKING:
    from textual.worker import Worker

    from app.core.api.ticket_filters import TicketFilters
    from app.tui.main_screen import MainScreen


class QueueMount:
    """Mounts the main screen's queue pane once, at the right moment."""

    QUEUE_WAIT = 1.0
    """Seconds the queue, hidden behind a ticket named at start, waits for that ticket before mounting."""
    QUEUE_MOUNT_LIMIT = 5.0
    """Seconds ctrl+o waits for the queue pane being mounted (the keys after it wait with it)."""

    def __init__(self, screen: MainScreen, filters: TicketFilters | None, *, open_queue: bool, initial_id: str) -> None:
        self._screen = screen
        self._filters = filters
        self._open_queue = open_queue
        self._initial_id = initial_id
        self._mounting = False
        self._ready = asyncio.Event()
        """Set once the queue pane is mounted (ctrl+o before then waits for it)."""
        self._first_fetch: object | None = None
        """The fetch of the ticket named at start, while the queue waits for it."""

    def start(self, *, behind_ticket: bool) -> None:
        """Plan the mount: after the first frame, or (``behind_ticket``) after the ticket asked for."""
        screen = self._screen
        if behind_ticket:
            self._first_fetch = screen.tickets.tab.worker
            screen.set_timer(self.QUEUE_WAIT, self.soon, name="queue-mount")
        else:
            screen.call_after_refresh(self.soon)

    def soon(self) -> None:
        """Start mounting the queue pane, unless that has begun."""
        if not self._mounting:
            self._mounting = True
            self._screen.run_worker(self._mount(), group="queue-mount")

    async def _mount(self) -> None:
        from widgets.queue.queue_pane import QueuePane

        screen = self._screen
        services = screen.services
        pane = QueuePane(services.api, services.clock, self._filters, id="queue-pane")
        await screen.query_one("#queue-slot").mount(pane)
        screen.arrangement.attach_queue(pane)
        if self._open_queue and not self._initial_id:
            focus_now(pane.table)
        elif screen.tickets.requested:
            pane.select_id(screen.tickets.requested)
        self._ready.set()

    def worker_changed(self, worker: Worker[object]) -> None:
        """A worker changed state: the first fetch ending lets the queue follow the ticket."""
        if worker is self._first_fetch and worker.is_finished:
            self._first_fetch = None
            self._screen.run_worker(self._after_ticket(), group="queue-wait", exit_on_error=False)

    async def _after_ticket(self) -> None:
        # A ticket is drawn in full at the refresh after it is laid out, which waits for its view's
        # first width; a notice (the fetch failed) is drawn at the next refresh.
        area = self._screen.area
        if area.ticket_shown:  # (its conversation may be hidden, on a narrow screen: not for long)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(area.ticket_drawn(), self.QUEUE_WAIT)
        self._screen.call_after_refresh(self.soon)

    async def ready(self) -> bool:
        """Mount the queue now if it is not yet, and wait for it: whether it is there."""
        if self._screen.arrangement.queue is None:
            self.soon()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._ready.wait(), self.QUEUE_MOUNT_LIMIT)
        return self._screen.arrangement.queue is not None
