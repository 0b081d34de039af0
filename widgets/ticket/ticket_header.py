"""The ticket's title line and its badges, always visible above the panes."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual.content import Content
from textual.widgets import Static

from app.core.text.formatting import ago, category_label, one_line, parse_time
from app.core.text.safe_text import is_plain_ascii
from widgets.cells import ellipsize
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

        Neither line wraps: the title is cut (the full title is in the details pane) and the badge
        line gives up its less useful parts whole (``badge_line``).
        """
        ticket, now, note = self._ticket, self._now, self._note
        if ticket is None or now is None:
            return
        width = self.size.width or 78  # the content size: current in a Resize, where the region can be stale
        ticket_id = one_line(ticket.id, 60)
        if not is_plain_ascii(ticket.id):  # ｓupport_ticket_１２３ looks like the real one: say it is not
            ticket_id += " ⚠ not plain ASCII"
        room = max(10, width - cell_len(ticket_id) - 2)
        title = Content.assemble(
            Content.styled(ellipsize(one_line(ticket.title, 400) or "(untitled ticket)", room), "bold"),
            ("  " + ticket_id, "$foreground-muted"),
        ).truncate(width, ellipsis=True)
        updated = parse_time(ticket.updated_at)
        self.update(Content("\n").join([title, badge_line(ticket, note, width, ago(updated, now) if updated else "")]))


def badge_line(ticket: Ticket, note: str, width: int, age: str = "") -> Content:
    """Status, priority, category, the last update (``age``, e.g. "3d 4h ago") and the note, in ``width`` cells.

    Never wrapped (a phrase such as "3 years ago" is never broken): when the line is too long, less
    useful parts give way first, each whole: the separators tighten, the priority badge drops the
    word "priority", then the category goes (the details pane has it), then the last update; the
    note (how fresh the ticket is) is cut last, with ``…``.
    """
    note_style = "$text-warning" if "could not" in note else "$text-accent"
    category = category_label(ticket.category)
    for tight, short_priority, with_category, with_age in (
        (False, False, True, True),
        (True, False, True, True),
        (True, True, True, True),
        (True, True, False, True),
        (True, True, False, False),
    ):
        dot = " · " if tight else "  ·  "
        parts = [status_badge(ticket.status), Content(" "), priority_badge(ticket.priority, short=short_priority)]
        if with_category:
            parts.append(Content.styled(f"{' ' if tight else '  '}{category}", "$foreground-muted"))
        if with_age and age:
            parts.append(Content.styled(f"{dot}updated {age}", "$foreground-muted"))
        if note:
            parts.append(Content.styled(f"{dot}{note}", note_style))
        line = Content("").join(parts)
        if line.cell_length <= width:
            return line
    return line.truncate(width, ellipsis=True)
