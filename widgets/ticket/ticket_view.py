"""The whole ticket on one screen: header, details, conversation and attachments.

A wide ticket shows the panes side by side; a narrow one (under 100 columns: a narrow terminal, or
the ticket beside the queue) shows one pane at a time below a strip naming the three, switched
with tab or 1, 2, 3.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from widgets.attachments.attachments_pane import AttachmentList, AttachmentsPane
from widgets.conversation.conversation_find import ConversationFind
from widgets.conversation.thread_view import ThreadView
from widgets.focus import focus_now
from widgets.ticket.details_pane import DetailsPane
from widgets.ticket.ticket_header import TicketHeader

if TYPE_CHECKING:
    from app.core.api.models import Ticket

from widgets.ticket.panes import COMPACT_BELOW, PANE_TITLES, PANES


class TicketView(Vertical):
    """A loaded ticket, split into panes that can each take the focus."""

    DEFAULT_CLASSES = "-show-conversation"
    """The class ``active_pane`` starts with, given before mount: no restyle of every pane at mount."""

    active_pane: reactive[str] = reactive("conversation")
    """The pane shown on narrow terminals (and the one last focused)."""

    BINDINGS = [
        # Here rather than on the conversation, and priority: the find bar has the focus before the
        # next key is read, so "ctrl+f webhook" typed in one burst finds "webhook".
        Binding("ctrl+f", "find", "Find", priority=True, id="thread.find"),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "find":
            return self.is_mounted and self.screen.focused is self.thread
        return True

    def action_find(self) -> None:
        self.active_pane = "conversation"
        self.query_one(ConversationFind).open()

    def compose(self) -> ComposeResult:
        yield TicketHeader(id="ticket-header")
        yield Static(id="pane-strip")
        thread = ThreadView(id="conversation", classes="pane")
        with Horizontal(id="panes"):
            with Vertical(id="side"):
                yield DetailsPane(id="details", classes="pane")
                yield AttachmentsPane(id="attachments", classes="pane")
            yield thread
        yield ConversationFind(thread, id="thread-find")

    @property
    def thread(self) -> ThreadView:
        """The conversation."""
        return self.query_one(ThreadView)

    @property
    def attachments(self) -> AttachmentsPane:
        return self.query_one(AttachmentsPane)

    def on_mount(self) -> None:
        self._titles(threads=0, attachments=0)

    def on_resize(self) -> None:
        self.set_class(self.size.width < COMPACT_BELOW, "-compact")

    def _titles(self, *, threads: int, attachments: int) -> None:
        counts = {"details": "", "conversation": f" ({threads:,})", "attachments": f" ({attachments:,})"}
        for number, pane in enumerate(PANES, start=1):
            self.query_one(f"#{pane}").border_title = Content(f"{number} {PANE_TITLES[pane]}{counts[pane]}")
        self._counts = counts
        self._draw_strip()

    def _draw_strip(self) -> None:
        parts = []
        for number, pane in enumerate(PANES, start=1):
            text = f" {number} {PANE_TITLES[pane]}{getattr(self, '_counts', {}).get(pane, '')} "
            parts.append(Content.styled(text, "reverse bold" if pane == self.active_pane else "$foreground-muted"))
        self.query_one("#pane-strip", Static).update(Content(" ").join(parts))

    def watch_active_pane(self, pane: str) -> None:
        for name in PANES:
            self.set_class(name == pane, f"-show-{name}")
        if self.is_mounted:
            self._draw_strip()

    def show(self, ticket: Ticket, now: datetime, *, new_from: int | None = None, note: str = "") -> None:
        """Show ``ticket``, with times relative to ``now``.

        Messages from ``new_from`` on are marked new; ``note`` says how fresh the copy is.
        """
        self.query_one(TicketHeader).show(ticket, now, note)
        self.query_one(DetailsPane).show(ticket, now)
        self.query_one(ThreadView).set_messages(ticket.threads, new_from=new_from, zone=now.tzinfo)
        self.query_one(ConversationFind).hide()
        self.query_one(AttachmentsPane).show(ticket.attachments)
        self._titles(threads=len(ticket.threads), attachments=len(ticket.attachments))

    def set_note(self, note: str) -> None:
        """Change what the header says about how fresh the ticket is."""
        self.query_one(TicketHeader).set_note(note)

    def pane_target(self, pane: str) -> Widget:
        """The widget that takes the focus for ``pane``."""
        if pane == "attachments":
            return self.query_one(AttachmentList)
        return self.query_one(f"#{pane}")

    def focus_pane(self, pane: str) -> None:
        """Show (on narrow terminals) and focus ``pane``."""
        self.active_pane = pane
        focus_now(self.pane_target(pane))

    def on_descendant_focus(self, event) -> None:
        for pane in PANES:
            node = event.widget
            while node is not None and node is not self:
                if node.id == pane:
                    self.active_pane = pane
                    return
                node = node.parent
