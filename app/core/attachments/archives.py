"""An archive's listing (zip, tar, tar.gz, one gzipped file), read in memory and never extracted.

Everything in an archive is hostile. Names are made display-safe (``clean_line``), and a name that
would land outside a folder it were extracted to (``../``, an absolute path, a drive) is marked
"outside the archive". Bounds: at most ``MAX_MEMBERS`` members are listed (the count says how many
there are when the archive says); inflating a ``tar.gz`` stops at ``MAX_INFLATED`` bytes; a zip
whose members claim more than ``MAX_UNPACKED`` bytes in all, a ratio past ``MAX_RATIO``, or
members that overlap (the same bytes counted many times) is flagged as a bomb, and its members
are not read. A ``Deadline`` stops a listing that takes too long. Nothing here imports Textual.
"""

from __future__ import annotations

import gzip
import io
import os
import struct
import tarfile
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import IO, Literal, cast

from app.core.attachments.bounded import Deadline
from app.core.attachments.kinds import gunzip_head, is_tar
from app.core.text.formatting import format_size
from app.core.text.safe_text import clean_line

MAX_MEMBERS = 10_000
"""Members listed at most; the listing says how many more there are."""
MAX_UNPACKED = 1024**3
"""A zip whose members claim more than this in all (1 GiB) is flagged as a bomb."""
MAX_RATIO = 200
"""A member claiming to inflate more than this many times its packed size (past 1 MiB) is a bomb."""
RATIO_FLOOR = 1024 * 1024
"""Members smaller than this are never flagged by their ratio (a file of spaces packs 1000:1)."""
MAX_INFLATED = 256 * 1024 * 1024
"""Bytes a ``tar.gz`` may inflate to while it is listed or a member is read (256 MiB)."""
LIST_SECONDS = 5.0
"""How long a listing may take before it stops and says so."""
NAME_LIMIT = 300
"""Characters of a member's name shown."""
CHECK_EVERY = 64
"""Members listed between two looks at the clock (a member takes microseconds)."""

MemberType = Literal["file", "dir", "link", "other"]
ArchiveFormat = Literal["zip", "tar", "tar.gz", "gzip"]

_OFFICE = (
    ("word/document.xml", "Word document"),
    ("xl/workbook.xml", "Excel workbook"),
    ("ppt/presentation.xml", "PowerPoint presentation"),
    ("content.xml", "OpenDocument file"),
    ("META-INF/MANIFEST.MF", "Java archive"),
    ("AndroidManifest.xml", "Android app"),
)


class ArchiveError(Exception):
    """The archive cannot be read (damaged, or not what its first bytes said); ``str`` is safe words."""


class Inflated(Exception):
    """A compressed stream went past what it may inflate to."""


@dataclass(frozen=True)
class Member:
    """One entry of the listing; every text in it is display-safe."""

    index: int
    """Its place in the archive (how it is found again to be read)."""
    name: str
    size: int | None
    """Bytes it unpacks to, as the archive claims (``None`` if it does not say)."""
    compressed: int | None
    """Bytes it takes in the archive (zip and gzip only)."""
    modified: datetime | None
    type: MemberType
    encrypted: bool = False
    outside: bool = False
    """Its name would land outside the folder it were extracted to (``../x``, ``/etc/x``, ``C:\\x``)."""
    link_target: str | None = None


@dataclass(frozen=True)
class Listing:
    """What an archive holds, as far as it was read."""

    format: ArchiveFormat
    label: str
    """In words: "ZIP archive", "Word document (a ZIP archive)", "tar.gz archive"."""
    members: tuple[Member, ...]
    total: int | None
    """Members in the archive when known (may be more than listed)."""
    unpacked: int
    """Bytes the listed members claim to unpack to."""
    bomb: str | None = None
    """Why its members are not read (a decompression bomb), in words."""
    stopped: str | None = None
    """Why the listing stopped before the end, in words."""
    data: bytes = field(default=b"", repr=False)
    """The archive's bytes, to read a member from."""

    @property
    def shown(self) -> int:
        """Members listed."""
        return len(self.members)

    def count_words(self) -> str:
        """ "12 members", "first 10,000 of 1,234,567 members", "first 10,000 members"."""
        shown = len(self.members)
        plural = "" if shown == 1 else "s"
        if self.total is not None and self.total > shown:
            return f"first {shown:,} of {self.total:,} members"
        if self.stopped is not None or (self.total is None and shown >= MAX_MEMBERS):
            return f"first {shown:,} member{plural}"
        return f"{shown:,} member{plural}"


