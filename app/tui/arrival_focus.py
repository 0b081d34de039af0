"""Where the focus goes when a ticket arrives: to the ticket, unless the agent went elsewhere meanwhile.

Keys typed while a ticket loads must land where the keys before them sent the focus. If the agent
went back to the ID bar (``/``, ``ctrl+l``) or typed another ID there, or went to the queue
(``ctrl+o``), during the fetch now ending, the ticket arriving leaves the focus there; a refresh
never takes it from the ID bar or the queue. A visit counts for the fetch under way on that tab only.

Enter in the ID bar leaves it at once, for the ticket (or the notice while it loads), so the keys
typed behind Enter act on the ticket rather than going into the ID; if that fetch fails and the
agent has not moved meanwhile, the focus goes back to the ID bar, the ID selected, to type it again.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from widgets.focus import focus_now

if TYPE_CHECKING:
    from app.core.browsing.tabs import Tab
    from app.tui.layout import Layout
    from widgets.shell.id_bar import IdBar
    from widgets.shell.ticket_area import TicketArea


class ArrivalFocus:
    """Remembers where the agent went during which fetch, and says whether an arrival keeps the focus."""

    def __init__(self, id_bar: IdBar, layout: Layout, area: TicketArea) -> None:
        self._id_bar = id_bar
        self._layout = layout
        self._area = area
        self._id_bar_during: tuple[int, int] | None = None
        self._queue_during: tuple[int, int] | None = None
        self._entered_during: tuple[int, int] | None = None

    def entered(self, tab: Tab) -> None:
        """Enter in the ID bar opened ``tab.requested``: the focus leaves the bar for the ticket."""
        self._entered_during = (tab.key, tab.fetches)
        if self._area.ticket_shown:
            self._area.focus_ticket()
        else:
            focus_now(self._area.notice)

    def choose_pane(self, tab: Tab, pane: str) -> bool:
        """A pane key (1 2 3) while ``tab``'s ticket is on its way: it opens at that pane. False when
        no ticket is loading there (the key acts on the ticket on screen)."""
        if tab.requested is None or tab.waiting_fetch() is None:
            return False
        tab.remember_view(tab.requested, replace(tab.view_of(tab.requested), pane=pane))
        return True

    def failed(self, tab: Tab) -> None:
        """The fetch entered in the ID bar failed: back to the bar, unless the agent went elsewhere."""
        notice = self._area.notice
        if self._entered_during == (tab.key, tab.fetches) and notice.screen.focused is notice:
            self._id_bar.focus_and_select()

    def went_to_id_bar(self, tab: Tab) -> None:
        self._id_bar_during = (tab.key, tab.fetches)

    def went_to_queue(self, tab: Tab) -> None:
        self._queue_during = (tab.key, tab.fetches)

    def typing_another(self, tab: Tab, ticket_id: str) -> bool:
        """The agent is in the ID bar, having gone back to it during this fetch or typed another ID."""
        field = self._id_bar.input
        came_back = self._id_bar_during == (tab.key, tab.fetches)
        return field.has_focus and (came_back or field.value.strip() != ticket_id)

    def keeps_focus(self, tab: Tab, ticket_id: str, *, on_screen: bool) -> bool:
        """Whether a copy of ``ticket_id`` arriving on ``tab`` leaves the focus where it is."""
        in_queue = self._layout.queue_has_focus()
        went_to_queue = in_queue and self._queue_during == (tab.key, tab.fetches)
        refreshing_elsewhere = on_screen and (self._id_bar.input.has_focus or in_queue)
        return self.typing_another(tab, ticket_id) or went_to_queue or refreshing_elsewhere
