"""The kept drafts of new tickets: private, atomic, per API, one never replacing another, bounded with
the oldest named as it goes, and hostile files read as none."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from app.core.api.new_ticket import NewTicket
from app.core.storage import private_files
from app.core.storage.drafts import MAX_DRAFT_BYTES, MAX_DRAFTS, Drafts
from app.core.storage.user_data import UserData

DRAFT = NewTicket.of(
    title='Refund "twice", =SUM(A1) ✓',
    description="Línea uno\n\n  indented line\n日本語",
    priority="urgent",
    category="billing",
    tags=["refund", "vip"],
)
OTHER = NewTicket.of(title="Kiosk 14 offline", description="It stopped at 9am.", priority="high", category="technical")


def test_a_saved_draft_loads_back_as_it_was(tmp_path: Path) -> None:
    drafts = Drafts(tmp_path / "drafts" / "api.json")
    assert drafts.load() is None and drafts.kept() == []
    saved = drafts.save(DRAFT)
    assert saved is not None and saved.path is not None and saved.others == 0 and saved.dropped == ()
    assert saved.path.parent == tmp_path / "drafts" and saved.path.name.startswith("api-")
    assert Drafts(tmp_path / "drafts" / "api.json").load() == DRAFT  # a later run finds it


def test_the_draft_is_private(tmp_path: Path) -> None:
    saved = Drafts(tmp_path / "data" / "drafts" / "api.json").save(DRAFT)
    assert saved is not None and saved.path is not None
    assert stat.S_IMODE(saved.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(saved.path.parent.stat().st_mode) == 0o700


def test_discarding_forgets_that_draft_only(tmp_path: Path) -> None:
    drafts = Drafts(tmp_path / "api.json")
    first = drafts.save(DRAFT)
    second = drafts.save(OTHER)
    assert first is not None and second is not None
    drafts.discard(second.key)
    assert [draft.ticket for draft in drafts.kept()] == [DRAFT]
    drafts.discard(second.key)  # already gone: still fine
    drafts.discard(None)
    drafts.discard("../../etc/passwd")  # not a draft's name: nothing happens
    drafts.discard(first.key)
    assert drafts.load() is None and list(tmp_path.iterdir()) == []


def test_saving_another_draft_keeps_the_earlier_one_beside_it(tmp_path: Path) -> None:
    """The app's draft and a failed ``--new`` share a folder: neither replaces the other."""
    drafts = Drafts(tmp_path / "api.json")
    first = drafts.save(DRAFT)
    second = Drafts(tmp_path / "api.json").save(OTHER)  # another process, the same API
    assert first is not None and second is not None and first.key != second.key
    assert second.others == 1
    assert [draft.ticket for draft in drafts.kept()] == [OTHER, DRAFT]  # the newest first
    assert drafts.load() == OTHER


def test_a_draft_saved_again_replaces_only_itself(tmp_path: Path) -> None:
    drafts = Drafts(tmp_path / "api.json")
    first = drafts.save(DRAFT)
    second = drafts.save(OTHER)
    assert first is not None and second is not None
    edited = DRAFT.with_values(title="Refund twice, edited")
    again = drafts.save(edited, continuing=first.key)  # the form or --resume went on with the first
    assert again is not None and again.key == first.key and again.others == 1
    assert [draft.ticket for draft in drafts.kept()] == [edited, OTHER]  # saved last: offered first
    assert drafts.save(OTHER) is not None  # the same fields again: no second copy
    assert len(drafts.kept()) == 2
    gone = drafts.save(DRAFT, continuing="api-gone.json")  # the draft it continued was sent meanwhile
    assert gone is not None and gone.key != first.key and len(drafts.kept()) == 3


def test_past_the_bound_the_oldest_goes_and_the_save_names_it(tmp_path: Path) -> None:
    drafts = Drafts(tmp_path / "api.json")
    tickets = [DRAFT.with_values(title=f"Ticket {number}") for number in range(MAX_DRAFTS + 2)]
    results = [drafts.save(ticket) for ticket in tickets]
    assert all(result is not None and result.dropped == () for result in results[:MAX_DRAFTS])
    eleventh, twelfth = results[MAX_DRAFTS], results[MAX_DRAFTS + 1]
    assert eleventh is not None and eleventh.dropped == ("Ticket 0",) and eleventh.others == MAX_DRAFTS - 1
    assert twelfth is not None and twelfth.dropped == ("Ticket 1",)
    kept = drafts.kept()
    assert len(kept) == MAX_DRAFTS and kept[0].ticket.title == f"Ticket {MAX_DRAFTS + 1}"
    assert len(list(tmp_path.iterdir())) == MAX_DRAFTS


