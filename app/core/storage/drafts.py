"""The draft of a new ticket that could not be sent, kept so nothing the agent wrote is lost.

One draft per API (``UserData`` is per base URL): ``drafts/<digest>.json`` in the user's data
folder, written atomically and readable by the user alone (0600). The file is read as hostile:
past ``MAX_DRAFT_BYTES``, not JSON, not an object, or a field of the wrong type reads as no draft
at all, never as an error. ``Drafts()`` without a path keeps the draft in memory for this run.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Final

from app.core.storage.private_files import read_capped, remove, write_atomic

if TYPE_CHECKING:
    from app.core.api.new_ticket import NewTicket

MAX_DRAFT_BYTES: Final = 1024 * 1024
"""A draft is at most this big on disk: a description at its longest fits with room to spare."""
VERSION: Final = 1
_TEXT_FIELDS: Final = ("title", "description", "priority", "category")


def _encode(new: NewTicket) -> bytes:
    record = {
        "version": VERSION,
        "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "title": new.title,
        "description": new.description,
        "priority": new.priority,
        "category": new.category,
        "tags": list(new.tags),
    }
    return json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8", "replace") + b"\n"


def decode(data: bytes) -> NewTicket | None:
    """The draft held in ``data``, or ``None`` if it is not one (any doubt reads as no draft)."""
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(raw, Mapping):
        return None
    values: dict[str, str] = {}
    for name in _TEXT_FIELDS:
        value = raw.get(name, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            return None
        values[name] = value
    from app.core.api.new_ticket import NewTicket  # here: the app starts without it (a draft is read at a key press)

    tags = raw.get("tags", [])
    if tags is None:
        tags = []
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        return None
    try:
        new = NewTicket.of(tags=tags, **values)
    except (ValueError, UnicodeError):
        return None
    nothing = new.empty and not (new.priority or new.category or new.tags)
    return None if nothing else new


class Drafts:
    """The one kept draft of a new ticket for this API (on disk, or in memory when ``path`` is None)."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path
        self._held: NewTicket | None = None
        """The draft kept in memory (no ``path``)."""

    @property
    def path(self) -> Path | None:
        """Where the draft is kept (``None``: in memory only)."""
        return self._path

    def save(self, new: NewTicket) -> Path | None:
        """Keep ``new`` as the draft, replacing any other; where it went (``None``: in memory only,
        or the disk refused it, or it is too big to keep). Never raises."""
        if self._path is None:
            self._held = new
            return None
        data = _encode(new)
        if len(data) > MAX_DRAFT_BYTES:
            return None
        try:
            write_atomic(self._path, data, durable=True)
        except (OSError, ValueError):
            return None
        return self._path

    def load(self) -> NewTicket | None:
        """The kept draft, or ``None`` when there is none or its file is not a draft. Never raises."""
        if self._path is None:
            return self._held
        try:
            data = read_capped(self._path, MAX_DRAFT_BYTES)
        except OSError:
            return None
        return decode(data)

    def clear(self) -> None:
        """Forget the draft (once its ticket was created). Never raises."""
        self._held = None
        if self._path is not None:
            remove(self._path)
