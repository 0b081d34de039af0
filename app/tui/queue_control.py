"""The App's side of the queue: where it stands on screen, moving between it, the ID bar and the
ticket (escape, tab, ctrl+o), loading its pages, and walking it (J/K).

A mixin of ``TicketViewApp`` (which owns the client, the clock and the ticket fetches). The main
area is in one of three modes, set as a class on ``#main``:

* ``queue``: the queue alone, full width (at start, and after closing a ticket with ``escape``);
* ``split``: the queue beside the ticket on wide terminals; under 100 columns one of the two,
  the one the agent is in (``-show-queue`` says which);
* ``content``: the ticket (or a notice) alone, as before the queue existed.

The queue pane itself is mounted just after the first frame (``mount_queue``), so that start-up
draws the ID bar without waiting for the queue's widgets to be imported and laid out.
"""

from __future__ import annotations

import asyncio
from importlib import import_module
from typing import TYPE_CHECKING

from textual import work
from textual.widget import Widget
from textual.widgets import ContentSwitcher

from app.core.errors import TicketViewError
from widgets.id_bar import IdBar
from widgets.ticket_view import PANES, TicketView

if TYPE_CHECKING:
    from app.core.api.list_models import TicketPage
    from widgets.queue_pane import QueuePane, QueueRequest
    from widgets.queue_table import QueueTable

MODES = ("queue", "split", "content")


