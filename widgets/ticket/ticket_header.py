"""The ticket's title line and its badges, always visible above the panes."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual.content import Content
from textual.widgets import Static

from app.core.text.formatting import ago, category_label, one_line, parse_time
from app.core.text.safe_text import is_plain_ascii
from widgets.ticket.badges import priority_badge, status_badge

if TYPE_CHECKING:
    from app.core.api.models import Ticket


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
    _note = ""

    def show(self, ticket: Ticket, now: datetime, note: str = "") -> None:
        """Draw ``ticket``'s header; ``note`` says how fresh it is (a cached copy, refreshing, watching)."""
        self._ticket, self._now, self._note = ticket, now, note
        self._draw()

    def set_note(self, note: str) -> None:
        """Redraw with another freshness note."""
        self._note = note
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        """The title on one line, cut to leave room for the ID; below, the badges and the note.

        The title never wraps, so the badges and the note always have the second and third lines
        (the full title is in the details pane).
        """
        ticket, now, note = self._ticket, self._now, self._note
        if ticket is None or now is None:
            return
        width = self.content_region.width or 78
        ticket_id = one_line(ticket.id, 60)
        if not is_plain_ascii(ticket.id):  # ｓupport_ticket_１２３ looks like the real one: say it is not
            ticket_id += " ⚠ not plain ASCII"
        room = max(10, width - cell_len(ticket_id) - 2)
        title = Content.assemble(
            Content.styled(one_line(ticket.title, 400) or "(untitled ticket)", "bold").truncate(room, ellipsis=True),
            ("  " + ticket_id, "$foreground-muted"),
        ).truncate(width, ellipsis=True)
        updated = parse_time(ticket.updated_at)
        parts = [
            status_badge(ticket.status),
            Content(" "),
            priority_badge(ticket.priority),
            Content.styled(f"  {category_label(ticket.category)}", "$foreground-muted"),
        ]
        if updated is not None:
            parts.append(Content.styled(f"  ·  updated {ago(updated, now)}", "$foreground-muted"))
        if note:
            parts.append(Content.styled(f"  ·  {note}", "$text-warning" if "could not" in note else "$text-accent"))
        self.update(Content("\n").join([title, Content("").join(parts)]))
