"""What stands where the ticket is: a notice (start, loading, an error) or the ticket itself.

The area owns the switch between the two and the reading position: it says where the agent is in
the ticket on screen (``place``) and puts them back there (``show_ticket(..., place=...)``).

The first frame shows a notice, so only the notice is mounted with the screen; the ticket view
(header, panes, conversation) is imported and mounted just after it, and whoever is about to show
a ticket first awaits ``view_ready``.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import TYPE_CHECKING

from textual.widgets import ContentSwitcher

from app.core.browsing.tabs import ViewState
from widgets.shell.notice_panel import NoticePanel

if TYPE_CHECKING:
    from app.core.api.models import Ticket
    from app.core.browsing.notices import Notice
    from widgets.attachments.attachments_pane import AttachmentsPane
    from widgets.conversation.thread_view import ThreadView
    from widgets.ticket.ticket_view import TicketView


class TicketArea(ContentSwitcher):
    """The notice panel or the ticket view, one at a time."""

    def __init__(self, *, id: str | None = None) -> None:
        # Given here rather than composed, so it is mounted with the screen (its on_mount shows a notice).
        super().__init__(NoticePanel(id="notice"), initial="notice", id=id)
        self._view: TicketView | None = None
        self._view_mounted = asyncio.Event()
        self._first_frame = asyncio.Event()

    def on_mount(self) -> None:
        self.call_after_refresh(self._mount_view)

    async def _mount_view(self) -> None:
        self._first_frame.set()
        from widgets.ticket.panes import COMPACT_BELOW
        from widgets.ticket.ticket_view import TicketView

        # Narrow from the start if the area is (laid out by now): no restyle of every pane at its first resize.
        # Textual drops DEFAULT_CLASSES when classes are given: keep them, or the view restyles at mount.
        classes = TicketView.DEFAULT_CLASSES + (" -compact" if self.size.width < COMPACT_BELOW else "")
        self._view = TicketView(id="ticket", classes=classes)
        await self.add_content(self._view)
        self._view_mounted.set()

    @property
    def view_mounted(self) -> bool:
        """Whether the ticket view is mounted yet (just after the first frame)."""
        return self._view_mounted.is_set()

    async def first_frame(self) -> None:
        """Wait until the first frame is drawn (the ticket view is mounted from then on)."""
        await self._first_frame.wait()

    async def view_ready(self) -> None:
        """Wait until the ticket view is mounted (just after the first frame)."""
        await self._view_mounted.wait()

    async def ticket_drawn(self) -> None:
        """Wait until the ticket shown is laid out at the view's width: its conversation is drawn at
        the next refresh (a view shown for the first time gets its width from the refresh after)."""
        await self.view.thread.laid_out()

    @property
    def notice(self) -> NoticePanel:
        return self.query_one(NoticePanel)

    @property
    def view(self) -> TicketView:
        """The ticket view (mounted just after the first frame: see ``view_ready``)."""
        if self._view is None or not self.view_mounted:
            raise RuntimeError("The ticket view is mounted just after the first frame: await view_ready() first.")
        return self._view

    @property
    def thread(self) -> ThreadView:
        """The conversation."""
        return self.view.thread

    @property
    def attachments(self) -> AttachmentsPane:
        return self.view.attachments

    @property
    def ticket_shown(self) -> bool:
        """Whether the ticket (not a notice) is what shows."""
        return self.current == "ticket"

    @property
    def has_focus_within(self) -> bool:
        """Whether the focus is in the ticket or the notice."""
        focused = self.screen.focused
        return focused is not None and (focused is self or self in focused.ancestors)

    def show_notice(self, notice: Notice) -> None:
        """Show ``notice`` where the ticket would be."""
        self.notice.show(notice.title, notice.body, notice.hint, kind=notice.kind, choices=notice.choices)
        self.current = "notice"

    def update_notice_body(self, body: str) -> None:
        """Change only the words under the notice's title (a retry countdown)."""
        self.notice.update_body(body)

    def show_ticket(
        self,
        ticket: Ticket,
        now: datetime,
        *,
        new_from: int | None = None,
        note: str = "",
        place: ViewState | None = None,
        focus: bool = True,
    ) -> None:
        """Show ``ticket`` at ``place`` (where the agent left it; the start if None) and focus its pane."""
        view = self.view
        view.show(ticket, now, new_from=new_from, note=note)
        place = place or ViewState()
        if place != ViewState():
            self.thread.restore_position(place.message_filter, place.message, place.below)
        self.current = "ticket"
        if focus:
            view.focus_pane(place.pane)

    def place(self) -> ViewState:
        """Where the agent is in the ticket on screen: which messages, which selected, which pane."""
        message_filter, message, below = self.thread.reading_position()
        return ViewState(message_filter, message, below, self.view.active_pane)

    def set_note(self, note: str) -> None:
        """Change what the header says about how fresh the ticket is."""
        self.view.set_note(note)

    def focus_ticket(self) -> None:
        """Show the ticket and focus the pane the agent was last in."""
        self.current = "ticket"
        self.view.focus_pane(self.view.active_pane)

    def focus_pane(self, pane: str) -> None:
        """Show the ticket and focus ``pane`` (details, conversation, attachments)."""
        self.current = "ticket"
        self.view.focus_pane(pane)
