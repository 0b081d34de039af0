"""Writing a file in one step from pieces: the whole file appears, or the old one stays."""

from pathlib import Path

import pytest

from app.core.storage.private_files import write_atomic


def test_pieces_are_written_in_order_with_mode_0600(tmp_path: Path) -> None:
    target = tmp_path / "file"
    write_atomic(target, (b"head", b"\n", b"x" * 300_000, b"\n"))
    assert target.read_bytes() == b"head\n" + b"x" * 300_000 + b"\n"
    assert target.stat().st_mode & 0o777 == 0o600


def test_a_failing_piece_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_bytes(b"old")

    def pieces():
        yield b"new"
        raise OSError("disk full")

    with pytest.raises(OSError):
        write_atomic(target, pieces())  # type: ignore[arg-type]  # any iterable of pieces works
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["file"]