def safe_name(raw: str) -> str:
    """A member's name for the screen: control, bidi and markup shown as text, bounded."""
    name = clean_line(raw)
    return name if len(name) <= NAME_LIMIT else name[: NAME_LIMIT - 1] + "…"


def is_outside(raw: str) -> bool:
    """Whether extracting ``raw`` would write outside the target folder (absolute, ``..``, a drive)."""
    if raw.startswith(("/", "\\")) or raw[1:2] == ":":
        return True
    return ".." in raw and ".." in raw.replace("\\", "/").split("/")  # most names have no ".." at all


def _zip_time(values: tuple[int, int, int, int, int, int]) -> datetime | None:
    try:
        return datetime(*values, tzinfo=UTC)
    except ValueError:
        return None  # a damaged or hostile date (month 0, day 31 of February)


def _epoch(seconds: float) -> datetime | None:
    try:
        return datetime.fromtimestamp(seconds, UTC) if seconds > 0 else None
    except (OverflowError, OSError, ValueError):
        return None


def _office_label(names: set[str]) -> str | None:
    for marker, label in _OFFICE:
        if marker in names:
            return f"{label} (a ZIP archive)"
    return None


def list_zip(data: bytes, deadline: Deadline, max_members: int = MAX_MEMBERS) -> Listing:
    """The listing of a zip archive, flagged when its claimed sizes make it a bomb."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
        raise ArchiveError(f"this ZIP archive is damaged ({clean_line(error)[:200]})") from None
    infos = archive.infolist()
    members: list[Member] = []
    claimed = packed = 0
    ratio_bomb: str | None = None
    stopped = None
    for index, info in enumerate(infos):
        claimed += info.file_size
        packed += info.compress_size
        if (
            ratio_bomb is None
            and info.file_size > RATIO_FLOOR
            and info.file_size > MAX_RATIO * max(1, info.compress_size)
        ):
            ratio = info.file_size // max(1, info.compress_size)
            ratio_bomb = f"a member claims to inflate {ratio:,} times ({safe_name(info.filename)[:60]})"
        if index < max_members:
            link = (info.external_attr >> 16) & 0o170000 == 0o120000
            members.append(
                Member(
                    index=index,
                    name=safe_name(info.filename),
                    size=info.file_size,
                    compressed=info.compress_size,
                    modified=_zip_time(info.date_time),
                    type="dir" if info.is_dir() else ("link" if link else "file"),
                    encrypted=bool(info.flag_bits & 0x1),
                    outside=is_outside(info.filename),
                )
            )
        if index % CHECK_EVERY == 0 and deadline.expired():
            stopped = f"listing stopped after {deadline.seconds:g} s"
            break
    names = {info.filename for info in infos[:max_members]}
    label = _office_label(names) or "ZIP archive"
    bomb = None
    if claimed > MAX_UNPACKED:
        bomb = f"its members claim to unpack to {format_size(claimed)}, more than {format_size(MAX_UNPACKED)}"
    elif packed > len(data) + 1024:
        bomb = "its members overlap (the same bytes are counted many times), a known bomb trick"
    elif ratio_bomb is not None:
        bomb = ratio_bomb
    return Listing("zip", label, tuple(members), len(infos), claimed, bomb=bomb, stopped=stopped, data=data)


class CappedReader(io.RawIOBase):
    """A read-only stream over ``source`` that raises ``Inflated`` past ``limit`` bytes."""

    def __init__(self, source: IO[bytes], limit: int) -> None:
        super().__init__()
        self._source = source
        self._limit = limit
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]  # RawIOBase's buffer type
        want = min(len(buffer), self._limit + 1 - self.count)
        if want <= 0:
            raise Inflated(self._limit)
        chunk = self._source.read(want)
        if self.count + len(chunk) > self._limit:
            raise Inflated(self._limit)
        buffer[: len(chunk)] = chunk
        self.count += len(chunk)
        return len(chunk)


def tar_stream(data: bytes, compressed: bool, limit: int | None = None) -> tarfile.TarFile:
    """A streaming (``r|``) tar reader over ``data``; a ``tar.gz`` is inflated here, at most ``limit`` bytes."""
    source: IO[bytes] = io.BytesIO(data)
    if compressed:
        inflated = cast("IO[bytes]", gzip.GzipFile(fileobj=source, mode="rb"))
        source = io.BufferedReader(CappedReader(inflated, MAX_INFLATED if limit is None else limit))
    return tarfile.open(fileobj=source, mode="r|")


def _is_link(info: tarfile.TarInfo) -> bool:
    """A symbolic or a hard link: either points at a path, which extracting may follow or copy."""
    return info.issym() or info.islnk()


def _tar_type(info: tarfile.TarInfo) -> MemberType:
    if info.isdir():
        return "dir"
    if info.issym() or info.islnk():
        return "link"
    return "file" if info.isfile() else "other"


def list_tar(data: bytes, compressed: bool, deadline: Deadline, max_members: int = MAX_MEMBERS) -> Listing:
    """The listing of a tar or tar.gz archive, read as a stream (nothing kept but the listing)."""
    fmt: ArchiveFormat = "tar.gz" if compressed else "tar"
    members: list[Member] = []
    unpacked = 0
    count = 0
    stopped = bomb = None
    try:
        with tar_stream(data, compressed) as archive:
            for info in archive:
                if count < max_members:
                    members.append(
                        Member(
                            index=count,
                            name=safe_name(info.name),
                            size=info.size if info.isfile() else None,
                            compressed=None,
                            modified=_epoch(info.mtime),
                            type=_tar_type(info),
                            outside=is_outside(info.name) or (_is_link(info) and is_outside(info.linkname)),
                            link_target=safe_name(info.linkname) if info.linkname else None,
                        )
                    )
                    unpacked += info.size if info.isfile() else 0
                count += 1
                if deadline.expired():
                    stopped = f"listing stopped after {deadline.seconds:g} s"
                    break
    except Inflated:
        bomb = f"it inflates to more than {format_size(MAX_INFLATED)}: listing stopped there"
        stopped = bomb
    except (tarfile.TarError, OSError, EOFError, ValueError, zlib.error) as error:
        if not members:
            raise ArchiveError(f"this {fmt} archive is damaged ({clean_line(error)[:200]})") from None
        stopped = f"the rest is damaged ({clean_line(error)[:120]})"
    total = count if stopped is None else None
    return Listing(fmt, f"{fmt} archive", tuple(members), total, unpacked, bomb=bomb, stopped=stopped, data=data)


def gzip_member_name(data: bytes, filename: str | None) -> str:
    """The name a gzip file keeps of what it holds (its header's FNAME), else ``filename`` without ``.gz``."""
    if len(data) > 10 and data[3] & 0x08:
        start = 10
        if data[3] & 0x04 and len(data) > 12:  # FEXTRA comes first
            start += 2 + struct.unpack("<H", data[10:12])[0]
        end = data.find(b"\x00", start, start + 1024)
        if end > start:
            return data[start:end].decode("latin-1")
    base = os.path.basename((filename or "").replace("\\", "/"))
    stem = base[:-3] if base.lower().endswith(".gz") else (base or "file")
    return stem or "file"


def list_gzip(data: bytes, filename: str | None) -> Listing:
    """A gzip file of one file, listed as an archive of that one member (its size as the trailer claims)."""
    claimed = struct.unpack("<I", data[-4:])[0] if len(data) >= 18 else None  # modulo 4 GiB: a claim only
    mtime = struct.unpack("<I", data[4:8])[0] if len(data) >= 8 else 0
    raw = gzip_member_name(data, filename)
    member = Member(
        index=0,
        name=safe_name(raw),
        size=claimed,
        compressed=len(data),
        modified=_epoch(mtime),
        type="file",
        outside=is_outside(raw),
    )
    return Listing("gzip", "gzip file", (member,), 1, claimed or 0, data=data)


def list_archive(data: bytes, filename: str | None = None, *, seconds: float = LIST_SECONDS) -> Listing:
    """The listing of ``data``, whichever of zip, tar, tar.gz or gzip its bytes say it is.

    Raises ``ArchiveError`` (in words) when it is none of them or is damaged from the start.
    """
    deadline = Deadline(seconds)
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return list_zip(data, deadline)
    if is_tar(data):
        return list_tar(data, False, deadline)
    if data.startswith(b"\x1f\x8b"):
        if is_tar(gunzip_head(data)):
            return list_tar(data, True, deadline)
        return list_gzip(data, filename)
    raise ArchiveError("these bytes are not a ZIP, tar or gzip archive")
