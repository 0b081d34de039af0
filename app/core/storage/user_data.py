"""What ticketview remembers between runs: recently viewed tickets, the ticket cache, the theme, a draft.

Files live in the user's data folder (``recent/``, ``preferences.json``, ``drafts/``) and cache folder
(``tickets/``), found with platformdirs; they hold ticket data, IDs, times and the theme name, never
the token. Every write is atomic and private (``app.core.storage.private_files``); every read treats the file
as untrusted: a missing, corrupt, foreign or oversized file reads as empty and never raises, and
neither does a write to a full or read-only disk. Nothing here imports Textual, and nothing touches
the disk until a ``UserData.for_user`` is made (``UserData.in_memory`` never does).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.storage.drafts import Drafts
from app.core.storage.private_files import read_capped, remove_stale_temporaries, write_atomic
from app.core.storage.ticket_cache import CachedTicket, TicketCache, as_utc

if TYPE_CHECKING:
    from app.core.api.models import Ticket

__all__ = ["CachedTicket", "Drafts", "Preferences", "RecentTicket", "RecentTickets", "TicketCache", "UserData"]

LIMIT = 50
"""How many recently viewed tickets are remembered."""
MAX_THEME_NAME = 200


def _read_json(path: Path | None) -> Any:
    """The JSON in ``path``, or ``None`` if there is none, or it cannot be read or parsed."""
    if path is None:
        return None
    try:
        return json.loads(read_capped(path))
    except (OSError, ValueError, RecursionError):
        return None


def _write_json(path: Path, value: object) -> bool:
    """Write ``value`` to ``path`` atomically and durably; ``False`` (never an error) on disk trouble."""
    try:
        data = json.dumps(value, ensure_ascii=True, indent=1).encode("ascii") + b"\n"
        write_atomic(path, data, durable=True)
    except (OSError, ValueError):
        return False
    return True


@dataclass(frozen=True)
class RecentTicket:
    """A ticket as it was when last looked at."""

    id: str
    title: str
    status: str | None
    priority: str | None
    message_count: int
    """Messages in the ticket when it was last looked at."""
    viewed_at: datetime
    """Aware, UTC."""

    def to_json(self) -> dict[str, object]:
        """The entry as it is stored."""
        return {
            "id": self.id,
            "title": self.title,
            "status": self.status,
            "priority": self.priority,
            "message_count": self.message_count,
            "viewed_at": self.viewed_at.isoformat(),
        }

    @classmethod
    def from_json(cls, raw: object) -> RecentTicket | None:
        """The entry stored as ``raw``, or ``None`` if it is not one."""
        if not isinstance(raw, Mapping):
            return None
        ticket_id, title, viewed = raw.get("id"), raw.get("title"), raw.get("viewed_at")
        status, priority, count = raw.get("status"), raw.get("priority"), raw.get("message_count")
        if not (isinstance(ticket_id, str) and isinstance(title, str) and isinstance(viewed, str)):
            return None
        if not all(value is None or isinstance(value, str) for value in (status, priority)):
            return None
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            return None
        if not ticket_id.strip():
            return None  # kept as written (it names the ticket to fetch); shown only through safe_id
        try:
            viewed_at = datetime.fromisoformat(viewed)
            if viewed_at.tzinfo is None:
                return None
            viewed_at = viewed_at.astimezone(UTC)
        except (ValueError, OverflowError):
            return None
        return cls(ticket_id, title, status, priority, count, viewed_at)


class RecentTickets:
    """Recently viewed tickets, newest first, bounded (LIMIT = 50), persisted as JSON."""

    LIMIT = LIMIT

    def __init__(self, path: Path | None = None, limit: int = LIMIT) -> None:
        """``path`` None: remembered in memory only."""
        self._path = path
        self.path = path
        """Where the list is kept (``None``: in memory only)."""
        self._limit = max(1, limit)
        self._entries = self._read() or []

    def _read(self) -> list[RecentTicket] | None:
        """The entries in the file (deduplicated, bounded); ``None`` if it cannot be read."""
        raw = _read_json(self._path)
        if isinstance(raw, Mapping):
            raw = raw.get("tickets")
        if not isinstance(raw, list):
            return [] if self._path is not None and not os.path.lexists(self._path) else None
        entries: list[RecentTicket] = []
        seen: set[str] = set()
        for item in raw:
            entry = RecentTicket.from_json(item)
            if entry is not None and entry.id not in seen:
                seen.add(entry.id)
                entries.append(entry)
        entries.sort(key=lambda entry: entry.viewed_at, reverse=True)  # stable: the file's order on ties
        return entries[: self._limit]

    def _refresh(self) -> None:
        """Take in what another ticketview may have written since, before changing the list."""
        if self._path is not None and (fresh := self._read()) is not None:
            self._entries = fresh

    def _save(self) -> None:
        if self._path is not None:
            _write_json(self._path, {"version": 1, "tickets": [entry.to_json() for entry in self._entries]})

    @property
    def entries(self) -> list[RecentTicket]:
        """Newest first (a copy)."""
        return list(self._entries)

    def get(self, ticket_id: str) -> RecentTicket | None:
        """The entry of ``ticket_id``, if it was viewed."""
        return next((entry for entry in self._entries if entry.id == ticket_id), None)

    def record(self, ticket: Ticket, when: datetime, *, as_id: str | None = None) -> RecentTicket | None:
        """Move/add the ticket to the front and save; returns the entry it replaced (None if new).

        ``as_id``: the ID it was asked for, when the server spells it otherwise (it is found by that).
        """
        self._refresh()
        ticket_id = as_id or ticket.id
        previous = self.get(ticket_id)
        entry = RecentTicket(
            id=ticket_id,
            title=ticket.title or "",
            status=ticket.status,
            priority=ticket.priority,
            message_count=len(ticket.threads),
            viewed_at=as_utc(when),
        )
        others = [item for item in self._entries if item.id != ticket_id]
        self._entries = [entry, *others][: self._limit]
        self._save()
        return previous

    def forget(self, ticket_id: str) -> None:
        """Drop ``ticket_id`` from the list, if it is there, and save."""
        self._refresh()
        if self.get(ticket_id) is not None:
            self._entries = [entry for entry in self._entries if entry.id != ticket_id]
            self._save()


class Preferences:
    """Small choices remembered across runs (the theme)."""

    def __init__(self, path: Path | None = None) -> None:
        """``path`` None: remembered in memory only."""
        self._path = path
        self.path = path
        """Where the preferences are kept (``None``: in memory only)."""
        self._values: dict[str, Any] = self._read()

    def _read(self) -> dict[str, Any]:
        raw = _read_json(self._path)
        return dict(raw) if isinstance(raw, dict) else {}

    @property
    def theme(self) -> str | None:
        """The theme last chosen, if any (only a plausible name: text, not blank, not long)."""
        name = self._values.get("theme")
        if isinstance(name, str) and name.strip() and len(name) <= MAX_THEME_NAME:
            return name
        return None

    def remember_theme(self, name: str) -> None:
        """Remember ``name`` as the theme, keeping whatever else the file holds."""
        if self._path is not None:
            self._values = self._read()
        self._values["theme"] = name
        if self._path is not None:
            _write_json(self._path, self._values)


@dataclass
class UserData:
    """Everything ticketview remembers between runs."""

    recent: RecentTickets
    cache: TicketCache
    preferences: Preferences
    drafts: Drafts = field(default_factory=Drafts)
    """The new ticket kept when sending it failed (in memory unless made by ``for_user``)."""

    @classmethod
    def in_memory(cls) -> UserData:
        """Remembered for this run only: nothing touches the disk (the default for the App in tests)."""
        return cls(RecentTickets(), TicketCache(None, ""), Preferences())

    def sweep(self) -> int:
        """Remove temporary files that a killed ticketview left half-written; how many (the App does it just after the first frame)."""
        paths = (self.recent.path, self.preferences.path, self.drafts.path)
        folders = {path.parent for path in paths if path is not None}
        if self.cache.folder is not None:
            folders.add(self.cache.folder)
        return sum(remove_stale_temporaries(folder) for folder in folders)

    @classmethod
    def for_user(cls, scope: str, *, cache: bool = True) -> UserData:
        """The user's own files (platformdirs): recent tickets and the cache under ``scope`` (the API
        base URL, or ``demo``), the cache off if not ``cache``; preferences shared by all."""
        from platformdirs import user_cache_dir, user_data_dir

        from app.core.storage.ticket_cache import digest

        data = Path(user_data_dir("ticketview", appauthor=False))
        tickets = Path(user_cache_dir("ticketview", appauthor=False)) / "tickets"
        return cls(
            RecentTickets(data / "recent" / f"{digest(scope)[:32]}.json"),  # one list per API: IDs differ between them
            TicketCache(tickets if cache else None, scope),
            Preferences(data / "preferences.json"),
            Drafts(data / "drafts" / f"{digest(scope)[:32]}.json"),  # a draft is written for one API
        )