def test_a_failed_write_keeps_every_draft_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    drafts = Drafts(tmp_path / "api.json")
    saved = drafts.save(DRAFT)
    assert saved is not None and saved.path is not None
    before = saved.path.read_bytes()

    def full_disk(fd: int, data: memoryview) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(private_files.os, "write", full_disk)
    assert drafts.save(DRAFT.with_values(title="Another"), continuing=saved.key) is None  # said, not raised
    assert drafts.save(OTHER) is None
    monkeypatch.undo()
    assert saved.path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [saved.path.name]  # no temporary left behind


def test_an_unwritable_folder_is_said_not_raised(tmp_path: Path) -> None:
    (tmp_path / "blocked").write_text("a file where the folder should be")
    assert Drafts(tmp_path / "blocked" / "api.json").save(DRAFT) is None


def test_in_memory_the_drafts_last_the_run_only() -> None:
    data = UserData.in_memory()
    first = data.drafts.save(DRAFT)
    assert data.drafts.path is None and first.path is None and first.others == 0
    second = data.drafts.save(OTHER)
    assert second.others == 1 and data.drafts.load() == OTHER
    assert data.drafts.save(OTHER.with_values(title="edited"), continuing=second.key).key == second.key
    data.drafts.discard(second.key)
    assert data.drafts.load() == DRAFT


def test_each_api_keeps_its_own_drafts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    one = UserData.for_user("https://api.verifik.co")
    other = UserData.for_user("https://staging.example.com")
    one.drafts.save(DRAFT)
    assert other.drafts.load() is None
    assert UserData.for_user("https://api.verifik.co").drafts.load() == DRAFT
    assert one.drafts.folder is not None and one.drafts.folder.is_relative_to(tmp_path)


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not json",
        b"\xff\xfe\x00garbage",
        b"[1, 2, 3]",
        b'"a string"',
        b"null",
        b'{"title": 5, "description": "d"}',
        b'{"title": "t", "description": ["d"]}',
        b'{"title": "t", "tags": "not a list"}',
        b'{"title": "t", "tags": [1, 2]}',
        b'{"title": {"nested": true}}',
        b"{}",
        b'{"title": "", "description": "  \\n "}',
        b"[" * 100_000 + b"]" * 100_000,
    ],
)
def test_a_hostile_draft_file_reads_as_no_draft(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "api.json"
    path.write_bytes(content)
    assert Drafts(path).load() is None


def test_a_huge_draft_file_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "api.json"
    with path.open("wb") as file:
        file.write(b'{"title": "t", "description": "')
        file.truncate(MAX_DRAFT_BYTES + 10)
    assert Drafts(path).load() is None


def test_a_fifo_or_a_link_in_its_place_is_not_followed(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    assert Drafts(fifo).load() is None  # at once: never waits for a writer
    saved = Drafts(tmp_path / "elsewhere.json").save(DRAFT)
    assert saved is not None and saved.path is not None
    (tmp_path / "link.json").symlink_to(saved.path)
    (tmp_path / "link-20240101-000000-abcdef.json").symlink_to(saved.path)
    assert Drafts(tmp_path / "link.json").kept() == []


def test_a_hostile_file_beside_a_draft_is_skipped_and_left_alone(tmp_path: Path) -> None:
    hostile = tmp_path / "api-20240101-000000-abcdef.json"
    hostile.write_bytes(b"[" * 100_000)
    (tmp_path / "api-folder.json").mkdir()
    drafts = Drafts(tmp_path / "api.json")
    saved = drafts.save(DRAFT)
    assert saved is not None and saved.others == 0  # a file that is not a draft is not counted
    assert [draft.ticket for draft in drafts.kept()] == [DRAFT]
    assert hostile.exists()


def test_a_draft_file_written_by_hand_is_cleaned_as_typed_text_is(tmp_path: Path) -> None:
    path = tmp_path / "api.json"
    raw = {
        "title": "Hello\x1b[31m\n  world\u202e",
        "description": "line\r\nnext\x07",
        "priority": "URGENT",
        "category": "Feature request",
        "tags": ["a, b", "a"],
        "unknown": {"kept": False},
    }
    path.write_text(json.dumps(raw))
    draft = Drafts(path).load()
    assert draft is not None
    assert draft.title == "Hello[31m world"
    assert draft.description == "line\nnext"
    assert (draft.priority, draft.category, draft.tags) == ("urgent", "feature_request", ("a", "b"))


def test_a_draft_too_big_to_keep_is_said_not_raised(tmp_path: Path) -> None:
    huge = NewTicket(title="t", description="x" * (MAX_DRAFT_BYTES + 1))
    assert Drafts(tmp_path / "api.json").save(huge) is None
    assert not (tmp_path / "api.json").exists()
