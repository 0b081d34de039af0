"""Editing text in the agent's editor: which command runs, the private file, the text read back bounded."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from app.core.editor import MAX_EDITED_BYTES, EditorFailed, edit_text, editor_command


def test_visual_wins_over_editor_and_is_split_as_a_shell_would() -> None:
    environ = {"VISUAL": "'/opt/My Editor/edit' --wait -n", "EDITOR": "nano"}
    assert editor_command(environ) == ["/opt/My Editor/edit", "--wait", "-n"]
    assert editor_command({"VISUAL": "  ", "EDITOR": "code --wait"}) == ["code", "--wait"]


def test_an_editor_that_is_not_a_command_line_is_named() -> None:
    with pytest.raises(EditorFailed, match="VISUAL is not a command line"):
        editor_command({"VISUAL": "vim '-c"})


def test_without_visual_or_editor_vi_or_nano_if_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    nano = bin_dir / "nano"
    nano.write_text("#!/bin/sh\n")
    nano.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    assert editor_command({}) == [str(nano)]
    nano.unlink()
    with pytest.raises(EditorFailed, match="neither vi nor nano"):
        editor_command({})


def test_the_text_goes_to_a_private_file_and_comes_back() -> None:
    seen: dict[str, object] = {}

    def editor(command: list[str]) -> int:
        path = Path(command[-1])
        seen["command"] = command[:-1]
        seen["mode"] = stat.S_IMODE(path.stat().st_mode)
        seen["text"] = path.read_text(encoding="utf-8")
        path.write_bytes(b"edited \xff text\n")  # a byte that is not UTF-8
        seen["path"] = path
        return 0

    assert edit_text("before ñ", {"VISUAL": "myeditor -f"}, editor) == "edited \ufffd text\n"
    assert seen["command"] == ["myeditor", "-f"] and seen["text"] == "before ñ" and seen["mode"] == 0o600
    assert not Path(str(seen["path"])).exists()


def test_a_failing_editor_leaves_the_text_and_the_file_goes() -> None:
    paths: list[Path] = []

    def editor(command: list[str]) -> int:
        paths.append(Path(command[-1]))
        return 1

    with pytest.raises(EditorFailed, match="ended with status 1"):
        edit_text("kept", {"EDITOR": "vi"}, editor)
    assert not paths[0].exists()


def test_an_editor_that_cannot_start_is_said_in_words() -> None:
    def missing(command: list[str]) -> int:
        raise FileNotFoundError(command[0])

    with pytest.raises(EditorFailed, match="no such command"):
        edit_text("", {"EDITOR": "nope"}, missing)


def test_a_file_grown_past_the_bound_is_refused() -> None:
    def huge(command: list[str]) -> int:
        with open(command[-1], "wb") as file:
            file.truncate(MAX_EDITED_BYTES + 1)
        return 0

    with pytest.raises(EditorFailed, match="over 1 MiB"):
        edit_text("", {"EDITOR": "vi"}, huge)


def test_a_real_process_as_the_editor(tmp_path: Path) -> None:
    script = tmp_path / "editor.py"
    script.write_text("import sys\nopen(sys.argv[-1], 'a', encoding='utf-8').write(' and more')\n")

    def run(command: list[str]) -> int:
        import subprocess

        return subprocess.run(command, check=False, env=dict(os.environ)).returncode

    assert edit_text("some", {"VISUAL": f"{sys.executable} {script}"}, run) == "some and more"
