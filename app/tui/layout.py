"""Where the queue and the ticket stand on the main screen, and moving the focus between them.

The main area is in one of three modes, set as a class on ``#main``:

* ``queue``: the queue alone, full width (at start, and after closing a ticket with ``escape``);
* ``split``: the queue beside the ticket on wide terminals; under 100 columns one of the two,
  the one the agent is in (``-show-queue`` says which);
* ``content``: the ticket (or a notice) alone, as before the queue existed.

The queue pane is mounted just after the first frame (``attach_queue``), so that start-up draws
the ID bar without waiting for the queue's widgets to be imported and laid out. This controller
knows nothing of tickets: what it needs of them comes in as arguments.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from widgets.focus import focus_now
from widgets.ticket.panes import PANES

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.widget import Widget

    from widgets.queue.queue_pane import QueuePane
    from widgets.shell.id_bar import IdBar
    from widgets.shell.ticket_area import TicketArea

Mode = Literal["queue", "split", "content"]
MODES: tuple[Mode, ...] = ("queue", "split", "content")


def within(widget: Widget | None, container: Widget) -> bool:
    """Whether ``widget`` is ``container`` or inside it."""
    return widget is not None and (widget is container or container in widget.ancestors)


class Layout:
    """The main area's mode and the focus between the ID bar, the queue and the ticket."""

    def __init__(self, screen: Screen[object], main: Widget, area: TicketArea, id_bar: IdBar, mode: Mode) -> None:
        self._screen = screen
        self._main = main
        self._area = area
        self._id_bar = id_bar
        self._mode: Mode = mode
        self._queue: QueuePane | None = None
        self._walkable = False

    # --- what stands where ------------------------------------------------------------------

    @property
    def mode(self) -> Mode:
        """``queue``, ``split`` or ``content`` (see the module's docstring)."""
        return self._mode

    @property
    def queue(self) -> QueuePane | None:
        """The queue pane, once mounted (just after the first frame)."""
        return self._queue

    def attach_queue(self, pane: QueuePane) -> None:
        """The queue pane is mounted: start it if it shows."""
        self._queue = pane
        if self._mode != "content":
            pane.start()

    @property
    def queue_shown(self) -> bool:
        return self._mode != "content"

    @property
    def showing_queue_side(self) -> bool:
        """Split, with the queue the side shown on a narrow terminal (the agent was in it)."""
        return self._mode == "split" and self._main.has_class("-show-queue")

    def queue_has_focus(self) -> bool:
        """Whether the focus is in the queue."""
        return self._queue is not None and within(self._screen.focused, self._queue)

    def content_has_focus(self) -> bool:
        """Whether the focus is in the ticket (or the notice standing where it would be)."""
        return within(self._screen.focused, self._area)

    def set_mode(self, mode: Mode) -> None:
        """Lay the main area out as ``mode``; the queue starts loading the first time it shows."""
        for name in MODES:
            self._main.set_class(name == mode, f"-{name}")
        self._mode = mode
        if mode != "content" and self._queue is not None:
            self._queue.start()
        if (mode == "queue" and self.content_has_focus()) or (mode == "content" and self.queue_has_focus()):
            self.focus_main()
        self._screen.refresh_bindings()

    def focus_main(self) -> None:
        """Focus what the main area shows: the queue, else the ticket's pane, else the ID bar."""
        if self._mode == "queue" and self._queue is not None:
            focus_now(self._queue.table)
        elif self._area.ticket_shown:
            self._area.focus_ticket()
        elif self._mode == "split" and self._queue is not None:
            focus_now(self._queue.table)
        else:
            self._id_bar.focus_and_select()

    def focus_queue(self, *, beside_ticket: bool) -> None:
        """Show the queue (beside the ticket when ``beside_ticket``) and focus it."""
        if self._queue is None:
            return  # a key pressed before the first frame was even drawn
        if self._mode == "content":
            self.set_mode("split" if beside_ticket else "queue")
        self._main.add_class("-show-queue")
        focus_now(self._queue.table)

    def show_content(self) -> None:
        """Make sure the ticket area shows (beside the queue if it is shown)."""
        if self._mode == "queue":
            self.set_mode("split")
        self._main.remove_class("-show-queue")

    def hide_queue(self) -> None:
        """The ticket alone, focused."""
        self.set_mode("content")
        self._main.remove_class("-show-queue")
        self.focus_main()

    def focus_moved(self, widget: Widget | None) -> None:
        """Under 100 columns the split shows the side the focus is in. Focus lost to a widget that
        was hidden (the notice's list of tickets) goes to the ID bar, never nowhere."""
        if widget is None:
            self._screen.call_after_refresh(self._focus_if_lost)
        elif self.queue_has_focus():
            self._main.add_class("-show-queue")
        elif within(widget, self._area):
            self._main.remove_class("-show-queue")

    def _focus_if_lost(self) -> None:
        if self._screen.focused is None and self._screen.is_current:
            self._id_bar.focus_and_select()

    # --- the queue and the ticket open --------------------------------------------------------

    def ticket_opened(self, ticket_id: str) -> None:
        """The agent went to ``ticket_id``: the ticket full width after a direct jump from the queue
        alone (ctrl+o brings the queue back), and the queue's cursor on it."""
        if self._mode == "queue":
            self.set_mode("content")
        if self._queue is not None and self._queue.started:
            self._queue.select_id(ticket_id)
        self.update_walkable(ticket_id)

    def can_walk(self, ticket_id: str | None) -> bool:
        """Whether J/K apply: the ticket open is the queue's selected row."""
        selected = self._queue.selected if self._queue is not None else None
        return selected is not None and selected.id == ticket_id

    def update_walkable(self, ticket_id: str | None) -> None:
        """Refresh the footer when J/K start or stop applying."""
        walkable = self.can_walk(ticket_id)
        if walkable != self._walkable:
            self._walkable = walkable
            self._screen.refresh_bindings()

    def cycle_focus(self, step: int, *, ticket_shown: bool) -> None:
        """Tab order: the ID bar, the queue (when shown), then each pane of the ticket, round again."""
        queue_shown = self.queue_shown
        if not ticket_shown and not queue_shown:
            if step > 0:
                self._screen.focus_next()
            else:
                self._screen.focus_previous()
            return
        stops = ["id", *(["queue"] if queue_shown else []), *(PANES if ticket_shown and self._mode != "queue" else [])]
        if self._id_bar.input.has_focus:
            current = "id"
        elif self.queue_has_focus():
            current = "queue"
        else:
            current = self._area.view.active_pane if ticket_shown else "id"
        current = current if current in stops else "id"
        target = stops[(stops.index(current) + step) % len(stops)]
        if target == "id":
            self._id_bar.focus_and_select()
        elif target == "queue":
            self.focus_queue(beside_ticket=True)
        else:
            self._area.focus_pane(target)
