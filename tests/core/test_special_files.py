"""Special files where data should be: a FIFO, a device, a symbolic link. Each is refused at once and
ignored (the app goes on as if the file were missing), never waited on, never followed."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.core.api.models import Ticket
from app.core.storage.private_files import open_regular, read_capped
from app.core.storage.ticket_cache import TicketCache, digest
from app.core.storage.user_data import RecentTickets

SCOPE = "https://api.verifik.co"
NOW = datetime(2024, 11, 24, 12, 0, tzinfo=UTC)


def ticket(ticket_id: str = "T-1") -> Ticket:
    return Ticket.model_validate({"_id": ticket_id, "title": "A ticket"})


def finishes(work: Callable[[], object]) -> object:
    """Run ``work`` on a thread and give it 10 s: a read that waits on a FIFO would never return."""
    result: list[object] = []
    thread = threading.Thread(target=lambda: result.append(work()), daemon=True)
    thread.start()
    thread.join(timeout=10)
    assert not thread.is_alive(), "it waited on a special file"
    return result[0]


def test_a_fifo_in_place_of_the_recent_list_reads_as_empty(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "recent.json")
    recent = finishes(lambda: RecentTickets(tmp_path / "recent.json"))
    assert isinstance(recent, RecentTickets) and recent.entries == []


def test_a_fifo_in_place_of_a_cached_ticket_is_a_miss(tmp_path: Path) -> None:
    cache = TicketCache(tmp_path / "tickets", SCOPE)
    cache.save(ticket("T-other"), NOW)  # makes the folder
    assert cache.folder is not None
    os.mkfifo(cache.folder / f"{digest('T-1')}.ticket")
    assert finishes(lambda: cache.load("T-1")) is None
    assert finishes(cache.ids) == ["T-other"]


@pytest.mark.parametrize("special", ["/dev/zero", "/dev/null"])
def test_a_device_is_never_read(tmp_path: Path, special: str) -> None:
    link = tmp_path / "recent.json"
    with pytest.raises(OSError):
        open_regular(Path(special))  # refused at once (opened without waiting, then found not regular)
    link.symlink_to(special)
    with pytest.raises(OSError):  # a link to it is not followed either
        read_capped(link)


def test_a_symlinked_cache_folder_is_not_followed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    real = TicketCache(tmp_path / "tickets", SCOPE)
    assert real.folder is not None
    real.folder.parent.mkdir(parents=True)
    real.folder.symlink_to(elsewhere, target_is_directory=True)
    real.save(ticket(), NOW)
    assert list(elsewhere.iterdir()) == []  # nothing written through the link
    (elsewhere / f"{digest('T-1')}.ticket").write_bytes(b"planted")
    assert real.load("T-1") is None and real.ids() == []


def test_a_symlinked_recent_list_is_not_followed(tmp_path: Path) -> None:
    target = tmp_path / "secret.json"
    target.write_text(
        '[{"id": "T-planted", "title": "x", "viewed_at": "2024-01-01T00:00:00+00:00", "message_count": 1}]'
    )
    (tmp_path / "recent.json").symlink_to(target)
    assert RecentTickets(tmp_path / "recent.json").entries == []


def test_temporary_files_of_a_killed_process_are_swept_and_others_kept(tmp_path: Path) -> None:
    from app.core.storage.user_data import Preferences, UserData

    data, tickets = tmp_path / "data", tmp_path / "tickets"
    user_data = UserData(
        RecentTickets(data / "recent.json"), TicketCache(tickets, SCOPE), Preferences(data / "prefs.json")
    )
    user_data.recent.record(ticket(), NOW)  # makes the folders, and shows the naming in use
    assert user_data.cache.folder is not None
    user_data.cache.save(ticket(), NOW)
    stale = data / ".recent.json.999999999.abcd1234.tmp"  # a pid that cannot be running
    live = data / f".recent.json.{os.getpid()}.efgh5678.tmp"  # this very process: a write in flight
    other = data / "notes.tmp"  # not ours
    cached = user_data.cache.folder / ".x.ticket.999999999.zz.tmp"
    for path in (stale, live, other, cached):
        path.write_bytes(b"half")
    assert user_data.sweep() == 2
    assert not stale.exists() and not cached.exists() and live.exists() and other.exists()
    assert user_data.recent.entries[0].id == "T-1"  # the real files are untouched
