"""Where the demo server finds tickets, list items and files; all built on first use, then kept."""

from __future__ import annotations

import threading
from collections.abc import Callable

from app.demo.documents import documents_ticket
from app.demo.generated import generated_tickets
from app.demo.huge import huge_file, huge_meta, huge_ticket
from app.demo.records import DemoFile, DemoTicket, Json, encode_envelope, summary
from app.demo.samples import (
    HUGE_ID,
    attachments_ticket,
    example_ticket,
    hostile_ticket,
    long_ticket,
    resolved_ticket,
    unassigned_ticket,
)

_HAND_WRITTEN: tuple[Callable[[], DemoTicket], ...] = (
    example_ticket,
    resolved_ticket,
    long_ticket,
    attachments_ticket,
    unassigned_ticket,
    hostile_ticket,
)
_UNLISTED: tuple[Callable[[], DemoTicket], ...] = (documents_ticket,)
"""Served by ID and listed on the start screen, but kept out of the queue of everyday samples."""

_lock = threading.Lock()
_huge_lock = threading.Lock()
_tickets: dict[str, DemoTicket] = {}
_bodies: dict[str, bytes] = {}
_list_items: list[Json] = []


def _ensure_built() -> None:
    """Build every ticket but the huge one (a few milliseconds), once."""
    if _tickets:
        return
    with _lock:
        if _tickets:
            return
        built = [make() for make in _HAND_WRITTEN] + generated_tickets()
        items = [summary(ticket.data) for ticket in built] + [huge_meta()]
        _list_items.extend(items)
        built += [make() for make in _UNLISTED]
        _tickets.update((ticket.data["_id"], ticket) for ticket in built)


def ticket_body(ticket_id: str) -> bytes | None:
    """The encoded 200 body of a ticket (URLs on the placeholder origin), or ``None``."""
    body = _bodies.get(ticket_id)
    if body is not None:
        return body
    if ticket_id == HUGE_ID:
        with _huge_lock:  # concurrent first requests build it once
            if ticket_id not in _bodies:
                _bodies[ticket_id] = encode_envelope(huge_ticket())
            return _bodies[ticket_id]
    _ensure_built()
    ticket = _tickets.get(ticket_id)
    if ticket is None:
        return None
    body = _bodies[ticket_id] = encode_envelope(ticket.complete())
    return body


def list_items() -> list[Json]:
    """Every ticket as a list item (no threads, no attachments)."""
    _ensure_built()
    return _list_items


def find_file(ticket_id: str, filename: str) -> DemoFile | None:
    """The attachment ``filename`` of ``ticket_id``, or ``None``."""
    if ticket_id == HUGE_ID:
        return huge_file(filename)
    _ensure_built()
    ticket = _tickets.get(ticket_id)
    return ticket.files.get(filename) if ticket else None
