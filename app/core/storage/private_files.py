"""Small files only the user can read, written atomically: the ground under ``app.core.storage.user_data``.

Folders are made 0700 and files 0600. A file is written to a temporary file in the same folder and
then renamed over the old one (``os.replace``), so a reader, or a second ticketview writing at the
same moment, sees the old file or the new one, never half of one: the last writer wins. Reads are
capped, so a huge or endless file cannot exhaust memory, and open only regular files, without
following a link or waiting: a FIFO or a device in place of a file is refused at once, and a
folder of ours that is a symbolic link is not followed.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

MAX_FILE_BYTES = 64 * 1024 * 1024
"""No file of ours is bigger; a bigger one is foreign (or hostile) and is not read."""
TEMP_SUFFIX = ".tmp"
FOLDER_MODE = 0o700
FILE_MODE = 0o600


class FileTooBig(OSError):
    """The file is over ``MAX_FILE_BYTES``."""


def is_link(folder: Path) -> bool:
    """Whether ``folder`` is a symbolic link (a folder of ours never is: one put there is not followed)."""
    return os.path.islink(folder)


def make_folder(folder: Path) -> None:
    """Create ``folder`` and any missing parents, each 0700; raises ``OSError`` if it cannot be made,
    or if ``folder`` itself is a symbolic link (its parents may be: a home on another disk, say)."""
    if is_link(folder):
        raise NotADirectoryError(f"{folder} is a symbolic link, not a folder of ours")
    missing: list[Path] = []
    probe = folder
    while not probe.is_dir():
        if os.path.lexists(probe) and not probe.is_symlink():
            raise NotADirectoryError(f"{probe} is in the way of the folder {folder}")
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    for path in reversed(missing):
        with contextlib.suppress(FileExistsError):
            path.mkdir(mode=FOLDER_MODE)
        os.chmod(path, FOLDER_MODE)  # mkdir's mode is filtered by the umask
    info = folder.stat()
    if not stat.S_ISDIR(info.st_mode):
        raise NotADirectoryError(f"{folder} is not a folder")
    if stat.S_IMODE(info.st_mode) != FOLDER_MODE and info.st_uid == os.getuid():
        with contextlib.suppress(OSError):
            os.chmod(folder, FOLDER_MODE)


def write_atomic(
    path: Path, data: bytes | Sequence[bytes], *, durable: bool = False, mtime: float | None = None
) -> None:
    """Replace ``path`` with ``data`` (mode 0600) in one step; on any failure the old file stays as it was.

    ``data`` may come in pieces, written one after another: a large file is then never copied
    into one buffer first.

    ``durable`` flushes the data to disk before the rename; ``mtime`` sets the file's modification
    time (the cache orders its entries by it).
    """
    import tempfile  # here, not at start-up: writing comes after the first frame

    make_folder(path.parent)
    # mode 0600; the pid in the name lets a later run remove it if this process is killed mid-write
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=TEMP_SUFFIX)
    try:
        try:
            for piece in (data,) if isinstance(data, bytes) else data:
                view = memoryview(piece)
                while view:
                    view = view[os.write(fd, view) :]
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        if mtime is not None:
            os.utime(temporary, (mtime, mtime))
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def open_regular(path: Path, *, follow_links: bool = False) -> BinaryIO:
    """``path`` opened for reading if it is a regular file; ``OSError`` at once otherwise.

    Never blocks (a FIFO would wait for a writer for ever) and, unless ``follow_links``, never
    follows a symbolic link.
    """
    nofollow = 0 if follow_links else os.O_NOFOLLOW
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | nofollow | os.O_CLOEXEC)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise IsADirectoryError(f"{path} is not a regular file")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_capped(path: Path, limit: int = MAX_FILE_BYTES, *, follow_links: bool = False) -> bytes:
    """The bytes of the regular file at ``path``; ``FileTooBig`` past ``limit``, ``OSError`` if unreadable."""
    with open_regular(path, follow_links=follow_links) as file:
        info = os.fstat(file.fileno())
        if info.st_size > limit:
            raise FileTooBig(f"{path} is over {limit} bytes")
        data = file.read(limit + 1)  # the file may have grown since fstat
    if len(data) > limit:
        raise FileTooBig(f"{path} is over {limit} bytes")
    return data


def remove(path: Path) -> None:
    """Delete ``path`` if it is there and can be deleted; never raises."""
    with contextlib.suppress(OSError):
        path.unlink()


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (another user's counts as running)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def remove_stale_temporaries(folder: Path) -> int:
    """Remove ``write_atomic``'s temporary files in ``folder`` left by processes that are gone; how many."""
    try:
        names = [name for name in os.listdir(folder) if name.startswith(".") and name.endswith(TEMP_SUFFIX)]
    except OSError:
        return 0
    removed = 0
    for name in names:
        parts = name[: -len(TEMP_SUFFIX)].split(".")
        pid = next((part for part in reversed(parts[:-1]) if part.isdigit()), None)  # .recent.json.<pid>.<random>
        if pid is None or process_alive(int(pid)):
            continue
        path = folder / name
        with contextlib.suppress(OSError):
            if not path.is_symlink() and path.is_file() and path.lstat().st_uid == os.getuid():
                path.unlink()
                removed += 1
    return removed
