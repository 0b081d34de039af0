"""Drafts of new tickets that were not sent, kept so nothing the agent wrote is lost.

Each API (``UserData`` is per base URL) has its drafts beside one another in the user's data
folder: ``drafts/<digest>-<time>-<random>.json`` (and ``drafts/<digest>.json``, where earlier
versions kept their one draft), each written atomically and readable by the user alone (0600).

Saving never destroys a different draft: a save replaces only the draft it continues (the one
the form or ``--resume`` started from, or saved before), or one with exactly the same fields;
anything else is a new file beside the others. At most ``MAX_DRAFTS`` are kept per API: past
that the oldest goes, and the save says so, naming it (a script failing in a loop cannot fill
the disk). The newest is offered first.

Files are read as hostile: past ``MAX_DRAFT_BYTES``, not JSON, not an object, or a field of the
wrong type reads as no draft (it is skipped, never removed). ``Drafts()`` without a path keeps
the drafts in memory for this run.
"""

from __future__ import annotations

import json
import os
import stat
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Final

from app.core.storage.private_files import read_capped, remove, write_atomic

if TYPE_CHECKING:
    from app.core.api.new_ticket import NewTicket

MAX_DRAFT_BYTES: Final = 1024 * 1024
"""A draft is at most this big on disk: a description at its longest fits with room to spare."""
MAX_DRAFTS: Final = 10
"""Drafts kept per API; saving one more removes the oldest, and the save names it."""
MAX_LISTED: Final = 10_000
"""Names looked at in the drafts folder at most (a folder filled by something else is not walked to its end)."""
VERSION: Final = 1
_TEXT_FIELDS: Final = ("title", "description", "priority", "category")
_SUFFIX: Final = ".json"


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


@dataclass(frozen=True)
class KeptDraft:
    """One kept draft: which it is (``key``, its file's name), its fields, and when it was saved."""

    key: str
    ticket: NewTicket
    saved_at: datetime
    path: Path | None
    """Its file (``None``: kept in memory)."""


@dataclass(frozen=True)
class SavedDraft:
    """Where a save went, and what else is kept beside it."""

    key: str
    """Pass it back as ``continuing`` to save this same draft again."""
    path: Path | None
    """Its file (``None``: kept in memory, until ticketview ends)."""
    others: int
    """Other drafts kept for this API."""
    dropped: tuple[str, ...] = ()
    """Titles of the oldest drafts removed to keep ``MAX_DRAFTS``."""


class Drafts:
    """The kept drafts of new tickets for one API (on disk beside ``path``, or in memory when it is None)."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path
        self._held: list[KeptDraft] = []
        """The drafts kept in memory (no ``path``), newest first."""
        self._count = 0
        self._last_saved = 0.0

    @property
    def path(self) -> Path | None:
        """The first draft's file; the others are named after it in its folder (``None``: in memory only)."""
        return self._path

    @property
    def folder(self) -> Path | None:
        """Where the drafts are kept (``None``: in memory only)."""
        return None if self._path is None else self._path.parent

    # --- reading ------------------------------------------------------------------------------

    def kept(self) -> list[KeptDraft]:
        """Every kept draft for this API, newest first (files that are not drafts skipped). Never raises."""
        if self._path is None:
            return list(self._held)
        drafts = []
        for path, mtime in self._files():
            try:
                data = read_capped(path, MAX_DRAFT_BYTES)
            except OSError:
                continue
            ticket = decode(data)
            if ticket is not None:
                drafts.append(KeptDraft(path.name, ticket, datetime.fromtimestamp(mtime, UTC), path))
        return drafts

    def newest(self) -> KeptDraft | None:
        """The draft offered first: the one saved last."""
        drafts = self.kept()
        return drafts[0] if drafts else None

    def load(self) -> NewTicket | None:
        """The newest draft's fields, or ``None`` when none is kept. Never raises."""
        newest = self.newest()
        return None if newest is None else newest.ticket

    def _files(self) -> list[tuple[Path, float]]:
        """This API's draft files (regular files, not links), newest first."""
        assert self._path is not None
        folder, stem = self._path.parent, self._path.stem
        found: list[tuple[int, str, Path]] = []
        try:
            with os.scandir(folder) as entries:
                for count, entry in enumerate(entries):
                    if count >= MAX_LISTED:
                        break
                    name = entry.name
                    if not (name == self._path.name or (name.startswith(f"{stem}-") and name.endswith(_SUFFIX))):
                        continue
                    try:
                        info = entry.stat(follow_symlinks=False)
                    except OSError:
                        continue
                    if stat.S_ISREG(info.st_mode):
                        found.append((info.st_mtime_ns, name, folder / name))
        except OSError:
            return []
        found.sort(reverse=True)
        return [(path, mtime_ns / 1e9) for mtime_ns, _, path in found]

    # --- writing ------------------------------------------------------------------------------

    def save(self, new: NewTicket, *, continuing: str | None = None) -> SavedDraft | None:
        """Keep ``new``: over the draft ``continuing`` names (the one it was started from or saved as
        before) or one with the same fields, else as a new draft beside the others; ``None`` when the
        disk refused it or it is too big to keep (every other draft is as it was). Never raises."""
        if self._path is None:
            return self._save_in_memory(new, continuing)
        data = _encode(new)
        if len(data) > MAX_DRAFT_BYTES:
            return None
        kept = self.kept()
        key = _key_for(kept, new, continuing) or self._new_name()
        target = self._path.parent / key
        # a time of its own, later than this object's last save even on a coarse clock: the order they are offered in
        self._last_saved = max(time.time(), self._last_saved + 0.001)
        try:
            write_atomic(target, data, durable=True, mtime=self._last_saved)
        except (OSError, ValueError):
            return None
        others = [draft for draft in kept if draft.key != key]
        dropped = others[MAX_DRAFTS - 1 :]  # the newest others stay, beside the one just written
        for draft in dropped:
            if draft.path is not None:
                remove(draft.path)
        return SavedDraft(key, target, len(others) - len(dropped), tuple(draft.ticket.title for draft in dropped))

    def _new_name(self) -> str:
        assert self._path is not None
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        return f"{self._path.stem}-{stamp}-{os.urandom(3).hex()}{_SUFFIX}"

    def _save_in_memory(self, new: NewTicket, continuing: str | None) -> SavedDraft:
        key = _key_for(self._held, new, continuing)
        if key is None:
            self._count += 1
            key = f"draft-{self._count}"
        others = [draft for draft in self._held if draft.key != key]
        dropped = others[MAX_DRAFTS - 1 :]
        self._held = [KeptDraft(key, new, datetime.now(UTC), None), *others[: MAX_DRAFTS - 1]]
        return SavedDraft(key, None, len(self._held) - 1, tuple(draft.ticket.title for draft in dropped))

    def discard(self, key: str | None) -> None:
        """Forget the draft ``key`` (its ticket was created, or it was emptied); the others stay. Never raises."""
        if key is None:
            return
        self._held = [draft for draft in self._held if draft.key != key]
        if (
            self._path is not None
            and key == Path(key).name
            and (key == self._path.name or key.startswith(f"{self._path.stem}-"))
        ):
            remove(self._path.parent / key)


def _key_for(kept: list[KeptDraft], new: NewTicket, continuing: str | None) -> str | None:
    """The kept draft ``new`` replaces: the one it continues, else one with the same fields; ``None``: a new one."""
    if continuing is not None and any(draft.key == continuing for draft in kept):
        return continuing
    return next((draft.key for draft in kept if draft.ticket == new), None)
