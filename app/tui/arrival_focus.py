"""Where the focus goes when a ticket arrives: to the ticket, unless the agent went elsewhere meanwhile.

Keys typed while a ticket loads must land where the keys before them sent the focus. If the agent
went back to the ID bar (``/``, ``ctrl+l``) or typed another ID there, or went to the queue
(``ctrl+o``), during the fetch now ending, the ticket arriving leaves the focus there; a refresh
never takes it from the ID bar or the queue. A visit counts for the fetch under way on that tab only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.core.browsing.tabs import Tab
    from app.tui.layout import Layout
    from widgets.shell.id_bar import IdBar


class ArrivalFocus:
    """Remembers where the agent went during which fetch, and says whether an arrival keeps the focus."""

    def __init__(self, id_bar: IdBar, layout: Layout) -> None:
        self._id_bar = id_bar
        self._layout = layout
        self._id_bar_during: tuple[int, int] | None = None
        self._queue_during: tuple[int, int] | None = None

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
