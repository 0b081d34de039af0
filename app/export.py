"""A ticket as JSON (the API's own field names) or as readable Markdown, for scripts and pasting."""

from __future__ import annotations

import json
from datetime import datetime

from app.formatting import (
    category_label,
    format_size,
    format_time,
    priority_label,
    speaker_label,
    status_label,
    text_or_dash,
)
from app.models import Ticket
from app.safe_text import clean, clean_line


def to_json(ticket: Ticket) -> str:
    """The ticket as indented JSON with the API's field names (``_id``, ``assignedTo``, ...)."""
    return json.dumps(ticket.model_dump(mode="json", by_alias=True), indent=2, ensure_ascii=False)


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in clean(text).split("\n"))


def to_markdown(ticket: Ticket, now: datetime | None = None) -> str:
    """The ticket as Markdown: metadata, description, conversation, attachments."""
    status = " ".join(status_label(ticket.status))
    priority = " ".join(priority_label(ticket.priority))
    lines = [
        f"# {clean_line(ticket.title) or '(untitled ticket)'}",
        "",
        f"- **ID:** {clean_line(ticket.id)}",
        f"- **Status:** {status}",
        f"- **Priority:** {priority}",
        f"- **Category:** {category_label(ticket.category)}",
        f"- **Client:** {text_or_dash(ticket.client)}",
        f"- **Assignee:** {clean_line(ticket.assigned_to) if ticket.assigned_to else 'Unassigned'}",
        f"- **Tags:** {', '.join(clean_line(tag) for tag in ticket.tags) or '—'}",
        f"- **Created:** {format_time(ticket.created_at, now=now)}",
        f"- **Updated:** {format_time(ticket.updated_at, now=now)}",
        f"- **Resolved:** {format_time(ticket.resolved_at, now=now) if ticket.resolved_at else 'Not resolved'}",
        "",
        "## Description",
        "",
        clean(ticket.description) or "No description.",
    ]
    if ticket.resolution:
        lines += ["", "## Resolution", "", clean(ticket.resolution)]
    lines += ["", f"## Conversation ({len(ticket.threads)})"]
    for message in ticket.threads:
        who = speaker_label(message.type)
        when = format_time(message.timestamp, relative=False)
        lines += ["", f"**{who} · {text_or_dash(message.author)}** · {when}", "", _quote(message.message or "")]
    lines += ["", f"## Attachments ({len(ticket.attachments)})", ""]
    for item in ticket.attachments:
        name = clean_line(item.filename) or "(no name)"
        lines.append(f"- {name} ({format_size(item.size)}, {clean_line(item.type) or 'unknown type'})")
    if not ticket.attachments:
        lines.append("None.")
    return "\n".join(lines) + "\n"
