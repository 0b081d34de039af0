"""A ticket as JSON (the API's own field names) or as readable Markdown, for scripts and pasting."""

from __future__ import annotations

import json
from datetime import datetime, tzinfo

from app.core.api.models import Ticket
from app.core.text.formatting import (
    category_label,
    format_size,
    format_time,
    priority_label,
    speaker_label,
    status_label,
    text_or_dash,
)
from app.core.text.markdown_text import fenced, inline
from app.core.text.safe_text import clean, clean_line


def _json_escape(char: str) -> str:
    """``char`` as a JSON ``\\uXXXX`` escape (a surrogate pair beyond the BMP)."""
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def to_json(ticket: Ticket) -> str:
    """The ticket as indented JSON with the API's field names (``_id``, ``assignedTo``, ...), safe to print."""
    return printable_json(ticket.model_dump(mode="json", by_alias=True))


def printable_json(data: object) -> str:
    """``data`` as indented JSON that is safe to print.

    Readable text stays as it is; characters that could steer a terminal the JSON is printed on
    (C1 controls, DEL, bidi overrides, invisible and separator characters) are escaped, so the
    output is safe to print and still decodes to exactly what the API sent.
    """
    text = json.dumps(data, indent=2, ensure_ascii=False)
    if text.replace("\n", "").isprintable():
        return text
    return "".join(char if char.isprintable() or char == "\n" else _json_escape(char) for char in text)


def _line(text: str | None) -> str:
    """One line of ticket text, as Markdown that shows exactly it."""
    return inline(clean_line(text or ""))


def _text(text: str | None, empty: str) -> str:
    """Lines of ticket text, as a block that shows exactly them (``empty`` when there are none)."""
    cleaned = clean(text or "")
    return fenced(cleaned) if cleaned.strip() else empty


def to_markdown(ticket: Ticket, now: datetime | None = None, *, zone: tzinfo | None = None) -> str:
    """The ticket as Markdown: metadata, description, conversation, attachments.

    Times are in ``zone``, else in ``now``'s zone, else in UTC; relative to ``now`` when given. The
    ticket's own text is escaped (``app.core.text.markdown_text``): it never renders as markup.
    """
    zone = zone or (now.tzinfo if now is not None else None)
    status = " ".join(status_label(ticket.status))
    priority = " ".join(priority_label(ticket.priority))
    lines = [
        f"# {_line(ticket.title) or '(untitled ticket)'}",
        "",
        f"- **ID:** {_line(ticket.id)}",
        f"- **Status:** {status}",
        f"- **Priority:** {priority}",
        f"- **Category:** {inline(category_label(ticket.category))}",
        f"- **Client:** {inline(text_or_dash(ticket.client))}",
        f"- **Assignee:** {_line(ticket.assigned_to) if ticket.assigned_to else 'Unassigned'}",
        f"- **Tags:** {', '.join(_line(tag) for tag in ticket.tags) or '—'}",
        f"- **Created:** {format_time(ticket.created_at, now=now, zone=zone)}",
        f"- **Updated:** {format_time(ticket.updated_at, now=now, zone=zone)}",
        f"- **Resolved:** {format_time(ticket.resolved_at, now=now, zone=zone) if ticket.resolved_at else 'Not resolved'}",
        "",
        "## Description",
        "",
        _text(ticket.description, "No description."),
    ]
    if ticket.resolution:
        lines += ["", "## Resolution", "", _text(ticket.resolution, "No words given.")]
    lines += ["", f"## Conversation ({len(ticket.threads)})"]
    for message in ticket.threads:
        who = speaker_label(message.type)
        when = format_time(message.timestamp, relative=False, zone=zone)
        lines += [
            "",
            f"**{who} · {inline(text_or_dash(message.author))}** · {when}",
            "",
            _text(message.message, "(no text)"),
        ]
    lines += ["", f"## Attachments ({len(ticket.attachments)})", ""]
    for item in ticket.attachments:
        name = _line(item.filename) or "(no name)"
        lines.append(f"- {name} ({format_size(item.size)}, {_line(item.type) or 'unknown type'})")
    if not ticket.attachments:
        lines.append("None.")
    return "\n".join(lines) + "\n"
