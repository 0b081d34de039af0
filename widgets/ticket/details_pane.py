"""The ticket's metadata, description and resolution, as a scrollable list of fields."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from app.core.text.formatting import category_label, format_time, one_line, text_or_dash
from widgets.attachments.plain_text import PlainText
from widgets.ticket.badges import priority_badge, status_badge

if TYPE_CHECKING:
    from app.core.api.models import Ticket

MAX_TAGS = 50
READING_WIDTH = 100
"""Cells a description or resolution line runs to at most, as readers keep lines short."""
FIELDS = (
    "Title",
    "ID",
    "Status",
    "Priority",
    "Category",
    "Client",
    "Assignee",
    "Tags",
    "Created",
    "Updated",
    "Resolved",
)
BADGES = ("Status", "Priority")
"""Fields shown as badges: their padding space sits in the gap, so their words line up with the other values."""


def _value_id(label: str) -> str:
    return f"details-{label.lower()}"


def _tags(tags: list[str]) -> str:
    if not tags:
        return "—"
    shown = ", ".join(one_line(tag, 100) for tag in tags[:MAX_TAGS])
    more = len(tags) - MAX_TAGS
    return shown + (f" … and {more:,} more" if more > 0 else "")


class DetailsPane(VerticalScroll, can_focus=True):
    """Every field of a ticket, scrollable by keyboard."""

    DEFAULT_CSS = f"""
    DetailsPane {{
        & > #details-fields {{
            layout: grid;
            grid-size: 2;
            grid-columns: 9 1fr;
            grid-rows: auto;
            height: auto;
            padding: 0 1;
        }}
        & .details-label {{ color: $foreground-muted; }}
        & .details-value {{ padding-left: 1; }}
        & .details-value.-badge {{ padding-left: 0; }}
        & > .details-heading {{ padding: 1 1 0 1; color: $text-muted; text-style: bold; }}
        & > .details-text {{ padding: 0 1; max-width: {READING_WIDTH + 2}; }}
    }}
    """

    def compose(self):
        # Labels and values in two columns, so a long value wraps under itself, not under the labels.
        with Grid(id="details-fields"):
            for label in FIELDS:
                yield Static(Content(label), classes="details-label")
                yield Static(
                    classes="details-value -badge" if label in BADGES else "details-value", id=_value_id(label)
                )
        yield Static("Description", classes="details-heading")
        yield PlainText(id="details-description", classes="details-text", empty="No description.")
        yield Static("Resolution", classes="details-heading", id="details-resolution-heading")
        yield PlainText(id="details-resolution", classes="details-text")

    @property
    def fields_text(self) -> str:
        """The fields as plain text, one ``label value`` a line (for tests)."""
        values = (str(self.query_one(f"#{_value_id(label)}", Static).render()) for label in FIELDS)
        return "\n".join(f"{label} {value}" for label, value in zip(FIELDS, values, strict=True))

    def show(self, ticket: Ticket, now: datetime) -> None:
        """Fill the fields from ``ticket``; times absolute plus relative to ``now``."""
        values: dict[str, Content | str] = {
            "Title": Content.styled(one_line(ticket.title) or "—", "bold"),
            "ID": one_line(ticket.id),
            "Status": status_badge(ticket.status),
            "Priority": priority_badge(ticket.priority),
            "Category": category_label(ticket.category),
            "Client": text_or_dash(ticket.client),
            "Assignee": one_line(ticket.assigned_to) if ticket.assigned_to else "Unassigned",
            "Tags": _tags(ticket.tags),
            "Created": format_time(ticket.created_at, now=now),
            "Updated": format_time(ticket.updated_at, now=now),
            "Resolved": format_time(ticket.resolved_at, now=now) if ticket.resolved_at else "Not resolved",
        }
        for label, value in values.items():
            self.query_one(f"#{_value_id(label)}", Static).update(
                value if isinstance(value, Content) else Content(value)
            )
        self.query_one("#details-description", PlainText).update(ticket.description)
        has_resolution = bool(ticket.resolution)
        self.query_one("#details-resolution-heading").display = has_resolution
        resolution = self.query_one("#details-resolution", PlainText)
        resolution.display = has_resolution
        resolution.update(ticket.resolution)
        self.scroll_home(animate=False)
