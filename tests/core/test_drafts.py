"""The kept draft of a new ticket: private, atomic, one per API, and hostile files read as none."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from app.core.api.new_ticket import NewTicket
from app.core.storage import private_files
from app.core.storage.drafts import MAX_DRAFT_BYTES, Drafts
from app.core.storage.user_data import UserData

DRAFT = NewTicket.of(
    title='Refund "twice", =SUM(A1) ✓',
    description="Línea uno\n\n  indented line\n日本語",
    priority="urgent",
    category="billing",
    tags=["refund", "vip"],
)


def test_a_saved_draft_loads_back_as_it_was(tmp_path: Path) -> None:
    drafts = Drafts(tmp_path / "drafts" / "api.json")
    assert drafts.load() is None
    assert drafts.save(DRAFT) == tmp_path / "drafts" / "api.json"
    assert Drafts(tmp_path / "drafts" / "api.json").load() == DRAFT  # a later run finds it


def test_the_draft_is_private(tmp_path: Path) -> None:
    path = Drafts(tmp_path / "data" / "drafts" / "api.json").save(DRAFT)
    assert path is not None
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_clearing_forgets_it(tmp_path: Path) -> None:
    drafts = Drafts(tmp_path / "api.json")
    drafts.save(DRAFT)
    drafts.clear()
    assert drafts.load() is None and not (tmp_path / "api.json").exists()
    drafts.clear()  # nothing to clear: still fine


def test_a_failed_write_keeps_the_old_draft_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "api.json"
    drafts = Drafts(path)
    drafts.save(DRAFT)
    before = path.read_bytes()

    def full_disk(fd: int, data: memoryview) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(private_files.os, "write", full_disk)
    assert drafts.save(DRAFT.with_values(title="Another")) is None  # said, not raised
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["api.json"]  # no temporary left behind


def test_an_unwritable_folder_is_said_not_raised(tmp_path: Path) -> None:
    (tmp_path / "blocked").write_text("a file where the folder should be")
    assert Drafts(tmp_path / "blocked" / "api.json").save(DRAFT) is None


def test_in_memory_the_draft_lasts_the_run_only() -> None:
    data = UserData.in_memory()
    assert data.drafts.path is None and data.drafts.save(DRAFT) is None
    assert data.drafts.load() == DRAFT
    data.drafts.clear()
    assert data.drafts.load() is None


def test_each_api_keeps_its_own_draft(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    one = UserData.for_user("https://api.verifik.co")
    other = UserData.for_user("https://staging.example.com")
    one.drafts.save(DRAFT)
    assert other.drafts.load() is None
    assert UserData.for_user("https://api.verifik.co").drafts.load() == DRAFT
    assert one.drafts.path is not None and one.drafts.path.is_relative_to(tmp_path)


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
    target = tmp_path / "elsewhere.json"
    Drafts(target).save(DRAFT)
    link = tmp_path / "link.json"
    link.symlink_to(target)
    assert Drafts(link).load() is None


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
