"""Text saved as a file in the download folder (a copy too big for the clipboard), as downloads are.

It goes to a hidden part file first (mode 0600), is flushed to disk, and appears under a name that
did not exist before (``name.md``, else ``name (1).md``, ...): nothing is ever overwritten, and a
failure leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from app.core.attachments.downloads import PART_PREFIX, PART_SUFFIX, disk_error, publish, safe_filename


def save_text(text: str, dest_dir: Path, name: str) -> Path:
    """Write ``text`` (UTF-8) as a new file in ``dest_dir`` named after ``name``; where it went.

    Raises ``DownloadError`` with the reason when it cannot be written.
    """
    dest_dir = Path(dest_dir)
    try:
        dest_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, part = tempfile.mkstemp(dir=dest_dir, prefix=f"{PART_PREFIX}{os.getpid()}-", suffix=PART_SUFFIX)
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(text.encode("utf-8", errors="replace"))
                file.flush()
                os.fsync(file.fileno())
            return publish(Path(part), dest_dir, safe_filename(name, fallback="ticket.txt"))
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(part)
            raise
    except OSError as error:
        raise disk_error(error, dest_dir) from None