class QueueControl:
    """Queue behaviour for the App: modes, page loading, ``ctrl+o`` and walking with J/K."""

    _mode = "content"
    _walkable = False
    _queue_pane: QueuePane | None = None

    # --- where things stand ---------------------------------------------------------------

    async def mount_queue(self) -> None:
        """Mount the queue pane (after the first frame) and start it if it shows."""
        from widgets.queue_pane import QueuePane

        pane = QueuePane(self._queue_filters, id="queue-pane")
        await self.query_one("#queue-slot").mount(pane)
        self._queue_pane = pane
        if self._mode != "content":
            pane.start()
        if self._open_queue and not self._initial_id:
            pane.table.focus()
        elif self._requested:
            pane.select_id(self._requested)

    @property
    def queue_mounted(self) -> bool:
        """Whether the queue pane is mounted yet (just after the first frame)."""
        return self._queue_pane is not None

    @property
    def queue(self) -> QueuePane:
        """The queue pane (mounted just after the first frame)."""
        if self._queue_pane is None:
            raise RuntimeError("The queue is mounted after the first frame.")
        return self._queue_pane

    @property
    def mode(self) -> str:
        """``queue``, ``split`` or ``content`` (see the module's docstring)."""
        return self._mode

    def _within(self, widget: Widget | None, container: Widget) -> bool:
        return widget is not None and (widget is container or container in widget.ancestors)

    def queue_has_focus(self) -> bool:
        """Whether the focus is in the queue."""
        return self._queue_pane is not None and self._within(self.focused, self._queue_pane)

    def content_has_focus(self) -> bool:
        """Whether the focus is in the ticket (or the notice standing where it would be)."""
        return self._within(self.focused, self.query_one(ContentSwitcher))

    def set_mode(self, mode: str) -> None:
        """Lay the main area out as ``mode``; the queue starts loading the first time it shows."""
        main = self.query_one("#main")
        for name in MODES:
            main.set_class(name == mode, f"-{name}")
        self._mode = mode
        if mode != "content" and self._queue_pane is not None:
            self._queue_pane.start()
        if mode == "queue" and self.content_has_focus() or mode == "content" and self.queue_has_focus():
            self.focus_main()
        self.refresh_bindings()

    def focus_main(self) -> None:
        """Focus what the main area shows: the queue, else the ticket's pane, else the ID bar."""
        if self._mode == "queue" and self._queue_pane is not None:
            self._queue_pane.table.focus()
        elif self._ticket is not None and self.query_one(ContentSwitcher).current == "ticket":
            view = self.query_one(TicketView)
            view.focus_pane(view.active_pane)
        elif self._mode == "split" and self._queue_pane is not None:
            self._queue_pane.table.focus()
        else:
            self.action_focus_id_bar()

    def focus_queue(self) -> None:
        """Show the queue (beside the ticket, if one is open) and focus it."""
        if self._queue_pane is None:
            return  # a key pressed before the first frame was even drawn
        if self._mode == "content":
            self.set_mode("split" if self._requested else "queue")
        self.query_one("#main").add_class("-show-queue")
        self._queue_pane.table.focus()

    def _focus_moved(self, widget: Widget | None) -> None:
        """Under 100 columns the split shows the side the focus is in. Focus lost to a widget that
        was hidden (the notice's list of tickets) goes to the ID bar, never nowhere."""
        if widget is None:
            self.call_after_refresh(self._focus_if_lost)
        elif self.queue_has_focus():
            self.query_one("#main").add_class("-show-queue")
        elif self._within(widget, self.query_one(ContentSwitcher)):
            self.query_one("#main").remove_class("-show-queue")

    def _focus_if_lost(self) -> None:
        if self.screen.focused is None and len(self.screen_stack) == 1:
            self.query_one(IdBar).focus_and_select()

    def show_content(self) -> None:
        """Make sure the ticket area shows (beside the queue if it is shown)."""
        if self._mode == "queue":
            self.set_mode("split")
        self.query_one("#main").remove_class("-show-queue")

    # --- keys -----------------------------------------------------------------------------

    def action_toggle_queue(self) -> None:
        """``ctrl+o``: show and focus the queue; from the queue, hide it and go to the ticket."""
        if self.queue_has_focus() and self._mode != "content":
            self.set_mode("content")
            self.query_one("#main").remove_class("-show-queue")
            self.focus_main()
        else:
            self.focus_queue()

    def can_walk(self) -> bool:
        """Whether J/K apply: the ticket open is the queue's selected row."""
        selected = self._queue_pane.selected if self._queue_pane is not None else None
        return selected is not None and selected.id == self._requested

    def action_walk(self, step: int) -> None:
        """Open the next (``step`` 1) or previous (-1) ticket of the queue."""
        item = self.queue.walk(step)
        if item is None:
            if step > 0 and self.queue.has_more:
                self.notify("Loading more of the queue…", markup=False)
            else:
                edge = "last" if step > 0 else "first"
                self.notify(f"This is the {edge} ticket in the queue.", markup=False)
            return
        self.fetch(item.id)

    def _update_walkable(self) -> None:
        walkable = self.can_walk()
        if walkable != self._walkable:
            self._walkable = walkable
            self.refresh_bindings()

    def on_queue_table_cursor_moved(self, event: QueueTable.CursorMoved) -> None:
        self._update_walkable()

    def action_back(self) -> None:
        """Escape: cancel a fetch; else step back: ID bar to where you were, ticket to the queue,
        queue beside a ticket to the queue alone."""
        worker = self._fetch_worker
        if worker is not None and worker.is_running:
            self._cancel_fetch()
        elif self.query_one(IdBar).input.has_focus:
            if self._ticket is not None:
                self.query_one(IdBar).set_value(self._ticket.id)
            if self.mode == "queue" or self.mode == "split" and self.query_one("#main").has_class("-show-queue"):
                self.focus_queue()
            elif self._ticket is not None and self.query_one(ContentSwitcher).current == "ticket":
                self.query_one(TicketView).focus_pane(self.query_one(TicketView).active_pane)
        elif self.content_has_focus() and (self.mode == "split" or self._queue_pane and self._queue_pane.started):
            self.focus_queue()
        elif self.queue_has_focus() and self.mode == "split":
            self.set_mode("queue")

    def _cancel_fetch(self) -> None:
        self._fetch_worker.cancel()
        self._stop_retry_countdown()
        self.query_one(TicketView).loading = False
        if self._ticket is not None:
            self._requested = self._ticket.id
            self.query_one(IdBar).set_value(self._ticket.id)
            self._switch("ticket")
            self.query_one(TicketView).focus_pane(self.query_one(TicketView).active_pane)
        elif self.mode == "split":
            self._requested = None
            self.set_mode("queue")
            self.focus_queue()
        else:
            self._show_start()
            self.query_one(IdBar).focus_and_select()
        self.notify("Cancelled.", markup=False)

    def action_cycle_pane(self, step: int) -> None:
        """Tab order: the ID bar, the queue (when shown), then each pane of the ticket, round again."""
        ticket_shown = self._ticket is not None and self.query_one(ContentSwitcher).current == "ticket"
        queue_shown = self.mode != "content"
        if not ticket_shown and not queue_shown:
            if step > 0:
                self.screen.focus_next()
            else:
                self.screen.focus_previous()
            return
        stops = ["id", *(["queue"] if queue_shown else []), *(PANES if ticket_shown and self.mode != "queue" else [])]
        view = self.query_one(TicketView)
        if self.query_one(IdBar).input.has_focus:
            current = "id"
        elif self.queue_has_focus():
            current = "queue"
        else:
            current = view.active_pane if ticket_shown else "id"
        current = current if current in stops else "id"
        target = stops[(stops.index(current) + step) % len(stops)]
        if target == "id":
            self.query_one(IdBar).focus_and_select()
        elif target == "queue":
            self.focus_queue()
        else:
            view.focus_pane(target)

    # --- loading and opening ----------------------------------------------------------------

    def on_queue_pane_load_requested(self, event: QueuePane.LoadRequested) -> None:
        self._load_queue(event.request)

    @work(exclusive=True, group="queue", exit_on_error=False)
    async def _load_queue(self, request: QueueRequest) -> None:
        pages: list[TicketPage] = []
        await asyncio.to_thread(import_module, "app.core.api.client")  # httpx and pydantic load off the UI thread
        try:
            for number in range(request.first, request.last + 1):
                page = await self.client.list_tickets(
                    request.filters, page=number, limit=request.limit, count_by_status=number == 1
                )
                pages.append(page)
                if not page.has_more:
                    break
        except TicketViewError as error:
            self.queue.failed(request, error)
        else:
            self.queue.loaded(request, pages, self._clock())
            self.settle_heap()  # a thousand rows: keep them out of full collections too
        self._update_walkable()

    def queue_crashed(self, error: BaseException) -> None:
        """A queue worker failed with an unexpected error: say so in the queue."""
        request = self.queue.pending
        if request is not None:
            self.queue.failed(
                request,
                TicketViewError(f"Loading the queue failed unexpectedly ({type(error).__name__}). Press r to try again."),
            )

    def on_queue_pane_opened(self, event: QueuePane.Opened) -> None:
        self.show_content()
        if event.new_tab:
            self.open_in_new_tab(event.item.id)
        else:
            self.fetch(event.item.id)
