"""Tickets as last fetched, kept on disk: shown at once while a fresh copy loads, and by --offline.

One file per ticket in a folder of its own per API (``scope``, the base URL), named by the SHA-256
of the ticket ID, never by the ID itself: an ID is whatever a server or a user typed. A file is two
lines: a small header (``{"format": "ticketview-cache", "version": 1, "id": ..., "fetched_at": ...}``)
so listing the cache reads only headers, then the ticket as the API's JSON (its own field names),
validated back with the ``Ticket`` model in one pass. The file's modification time is its fetch
time, so eviction needs no reading. Nothing here raises on disk trouble: a cache that cannot be
written simply does not cache, and a file that cannot be read is a miss (and removed if corrupt).
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.storage.private_files import (
    MAX_FILE_BYTES,
    FileTooBig,
    is_link,
    open_regular,
    read_capped,
    remove,
    write_atomic,
)

FORMAT = "ticketview-cache"
VERSION = 1
SUFFIX = ".ticket"
if TYPE_CHECKING:
    from app.core.api.models import Ticket

MAX_ENTRIES = 200


def digest(text: str) -> str:
    """SHA-256 hex of ``text``: a safe file or folder name for any ID or URL (lone surrogates too)."""
    import hashlib  # here, not at start-up: only the cache and the recent list's file name need it

    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def as_utc(when: datetime) -> datetime:
    """``when`` in UTC; a naive time is taken as local time, as ``datetime.astimezone`` does."""
    return when.astimezone(UTC)


@dataclass(frozen=True)
class CachedTicket:
    """A ticket from the cache, and when it was fetched."""

    ticket: Ticket
    fetched_at: datetime
    """Aware, UTC."""
    digest: str | None = None
    """The digest of the API's body the ticket was read from (``None`` in older files)."""


class _Corrupt(ValueError):
    """The file is not one of ours, or not whole."""


def _header(line: bytes) -> tuple[str, datetime, str | None]:
    """The ID, fetch time and body digest a cache file's first line names."""
    try:
        header = json.loads(line)
    except (ValueError, RecursionError):
        raise _Corrupt("header is not JSON") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT or header.get("version") != VERSION:
        raise _Corrupt("not a ticketview cache file")
    ticket_id, fetched, digest = header.get("id"), header.get("fetched_at"), header.get("digest")
    if not (isinstance(digest, str) and len(digest) <= 64 and digest.isalnum()):
        digest = None
    if not isinstance(ticket_id, str) or not isinstance(fetched, str):
        raise _Corrupt("header without id or fetched_at")
    try:
        fetched_at = datetime.fromisoformat(fetched)
        if fetched_at.tzinfo is None:
            raise _Corrupt("fetched_at without a time zone")
        return ticket_id, fetched_at.astimezone(UTC), digest
    except (ValueError, OverflowError):
        raise _Corrupt("bad fetched_at") from None


class TicketCache:
    """Tickets as last fetched, for showing at once while a fresh copy loads and for --offline."""

    def __init__(self, folder: Path | None, scope: str, *, max_entries: int = MAX_ENTRIES) -> None:
        """``folder`` None: disabled. ``scope`` (the API base URL) picks a sub-folder, so servers never share."""
        self._folder = folder / digest(scope) if folder is not None else None
        self._max_entries = max(1, max_entries)

    @property
    def enabled(self) -> bool:
        """Whether tickets are cached at all."""
        return self._folder is not None

    @property
    def folder(self) -> Path | None:
        """This scope's folder (``None`` when disabled)."""
        return self._folder

    def _usable(self) -> bool:
        """Whether the cache is on and its folders are real ones (a symbolic link put there is not followed)."""
        folder = self._folder
        return folder is not None and not is_link(folder) and not is_link(folder.parent)

    def _path(self, ticket_id: str) -> Path:
        assert self._folder is not None
        return self._folder / (digest(ticket_id) + SUFFIX)

    def load(self, ticket_id: str) -> CachedTicket | None:
        """The cached copy of ``ticket_id``; ``None`` if missing, unreadable or corrupt (a corrupt file is removed)."""
        if not self._usable():
            return None
        from pydantic import ValidationError

        from app.core.api.models import Ticket

        path = self._path(ticket_id)
        try:
            data = read_capped(path)
        except FileTooBig:
            remove(path)
            return None
        except (OSError, ValueError):
            return None
        try:
            line, _, body = data.partition(b"\n")
            stored_id, fetched_at, body_digest = _header(line)
            if stored_id != ticket_id:
                raise _Corrupt("another ticket's file")
            ticket = Ticket.model_validate_json(body)
            if ticket.id != ticket_id:
                raise _Corrupt("the ticket inside has another ID")
        except (_Corrupt, ValidationError, RecursionError):
            remove(path)
            return None
        return CachedTicket(ticket, fetched_at, body_digest)

    def save(
        self, ticket: Ticket, fetched_at: datetime, *, as_id: str | None = None, digest: str | None = None
    ) -> None:
        """Keep ``ticket`` as fetched at ``fetched_at``; on disk trouble (full, read-only) it just isn't cached."""
        if not self._usable():
            return
        try:
            when = as_utc(fetched_at)
            header = json.dumps(
                {
                    "format": FORMAT,
                    "version": VERSION,
                    "id": as_id or ticket.id,
                    "fetched_at": when.isoformat(),
                    **({"digest": digest} if digest else {}),
                },
                ensure_ascii=True,  # keeps lone surrogates and line separators escaped: one line
            ).encode("ascii")
            # Bytes straight from pydantic-core and written in pieces: a 4 MB ticket is not also held
            # as a str, its encoding and their concatenation (the peak memory of a huge ticket).
            body = type(ticket).__pydantic_serializer__.to_json(ticket, by_alias=True)
            if len(header) + len(body) + 2 > MAX_FILE_BYTES:
                return  # it could not be read back
            write_atomic(self._path(as_id or ticket.id), (header, b"\n", body, b"\n"), mtime=when.timestamp())
            self._evict()
        except (OSError, ValueError, OverflowError):
            return

    def _files(self) -> list[os.DirEntry[str]]:
        """This scope's cache files, newest fetch (modification time) first."""
        if self._folder is None or not self._usable():
            return []
        try:
            with os.scandir(self._folder) as scan:
                entries = [
                    entry for entry in scan if entry.name.endswith(SUFFIX) and entry.is_file(follow_symlinks=False)
                ]
            stamped = []
            for entry in entries:
                try:
                    stamped.append((entry.stat(follow_symlinks=False).st_mtime, entry))
                except OSError:
                    continue
        except OSError:
            return []
        stamped.sort(key=lambda pair: pair[0], reverse=True)
        return [entry for _, entry in stamped]

    def _evict(self) -> None:
        """Remove the oldest fetches beyond ``max_entries``."""
        for entry in self._files()[self._max_entries :]:
            remove(Path(entry.path))

    def ids(self) -> list[str]:
        """The IDs of the cached tickets, newest fetch first (reads only each file's header line)."""
        found: list[tuple[datetime, str]] = []
        for entry in self._files():
            try:
                with open_regular(Path(entry.path)) as file:
                    line = file.readline(MAX_FILE_BYTES)
                ticket_id, fetched_at, _ = _header(line)
            except (OSError, ValueError):
                continue
            if entry.name == digest(ticket_id) + SUFFIX:
                found.append((fetched_at, ticket_id))
        found.sort(key=lambda pair: pair[0], reverse=True)
        return [ticket_id for _, ticket_id in found]

    def clear(self) -> None:
        """Forget every cached ticket of this scope."""
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
