"""The ticket's metadata, description and resolution, as a scrollable list of fields."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from app.core.text.formatting import category_label, format_time, one_line, text_or_dash
from widgets.attachments.plain_text import PlainText
from widgets.ticket.badges import priority_badge, status_badge

if TYPE_CHECKING:
    from app.core.api.models import Ticket

MAX_TAGS = 50
LABEL_WIDTH = 10


def _field(label: str, value: Content | str) -> Content:
    value = value if isinstance(value, Content) else Content(value)
    return Content.assemble((f"{label:<{LABEL_WIDTH}}", "$foreground-muted"), value)


def _tags(tags: list[str]) -> str:
    if not tags:
        return "—"
    shown = ", ".join(one_line(tag, 100) for tag in tags[:MAX_TAGS])
    more = len(tags) - MAX_TAGS
    return shown + (f" … and {more:,} more" if more > 0 else "")


class DetailsPane(VerticalScroll, can_focus=True):
    """Every field of a ticket, scrollable by keyboard."""

    DEFAULT_CSS = """
    DetailsPane {
        & > #details-fields { padding: 0 1; }
        & > .details-heading { padding: 1 1 0 1; color: $text-muted; text-style: bold; }
        & > .details-text { padding: 0 1; }
    }
    """

    def compose(self):
        yield Static(id="details-fields")
        yield Static("Description", classes="details-heading")
        yield PlainText(id="details-description", classes="details-text", empty="No description.")
        yield Static("Resolution", classes="details-heading", id="details-resolution-heading")
        yield PlainText(id="details-resolution", classes="details-text")

    def show(self, ticket: Ticket, now: datetime) -> None:
        """Fill the fields from ``ticket``; times absolute plus relative to ``now``."""
        fields = [
            _field("Title", Content.styled(one_line(ticket.title) or "—", "bold")),
            _field("ID", one_line(ticket.id)),
            _field("Status", status_badge(ticket.status)),
            _field("Priority", priority_badge(ticket.priority)),
            _field("Category", category_label(ticket.category)),
            _field("Client", text_or_dash(ticket.client)),
            _field("Assignee", one_line(ticket.assigned_to) if ticket.assigned_to else "Unassigned"),
            _field("Tags", _tags(ticket.tags)),
            _field("Created", format_time(ticket.created_at, now=now)),
            _field("Updated", format_time(ticket.updated_at, now=now)),
            _field("Resolved", format_time(ticket.resolved_at, now=now) if ticket.resolved_at else "Not resolved"),
        ]
        self.query_one("#details-fields", Static).update(Content("\n").join(fields))
        self.query_one("#details-description", PlainText).update(ticket.description)
        has_resolution = bool(ticket.resolution)
        self.query_one("#details-resolution-heading").display = has_resolution
        resolution = self.query_one("#details-resolution", PlainText)
        resolution.display = has_resolution
        resolution.update(ticket.resolution)
        self.scroll_home(animate=False)
