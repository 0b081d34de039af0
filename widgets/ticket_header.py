"""The ticket's title line and its badges, always visible above the panes."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from humanize import naturaltime
from textual.content import Content
from textual.widgets import Static

from app.formatting import category_label, one_line, parse_time
from widgets.badges import priority_badge, status_badge

if TYPE_CHECKING:
    from app.models import Ticket


class TicketHeader(Static):
    """Title, ID, status, priority, category and last update of the shown ticket."""

    DEFAULT_CSS = """
    TicketHeader {
        height: auto;
        max-height: 3;
        padding: 0 1;
        background: $boost;
    }
    """

    _ticket: Ticket | None = None
    _now: datetime | None = None

    def show(self, ticket: Ticket, now: datetime, note: str = "") -> None:
        """Draw ``ticket``'s header; ``note`` says how fresh it is (a cached copy, refreshing, watching)."""
        self._ticket, self._now = ticket, now
        title = Content.assemble(
            (one_line(ticket.title, 200) or "(untitled ticket)", "bold"),
            ("  " + one_line(ticket.id, 200), "$foreground-muted"),
        )
        updated = parse_time(ticket.updated_at)
        parts = [
            status_badge(ticket.status),
            Content(" "),
            priority_badge(ticket.priority),
            Content.styled(f"  {category_label(ticket.category)}", "$foreground-muted"),
        ]
        if updated is not None:
            parts.append(Content.styled(f"  ·  updated {naturaltime(now - updated)}", "$foreground-muted"))
        if note:
            parts.append(Content.styled(f"  ·  {note}", "$text-warning" if "could not" in note else "$text-accent"))
        self.update(Content("\n").join([title, Content("").join(parts)]))

    def set_note(self, note: str) -> None:
        """Redraw with another freshness note."""
        if self._ticket is not None and self._now is not None:
            self.show(self._ticket, self._now, note)
