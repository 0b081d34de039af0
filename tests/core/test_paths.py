"""Paths as people read them: ``~`` for home, broken after ``/`` rather than inside a name."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.attachments.saved_text import save_text
from app.core.errors import DownloadError
from app.core.text.paths import short_path, wrap_path


def test_home_is_shown_as_a_tilde_and_only_home() -> None:
    assert short_path("/home/ana/Downloads/a.md", home="/home/ana") == "~/Downloads/a.md"
    assert short_path("/home/ana", home="/home/ana/") == "~"
    assert short_path("/home/anabel/a.md", home="/home/ana") == "/home/anabel/a.md"
    assert short_path("/tmp/x\x1b[31m.md", home="/home/ana") == "/tmp/x^[[31m.md"  # display-safe


def test_a_path_breaks_after_slashes_and_each_line_fits() -> None:
    path = "~/Downloads/tickets/support_ticket_123456789/error_logs (1).txt"
    wrapped = wrap_path(path, 37)
    assert wrapped.replace("\n", "") == path
    lines = wrapped.split("\n")
    assert all(len(line) <= 37 for line in lines)
    assert all(line.endswith("/") for line in lines[:-1])  # never in the middle of a name
    assert lines[-1] == "error_logs (1).txt"


def test_a_name_wider_than_the_line_is_cut_where_it_must_be() -> None:
    wrapped = wrap_path("/tmp/" + "x" * 25, 10)
    assert wrapped.split("\n") == ["/tmp/", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxx"]
    assert wrap_path("評価/レポート.txt", 8).split("\n") == ["評価/", "レポート", ".txt"]  # two cells each
    assert wrap_path("", 5) == "" and wrap_path("short", 40) == "short"


def test_saved_text_never_overwrites_and_leaves_no_part_file(tmp_path: Path) -> None:
    first = save_text("one", tmp_path, "../T 1.md")
    second = save_text("two", tmp_path, "../T 1.md")
    assert (first.name, second.name) == ("T 1.md", "T 1 (1).md")
    assert first.read_text() == "one" and second.read_text() == "two" and first.parent == tmp_path
    assert sorted(path.name for path in tmp_path.iterdir()) == ["T 1 (1).md", "T 1.md"]


def test_a_download_folder_that_is_a_file_says_so(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("in the way")
    with pytest.raises(DownloadError, match=r"is a file, not a folder: name another one"):
        save_text("text", tmp_path / "file", "a.md")


def test_saved_text_in_a_folder_that_cannot_be_made_says_why(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("in the way")
    with pytest.raises(DownloadError, match="could not be saved in"):
        save_text("text", tmp_path / "file" / "sub", "a.md")
