"""Save attachments so that nothing is lost: never overwrite, never leave half a file behind.

A download streams into a hidden ``.part`` file beside its destination (mode 0600), with the disk
writes in a worker thread so an event loop (the UI) stays live. Only when every byte has arrived,
the size checks out and the data is on disk is it published under a name that did not exist
before: ``name.ext``, else ``name (1).ext``, ... Any failure or cancellation removes the part file,
and so does the process ending (``remove_live_parts``, called on exit and on SIGTERM / SIGHUP); a
part left by a process that was killed outright is removed at the next start (``remove_stale_parts``).

``safe_filename`` makes a file name from the API (untrusted) one plain file name, which never
chooses a folder, hides its real extension or names a device.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import errno
import os
import re
import tempfile
import time
import unicodedata
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import httpx
import humanize
from pathvalidate import sanitize_filename

from app.core.api.client import TicketClient
from app.core.api.decoding import EncodingRefused, decoded_chunks
from app.core.api.models import Attachment
from app.core.errors import DownloadError
from app.core.net import declared_length
from app.core.storage.private_files import process_alive

MAX_NAME_BYTES = 255
MAX_EXTENSION_BYTES = 32
PROGRESS_INTERVAL = 0.1
"""Seconds between progress reports: at most 10 a second (each one repaints a row)."""
MAX_NUMBERED_NAMES = 10_000
WINDOWS_DEVICES = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{kind}{digit}" for kind in ("COM", "LPT") for digit in "123456789¹²³"}
)
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_NO_HARD_LINKS = frozenset(
    code
    for code in (
        errno.EPERM,
        errno.ENOTSUP,
        errno.EOPNOTSUPP,
        errno.EXDEV,
        errno.EMLINK,
        getattr(errno, "ENOSYS", None),
    )
    if code is not None
)


@dataclass(frozen=True)
class Progress:
    """How far a download has come."""

    received: int
    total: int | None
    """From Content-Length, else the attachment's size; ``None`` when unknown."""
    elapsed: float
    """Seconds since the download started."""

    @property
    def speed(self) -> float:
        """Average bytes per second so far."""
        return self.received / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def fraction(self) -> float | None:
        """Share done, 0.0 to 1.0, or ``None`` when the total is unknown."""
        if not self.total:
            return None
        return min(1.0, self.received / self.total)


# --- names ---------------------------------------------------------------------------------


