"""What ticketview remembers between runs (app.core.storage.user_data, app.core.storage.ticket_cache): recent tickets, the
ticket cache, preferences. Private files, atomic writes, hostile IDs and files, a disk that fails."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.api.models import Ticket
from app.core.storage.private_files import MAX_FILE_BYTES
from app.core.storage.user_data import (
    CachedTicket,
    Preferences,
    RecentTicket,
    RecentTickets,
    TicketCache,
    UserData,
)
from app.demo.huge import huge_ticket
from tests.sample_tickets import EXAMPLE

SCOPE = "https://api.verifik.co"
T0 = datetime(2024, 1, 15, 12, 0, tzinfo=UTC)
HOSTILE_IDS = [
    "../../etc/passwd",
    "a/b",
    "\x1b[31m",
    "x" * 10_000,
    "..",
    ".",
    "C:\\Windows\\system32",
    "nul\x00byte",
    "line\nbreak",
    "\u202eexe.txt",
    "é😀",
]


def ticket(ticket_id: str = "T-1", **changes: Any) -> Ticket:
    """The API page's example ticket under another ID, with ``changes`` (API field names)."""
    return Ticket.model_validate(EXAMPLE["data"] | {"_id": ticket_id} | changes)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def files_under(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


def cache_files(cache: TicketCache) -> list[Path]:
    assert cache.folder is not None
    return files_under(cache.folder) if cache.folder.exists() else []


def fail_mid_write(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the next writes stop half way with "no space left on device", as a full disk does."""
    real_write = os.write

    def half_then_full(fd: int, data: Any) -> int:
        if len(data) > 1:
            real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", half_then_full)


# --- recent tickets --------------------------------------------------------------------------------


def test_recent_tickets_are_newest_first_and_record_returns_what_it_replaced(tmp_path: Path) -> None:
    recent = RecentTickets(tmp_path / "recent.json")
    assert recent.entries == [] and recent.get("T-1") is None
    assert recent.record(ticket("T-1"), T0) is None
    assert recent.record(ticket("T-2", title="Second"), T0 + timedelta(minutes=1)) is None
    first = recent.get("T-1")
    assert first == RecentTicket("T-1", "API Integration Issue", "in_progress", "high", 2, T0)
    threads = EXAMPLE["data"]["threads"] * 2
    replaced = recent.record(ticket("T-1", threads=threads, status="resolved"), T0 + timedelta(minutes=2))
    assert replaced == first
    assert [entry.id for entry in recent.entries] == ["T-1", "T-2"]
    assert recent.get("T-1") == RecentTicket(
        "T-1", "API Integration Issue", "resolved", "high", 4, T0 + timedelta(minutes=2)
    )
    recent.entries.clear()  # a copy
    assert len(recent.entries) == 2


def test_recent_tickets_persist_and_forget(tmp_path: Path) -> None:
    path = tmp_path / "data" / "recent.json"
    recent = RecentTickets(path)
    recent.record(ticket("T-1", title=None, status=None, priority=None, threads=None), T0)
    recent.record(ticket("T-2"), T0 + timedelta(seconds=1))
    again = RecentTickets(path)
    assert again.entries == recent.entries
    assert again.get("T-1") == RecentTicket("T-1", "", None, None, 0, T0)
    again.forget("T-2")
    again.forget("never-seen")
    assert [entry.id for entry in RecentTickets(path).entries] == ["T-1"]
    assert mode(path) == 0o600 and mode(path.parent) == 0o700


def test_recent_tickets_are_bounded(tmp_path: Path) -> None:
    assert RecentTickets.LIMIT == 50
    recent = RecentTickets(tmp_path / "recent.json", limit=3)
    for number in range(5):
        recent.record(ticket(f"T-{number}"), T0 + timedelta(minutes=number))
    assert [entry.id for entry in recent.entries] == ["T-4", "T-3", "T-2"]
    assert len(RecentTickets(tmp_path / "recent.json", limit=2).entries) == 2
    default = RecentTickets(tmp_path / "default.json")
    for number in range(60):
        default.record(ticket(f"T-{number}"), T0 + timedelta(minutes=number))
    assert len(default.entries) == 50 and default.entries[0].id == "T-59"


def test_recent_times_are_aware_utc(tmp_path: Path) -> None:
    recent = RecentTickets(tmp_path / "recent.json")
    paris = timezone(timedelta(hours=1))
    entry = recent.record(ticket(), datetime(2024, 1, 15, 13, 0, tzinfo=paris)) or recent.get("T-1")
    assert entry is not None and entry.viewed_at == T0 and entry.viewed_at.tzinfo == UTC
    assert RecentTickets(tmp_path / "recent.json").entries[0].viewed_at.utcoffset() == timedelta(0)


def test_two_processes_recording_keep_each_others_entries(tmp_path: Path) -> None:
    path = tmp_path / "recent.json"
    one, two = RecentTickets(path), RecentTickets(path)
    one.record(ticket("T-1"), T0)
    two.record(ticket("T-2"), T0 + timedelta(seconds=1))
    assert [entry.id for entry in RecentTickets(path).entries] == ["T-2", "T-1"]


def test_a_memory_only_recent_list_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    recent = RecentTickets()
    recent.record(ticket(), T0)
    assert recent.get("T-1") is not None and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x00\xff garbage",
        b'{"version": 1, "tickets": [',
        b"[[[[" * 100_000,
        b'"just text"',
        b'{"tickets": {"T-1": 1}}',
        json.dumps({"tickets": [{"id": "T-1", "title": "t", "viewed_at": "2024-01-15T12:00:00"}]}).encode(),
    ],
    ids=["empty", "binary", "truncated", "deep", "text", "wrong-shape", "naive-time"],
)
def test_a_corrupt_recent_file_reads_as_empty_and_is_replaced(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "recent.json"
    path.write_bytes(content)
    recent = RecentTickets(path)
    assert recent.entries == []
    recent.record(ticket(), T0)
    assert [entry.id for entry in RecentTickets(path).entries] == ["T-1"]


def test_bad_entries_of_a_recent_file_are_skipped_and_the_good_kept(tmp_path: Path) -> None:
    good = {"id": "T-1", "title": "t", "status": None, "priority": "low", "message_count": 3,
            "viewed_at": "2024-01-15T12:00:00+00:00"}  # fmt: skip
    bad = [
        "text", None, {}, good | {"id": 5}, good | {"message_count": -1},
        good | {"message_count": True}, good | {"status": ["x"]}, good | {"viewed_at": "yesterday"},
        good | {"viewed_at": "0001-01-01T00:00:00+01:00"},
    ]  # fmt: skip
    path = tmp_path / "recent.json"
    path.write_text(json.dumps({"version": 1, "tickets": [*bad, good, good | {"title": "duplicate"}]}))
    assert RecentTickets(path).entries == [RecentTicket("T-1", "t", None, "low", 3, T0)]


def test_an_oversized_recent_file_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "recent.json"
    with open(path, "wb") as file:
        file.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk
    assert RecentTickets(path).entries == []


def test_a_failed_write_leaves_the_old_recent_file_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "recent.json"
    recent = RecentTickets(path)
    recent.record(ticket("T-1"), T0)
    before = path.read_bytes()
    fail_mid_write(monkeypatch)
    recent.record(ticket("T-2"), T0 + timedelta(seconds=1))  # does not raise
    monkeypatch.undo()
    assert path.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["recent.json"]
    assert [entry.id for entry in recent.entries] == ["T-2", "T-1"]  # remembered for this run


# --- preferences -----------------------------------------------------------------------------------


def test_the_theme_is_remembered(tmp_path: Path) -> None:
    path = tmp_path / "data" / "preferences.json"
    assert Preferences(path).theme is None
    Preferences(path).remember_theme("nord")
    assert Preferences(path).theme == "nord"
    assert mode(path) == 0o600 and mode(path.parent) == 0o700
    memory = Preferences()
    memory.remember_theme("dracula")
    assert memory.theme == "dracula"


def test_preferences_keep_unknown_keys_and_ignore_bad_values(tmp_path: Path) -> None:
    path = tmp_path / "preferences.json"
    path.write_text('{"theme": 5, "future": [1, 2]}')
    assert Preferences(path).theme is None
    Preferences(path).remember_theme("gruvbox")
    assert json.loads(path.read_text()) == {"theme": "gruvbox", "future": [1, 2]}
    for content in ("not json", "[]", '{"theme": ""}', json.dumps({"theme": "x" * 1000})):
        path.write_text(content)
        assert Preferences(path).theme is None


# --- the ticket cache ------------------------------------------------------------------------------


def test_a_saved_ticket_loads_back_with_its_fetch_time(tmp_path: Path) -> None:
    cache = TicketCache(tmp_path / "tickets", SCOPE)
    assert cache.enabled and cache.load("T-1") is None and cache.ids() == []
    cache.save(ticket("T-1"), T0)
    assert cache.load("T-1") == CachedTicket(ticket("T-1"), T0)
    assert cache.load("T-2") is None


def test_the_cache_file_holds_the_api_json_the_id_and_the_time_and_is_private(tmp_path: Path) -> None:
    cache = TicketCache(tmp_path / "cache" / "tickets", SCOPE)
    cache.save(ticket("T-1"), T0)
    [path] = cache_files(cache)
    header, body = path.read_bytes().split(b"\n", 1)
    assert json.loads(header) == {"format": "ticketview-cache", "version": 1, "id": "T-1", "fetched_at": T0.isoformat()}
    assert json.loads(body) == ticket("T-1").model_dump(mode="json", by_alias=True) == EXAMPLE["data"] | {"_id": "T-1"}
    assert mode(path) == 0o600
    for folder in (path.parent, tmp_path / "cache" / "tickets", tmp_path / "cache"):
        assert mode(folder) == 0o700, folder


ticket_texts = st.none() | st.text(max_size=30)
tickets = st.builds(
    lambda **fields: Ticket.model_validate(fields),
    _id=st.text(min_size=1, max_size=40),
    title=ticket_texts,
    description=ticket_texts,
    status=ticket_texts,
    priority=ticket_texts,
    assignedTo=ticket_texts,
    threads=st.lists(
        st.fixed_dictionaries(
            {"author": ticket_texts, "message": ticket_texts, "timestamp": ticket_texts, "type": ticket_texts}
        ),
        max_size=4,
    ),
    attachments=st.lists(
        st.fixed_dictionaries(
            {
                "filename": ticket_texts,
                "url": ticket_texts,
                "size": st.none() | st.integers(0, 2**62),
                "type": ticket_texts,
            }
        ),
        max_size=3,
    ),
    tags=st.lists(st.text(max_size=10), max_size=3),
    resolvedAt=ticket_texts,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    saved=tickets,
    fetched_at=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)),
)
def test_any_ticket_round_trips_through_the_cache(tmp_path: Path, saved: Ticket, fetched_at: datetime) -> None:
    cache = TicketCache(tmp_path / "round-trip", SCOPE, max_entries=10_000)
    cache.save(saved, fetched_at)
    loaded = cache.load(saved.id)
    assert loaded is not None and loaded.ticket == saved and loaded.fetched_at == fetched_at
    assert saved.id in cache.ids()


@pytest.mark.parametrize("ticket_id", HOSTILE_IDS, ids=lambda text: repr(text[:20]))
def test_hostile_ids_never_name_a_file(tmp_path: Path, ticket_id: str) -> None:
    cache = TicketCache(tmp_path / "tickets", SCOPE)
    cache.save(ticket(ticket_id), T0)
    [path] = cache_files(cache)
    assert path.parent == cache.folder and path.parent.parent == tmp_path / "tickets"
    name = path.name.removesuffix(".ticket")
    assert len(name) == 64 and set(name) <= set("0123456789abcdef")
    assert files_under(tmp_path) == [path]
    loaded = cache.load(ticket_id)
    assert loaded is not None and loaded.ticket.id == ticket_id
    assert cache.ids() == [ticket_id]
    recent = RecentTickets(tmp_path / "recent.json")
    recent.record(ticket(ticket_id), T0)
    assert RecentTickets(tmp_path / "recent.json").entries[0].id == ticket_id


def test_scopes_never_share_entries(tmp_path: Path) -> None:
    work = TicketCache(tmp_path, "https://api.verifik.co")
    staging = TicketCache(tmp_path, "https://staging.example.com")
    work.save(ticket("T-1", title="from work"), T0)
    assert staging.load("T-1") is None and staging.ids() == []
    staging.save(ticket("T-1", title="from staging"), T0)
    loaded_work, loaded_staging = work.load("T-1"), staging.load("T-1")
    assert loaded_work is not None and loaded_work.ticket.title == "from work"
    assert loaded_staging is not None and loaded_staging.ticket.title == "from staging"
    staging.clear()
    assert staging.load("T-1") is None and work.load("T-1") is not None


def test_the_oldest_fetches_are_evicted(tmp_path: Path) -> None:
    cache = TicketCache(tmp_path, SCOPE, max_entries=3)
    for number in (1, 2, 3, 4):
        cache.save(ticket(f"T-{number}"), T0 + timedelta(minutes=number))
    cache.save(ticket("T-0"), T0)  # fetched before all the others: the first to go
    assert cache.ids() == ["T-4", "T-3", "T-2"]
    assert cache.load("T-1") is None and cache.load("T-0") is None
    cache.save(ticket("T-2"), T0 + timedelta(minutes=9))  # a fresh fetch moves it to the front
    assert cache.ids() == ["T-2", "T-4", "T-3"] and len(cache_files(cache)) == 3


def _damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    header, body = data.split(b"\n", 1)
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "binary":
        path.write_bytes(b"\x00\xff\xfe" * 100)
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "foreign-json":
        path.write_bytes(b'{"some": "other program"}\n{}')
    elif how == "wrong-shape":
        path.write_bytes(header + b'\n["not", "a", "ticket"]')
    elif how == "other-id-inside":
        path.write_bytes(header + b"\n" + body.replace(b'"_id":"T-1"', b'"_id":"T-2"'))
    elif how == "naive-time":
        path.write_bytes(header.replace(b"+00:00", b"") + b"\n" + body)
    elif how == "oversized":
        with open(path, "r+b") as file:
            file.truncate(MAX_FILE_BYTES + 1)


@pytest.mark.parametrize(
    "how", ["truncated", "binary", "empty", "foreign-json", "wrong-shape", "other-id-inside", "naive-time", "oversized"]
)
def test_a_corrupt_cache_file_is_a_miss_and_is_removed(tmp_path: Path, how: str) -> None:
    cache = TicketCache(tmp_path, SCOPE)
    cache.save(ticket("T-1"), T0)
    [path] = cache_files(cache)
    _damage(path, how)
    assert cache.load("T-1") is None
    assert not path.exists()
    assert cache.ids() == []


def test_another_tickets_file_under_this_ids_name_is_a_miss(tmp_path: Path) -> None:
    cache = TicketCache(tmp_path, SCOPE)
    cache.save(ticket("T-1"), T0)
    [one] = cache_files(cache)
    cache.save(ticket("T-2"), T0)
    [two] = [path for path in cache_files(cache) if path != one]
    one.replace(two)  # T-1's file where T-2's should be
    assert cache.load("T-2") is None and cache.load("T-1") is None
    assert cache.ids() == []


def test_a_folder_in_place_of_a_file_is_a_miss(tmp_path: Path) -> None:
    cache = TicketCache(tmp_path, SCOPE)
    cache.save(ticket("T-1"), T0)
    [path] = cache_files(cache)
    path.unlink()
    path.mkdir()
    assert cache.load("T-1") is None and cache.ids() == []
    cache.save(ticket("T-1"), T0)  # cannot replace a folder: not cached, no error
    assert cache.load("T-1") is None


def test_a_failed_write_leaves_the_old_cache_file_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = TicketCache(tmp_path, SCOPE)
    cache.save(ticket("T-1", title="old"), T0)
    [path] = cache_files(cache)
    fail_mid_write(monkeypatch)
    cache.save(ticket("T-1", title="new"), T0 + timedelta(minutes=1))  # does not raise
    monkeypatch.undo()
    loaded = cache.load("T-1")
    assert loaded is not None and loaded.ticket.title == "old" and loaded.fetched_at == T0
    assert cache_files(cache) == [path]  # no temporary file left behind


@pytest.mark.parametrize("failing", ["replace", "mkstemp"])
def test_a_read_only_disk_never_raises(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str) -> None:
    import tempfile

    def read_only(*args: object, **kwargs: object) -> Any:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(os if failing == "replace" else tempfile, failing, read_only)
    data = UserData(
        RecentTickets(tmp_path / "recent.json"), TicketCache(tmp_path / "c", SCOPE), Preferences(tmp_path / "p.json")
    )
    data.cache.save(ticket(), T0)
    data.recent.record(ticket(), T0)
    data.preferences.remember_theme("nord")
    assert data.cache.load("T-1") is None and data.cache.ids() == []
    assert data.recent.get("T-1") is not None and data.preferences.theme == "nord"  # for this run
    monkeypatch.undo()
    assert files_under(tmp_path) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_never_raises(tmp_path: Path) -> None:
    folder = tmp_path / "tickets"
    cache = TicketCache(folder, SCOPE)
    cache.save(ticket("T-1"), T0)
    for path in (folder, *folder.iterdir()):
        path.chmod(0o500)
    try:
        cache.save(ticket("T-2"), T0)
        cache.clear()
        assert cache.load("T-2") is None and cache.load("T-1") is not None
    finally:
        for path in (folder, *folder.iterdir()):
            path.chmod(0o700)


def test_a_folder_that_cannot_be_made_never_raises(tmp_path: Path) -> None:
    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("not a folder")
    data = UserData(
        RecentTickets(in_the_way / "recent.json"),
        TicketCache(in_the_way / "tickets", SCOPE),
        Preferences(in_the_way / "preferences.json"),
    )
    data.cache.save(ticket(), T0)
    data.recent.record(ticket(), T0)
    data.recent.forget("T-1")
    data.preferences.remember_theme("nord")
    data.cache.clear()
    assert data.cache.load("T-1") is None and data.cache.ids() == []
    assert in_the_way.read_text() == "not a folder" and mode(in_the_way) != 0o700


def test_a_disabled_cache_does_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    cache = TicketCache(None, SCOPE)
    cache.save(ticket(), T0)
    cache.clear()
    assert not cache.enabled and cache.load("T-1") is None and cache.ids() == []
    assert list(tmp_path.iterdir()) == []


def test_two_processes_writing_at_once_never_leave_a_corrupt_file(tmp_path: Path) -> None:
    """Writers in two other processes replace the same ticket while this one reads it, many times."""
    code = (
        "import sys\nfrom datetime import datetime, timezone\nfrom pathlib import Path\n"
        "from app.demo.huge import huge_ticket\nfrom app.core.api.models import Ticket\nfrom app.core.storage.user_data import TicketCache\n"
        "title = sys.argv[1]\n"
        "t = Ticket.model_validate(huge_ticket(messages=300, attachments=5) | {'_id': 'T-1', 'title': title})\n"
        "cache = TicketCache(Path(sys.argv[2]), 'scope')\n"
        "for _ in range(150):\n    cache.save(t, datetime.now(timezone.utc))\n"
    )
    TicketCache(tmp_path, "scope").save(ticket("T-1", title="start"), T0)
    root = Path(__file__).resolve().parents[2]
    writers = [
        subprocess.Popen([sys.executable, "-c", code, title, str(tmp_path)], cwd=root) for title in ("one", "two")
    ]
    reader = TicketCache(tmp_path, "scope")
    seen: set[str | None] = set()
    reads = 0
    deadline = time.monotonic() + 60
    try:
        while any(writer.poll() is None for writer in writers) and time.monotonic() < deadline:
            loaded = reader.load("T-1")
            assert loaded is not None, "a reader saw a partial or missing file"
            seen.add(loaded.ticket.title)
            reads += 1
    finally:
        codes = [writer.wait(timeout=60) for writer in writers]
    assert codes == [0, 0]
    final = reader.load("T-1")
    assert final is not None and final.ticket.title in ("one", "two") and len(final.ticket.threads) == 300
    assert seen <= {"start", "one", "two"} and seen & {"one", "two"} and reads > 20, (seen, reads)
    print(f"{reads} reads while two processes wrote 300 times")
    assert len(cache_files(reader)) == 1  # no temporary files left


def test_a_ticket_of_10000_messages_loads_quickly(tmp_path: Path) -> None:
    huge = Ticket.model_validate(huge_ticket())
    cache = TicketCache(tmp_path, SCOPE)
    started = time.perf_counter()
    cache.save(huge, T0)
    saved = time.perf_counter() - started
    started = time.perf_counter()
    loaded = cache.load(huge.id)
    took = time.perf_counter() - started
    assert loaded is not None and loaded.ticket == huge
    print(f"10,000-message ticket: save {saved * 1000:.0f} ms, load {took * 1000:.0f} ms")
    assert took < 2.0  # typically 20-70 ms on a shared 2-core machine; generous for CI noise


# --- UserData --------------------------------------------------------------------------------------


def test_in_memory_user_data_never_touches_the_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name))
    monkeypatch.chdir(tmp_path)
    data = UserData.in_memory()
    data.recent.record(ticket(), T0)
    data.cache.save(ticket(), T0)
    data.preferences.remember_theme("nord")
    assert data.recent.get("T-1") is not None and data.preferences.theme == "nord"
    assert not data.cache.enabled and data.cache.load("T-1") is None
    assert list(tmp_path.iterdir()) == []


def test_for_user_uses_the_platform_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    data = UserData.for_user(SCOPE)
    data.recent.record(ticket(), T0)
    data.cache.save(ticket(), T0)
    data.preferences.remember_theme("nord")
    assert len(list((tmp_path / "data" / "ticketview" / "recent").glob("*.json"))) == 1  # one list per API
    assert (tmp_path / "data" / "ticketview" / "preferences.json").is_file()
    assert data.cache.folder is not None and data.cache.folder.parent == tmp_path / "cache" / "ticketview" / "tickets"
    again = UserData.for_user(SCOPE)
    assert again.recent.get("T-1") is not None and again.preferences.theme == "nord"
    assert again.cache.load("T-1") is not None
    other = UserData.for_user("https://other.example")
    assert other.cache.load("T-1") is None and other.recent.get("T-1") is None
    off = UserData.for_user(SCOPE, cache=False)
    assert not off.cache.enabled and off.cache.load("T-1") is None and off.recent.get("T-1") is not None


def test_the_session_never_writes_to_the_real_user_folders() -> None:
    from platformdirs import user_cache_dir, user_data_dir

    home = str(Path.home())
    assert not user_data_dir("ticketview", appauthor=False).startswith(os.path.join(home, ".local"))
    assert not user_cache_dir("ticketview", appauthor=False).startswith(os.path.join(home, ".cache"))