def _cut_utf8(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` UTF-8 bytes, never inside a character."""
    return text.encode("utf-8")[:limit].decode("utf-8", errors="ignore")


def _fit(stem: str, extension: str, limit: int = MAX_NAME_BYTES) -> str:
    """``stem + extension`` within ``limit`` bytes, shortening the stem to keep the extension."""
    if len((stem + extension).encode("utf-8")) <= limit:
        return stem + extension
    if len(extension.encode("utf-8")) > MAX_EXTENSION_BYTES:
        stem, extension = stem + extension, ""
    room = limit - len(extension.encode("utf-8"))
    return _cut_utf8(stem, room).rstrip(" .") + extension


_ENDS = re.compile(r"^[\s.]+|[\s.]+$")
"""Dots and white space at either end of a name."""


def _sanitized(name: str) -> str:
    """One pass of trimming, byte capping and pathvalidate's portable clean-up."""
    name = name.strip()
    name = _fit(*os.path.splitext(name))  # first, or pathvalidate's own cut drops the extension
    name = sanitize_filename(
        name,
        replacement_text="_",
        platform="universal",
        max_len=None,
        additional_reserved_names=["CONIN$", "CONOUT$"],
    )
    # Never a hidden file (".bashrc"), nor one named as this program's own part files, which a later
    # start would take for a killed download's and remove: leading dots go, as browsers drop them.
    name = _ENDS.sub("", name)
    if name.split(".")[0].rstrip(" ").upper() in WINDOWS_DEVICES:
        name = "_" + name  # "CON .txt" still opens the console on Windows; pathvalidate lets it be
    return _fit(*os.path.splitext(name))


def safe_filename(name: str | None, *, fallback: str = "attachment") -> str:
    """One plain, portable file name made from an untrusted ``name`` (``fallback`` if nothing is left)."""
    if not name:
        return fallback
    parts = [part for part in name.replace("\\", "/").split("/") if part]
    name = parts[-1] if parts else ""
    name = "".join(ch for ch in name if unicodedata.category(ch) not in _INVISIBLE_CATEGORIES)
    for _ in range(4):  # trimming can uncover a reserved name (" CON" -> "CON"): clean until stable
        cleaner = _sanitized(name)
        if cleaner == name:
            break
        name = cleaner
    return name if name and set(name) != {"."} else fallback


def numbered(name: str, number: int) -> str:
    """``name`` for the ``number``-th clash: ``report (1).pdf`` (0 gives ``name`` itself)."""
    if number == 0:
        return name
    stem, extension = os.path.splitext(name)
    if len(extension.encode("utf-8")) > MAX_EXTENSION_BYTES:
        stem, extension = name, ""
    tail = f" ({number}){extension}"
    return _cut_utf8(stem, MAX_NAME_BYTES - len(tail.encode("utf-8"))) + tail


def _name_from_url(url: str | None) -> str | None:
    """The last path segment of ``url``, decoded, as a name of last resort."""
    try:
        path = urlsplit(url or "").path
    except ValueError:
        return None
    return unquote(path.rsplit("/", 1)[-1]) or None


# --- the part file -------------------------------------------------------------------------


PART_PREFIX = ".ticketview-"
PART_SUFFIX = ".part"
_LIVE_PARTS: set[Path] = set()
"""The part files of downloads running in this process."""


def remove_live_parts() -> None:
    """Remove the part files of every download still running (the process is ending)."""
    for path in list(_LIVE_PARTS):
        with contextlib.suppress(OSError):
            os.unlink(path)
        _LIVE_PARTS.discard(path)


atexit.register(remove_live_parts)  # a normal exit, or an exception unwinding the process


def remove_stale_parts(folder: Path) -> int:
    """Remove part files in ``folder`` left by ticketview processes that are gone; how many."""
    removed = 0
    try:
        names = [name for name in os.listdir(folder) if name.startswith(PART_PREFIX) and name.endswith(PART_SUFFIX)]
    except OSError:
        return 0
    for name in names:
        pid_text = name[len(PART_PREFIX) :].split("-", 1)[0]
        if not pid_text.isdigit() or process_alive(int(pid_text)):
            continue
        path = folder / name
        with contextlib.suppress(OSError):
            if path.lstat().st_uid == os.getuid() and path.is_file() and not path.is_symlink():
                path.unlink()
                removed += 1
    return removed


class _PartFile:
    """A ``.part`` file whose writes, fsync and removal run in order in one worker thread."""

    def __init__(self, dest_dir: Path) -> None:
        fd, path = tempfile.mkstemp(dir=dest_dir, prefix=f"{PART_PREFIX}{os.getpid()}-", suffix=PART_SUFFIX)
        self.path = Path(path)
        _LIVE_PARTS.add(self.path)
        self._file = os.fdopen(fd, "wb")
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ticketview-download")
        self._pending: asyncio.Future[object] | None = None

    async def write(self, data: bytes) -> None:
        """Queue ``data``; the previous write is awaited first, so one write overlaps the network."""
        await self.drain()
        self._pending = asyncio.wrap_future(self._pool.submit(self._file.write, data))

    async def drain(self) -> None:
        """Wait for the queued write."""
        pending, self._pending = self._pending, None
        if pending is not None:
            await pending

    async def sync(self) -> None:
        """Write everything queued and make it durable."""
        await self.drain()
        await asyncio.wrap_future(self._pool.submit(self._flush_and_sync))

    def _flush_and_sync(self) -> None:
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()

    def discard(self) -> None:
        """Remove the part file; waits (briefly) for a write still running in the thread."""
        self._pool.submit(self._close_and_remove).result()
        self._pool.shutdown(wait=False)

    def _close_and_remove(self) -> None:
        with contextlib.suppress(OSError):
            self._file.close()
        self.path.unlink(missing_ok=True)
        _LIVE_PARTS.discard(self.path)

    def done(self) -> None:
        """Release the worker thread (the part file has its final name now)."""
        _LIVE_PARTS.discard(self.path)
        self._pool.shutdown(wait=False)


def publish(part: Path, dest_dir: Path, name: str) -> Path:
    """Give ``part`` the first free name of ``name``, ``name (1)``, ...; never replaces anything."""
    linkable = True
    for number in range(MAX_NUMBERED_NAMES):
        final = dest_dir / numbered(name, number)
        if linkable:
            try:
                os.link(part, final)  # fails on any existing entry, a dangling symlink included
            except FileExistsError:
                continue
            except OSError as error:
                if error.errno not in _NO_HARD_LINKS:
                    raise
                linkable = False
            else:
                with contextlib.suppress(OSError):  # the file is saved; a stray .part is no failure
                    part.unlink()
                return final
        try:  # no hard links here: reserve the name exclusively, then move the data over it
            fd = os.open(final, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0), 0o600)
        except FileExistsError:
            continue
        os.close(fd)
        try:
            os.replace(part, final)
        except BaseException:
            final.unlink(missing_ok=True)
            raise
        return final
    raise DownloadError(f"Too many files named like {name!r} already exist in {dest_dir}.")


# --- the download --------------------------------------------------------------------------


def _too_big(limit: int) -> DownloadError:
    return DownloadError(
        f"The file is larger than the limit of {humanize.naturalsize(limit, binary=True)}; "
        "raise max_download_bytes (or TICKETVIEW_MAX_DOWNLOAD) to fetch it."
    )


def disk_error(error: OSError, dest_dir: Path) -> DownloadError:
    if dest_dir.exists() and not dest_dir.is_dir():
        return DownloadError(
            f"The download folder {dest_dir} is a file, not a folder: name another one "
            "(--download-dir, or TICKETVIEW_DOWNLOAD_DIR)."
        )
    reason = error.strerror or type(error).__name__
    return DownloadError(f"The file could not be saved in {dest_dir}: {reason}.")


async def download_attachment(
    client: TicketClient,
    attachment: Attachment,
    dest_dir: Path,
    *,
    on_progress: Callable[[Progress], object] | None = None,
    max_bytes: int | None = None,
    chunk_size: int = 1024 * 1024,
) -> Path:
    """Download ``attachment`` into ``dest_dir`` and return the path it was saved under."""
    expected = attachment.size if attachment.size and attachment.size > 0 else None
    if max_bytes is not None and expected is not None and expected > max_bytes:
        raise _too_big(max_bytes)
    name = safe_filename(attachment.filename or _name_from_url(attachment.url))
    dest_dir = Path(dest_dir)
    started = time.monotonic()
    async with client.stream(attachment.url or "") as response:
        declared = declared_length(response)
        if max_bytes is not None and declared is not None and declared > max_bytes:
            raise _too_big(max_bytes)
        total = declared if declared is not None else expected
        try:
            dest_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            part = _PartFile(dest_dir)
        except OSError as error:
            raise disk_error(error, dest_dir) from None
        try:
            received = await _receive(response, part, total, started, on_progress, max_bytes, chunk_size)
            if declared is not None and received != declared:
                _incomplete(received, declared)
            if expected is not None and received != expected:
                _incomplete(received, expected)
            await part.sync()
            final = publish(part.path, dest_dir, name)
        except OSError as error:
            part.discard()
            raise disk_error(error, dest_dir) from None
        except BaseException:
            part.discard()
            raise
        part.done()
    if on_progress is not None:
        on_progress(Progress(received, total, time.monotonic() - started))
    return final


def _incomplete(got: int, wanted: int) -> None:
    if got < wanted:
        raise DownloadError(f"It stopped short: got {got} of {wanted} bytes.")
    raise DownloadError(f"More arrived than expected: got {got} of {wanted} bytes.")


async def _receive(
    response: httpx.Response,
    part: _PartFile,
    total: int | None,
    started: float,
    on_progress: Callable[[Progress], object] | None,
    max_bytes: int | None,
    chunk_size: int,
) -> int:
    """Stream the body into ``part`` in ``chunk_size`` writes; the number of bytes received."""
    received, last_report = 0, float("-inf")
    buffer = bytearray()
    # decoded here, bounded at each step: a compression bomb stops at max_bytes, never in memory
    try:
        async for chunk in decoded_chunks(response):
            received += len(chunk)
            if max_bytes is not None and received > max_bytes:
                raise _too_big(max_bytes)
            buffer += chunk
            if len(buffer) >= chunk_size:
                await part.write(bytes(buffer))
                buffer.clear()
            now = time.monotonic()
            if on_progress is not None and now - last_report >= PROGRESS_INTERVAL:
                last_report = now
                on_progress(Progress(received, total, now - started))
    except EncodingRefused as refused:
        raise DownloadError(refused.reason) from None
    if buffer:
        await part.write(bytes(buffer))
    return received
