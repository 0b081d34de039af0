"""One archive member's bytes, read in memory with a hard cap, and what the viewer makes of them.

Inflation is bounded by reading at most ``cap + 1`` bytes from the member's stream, so a bomb
stops at the cap; nothing is written to disk. A member is shown as text when its bytes are text,
else said to be what its bytes are (a nested archive is named, not opened). Nothing here imports
Textual.
"""

from __future__ import annotations

import codecs
import io
import tarfile
import zipfile
import zlib
from dataclasses import dataclass

from app.core.attachments.archives import ArchiveError, Inflated, Listing, Member, tar_stream
from app.core.attachments.bounded import Deadline
from app.core.attachments.kinds import SNIFF_BYTES, judge, sniff_encoding
from app.core.text.formatting import format_size
from app.core.text.safe_text import clean, clean_line

MEMBER_CAP = 2 * 1024 * 1024
"""Bytes of a member read at most (the default preview cap)."""
MEMBER_SECONDS = 5.0
"""How long reading one member may take."""


@dataclass(frozen=True)
class MemberView:
    """What the viewer shows of one member: its text, or why there is none."""

    member: Member
    text: str | None
    """The cleaned text, or ``None`` when the member is not shown as text."""
    what: str
    """In words: "text", "a PNG image", "a ZIP archive inside the archive", or why it cannot be read."""
    truncated: bool = False
    """True when the member goes on past the cap."""
    received: int = 0


def _read_zip(listing: Listing, index: int, cap: int) -> bytes:
    with zipfile.ZipFile(io.BytesIO(listing.data)) as archive:
        info = archive.infolist()[index]
        with archive.open(info) as stream:
            return stream.read(cap + 1)  # inflates at most this much: a bomb stops at the cap


def _read_tar(listing: Listing, index: int, cap: int, deadline: Deadline) -> bytes:
    with tar_stream(listing.data, listing.format == "tar.gz") as archive:
        for position, info in enumerate(archive):
            if position == index:
                stream = archive.extractfile(info)
                return stream.read(cap + 1) if stream is not None else b""
            if deadline.expired():
                raise ArchiveError(f"finding it took longer than {deadline.seconds:g} s")
    raise ArchiveError("the archive ended before this member")


def _read_gzip(listing: Listing, cap: int) -> bytes:
    inflater = zlib.decompressobj(wbits=31)
    return inflater.decompress(listing.data, cap + 1)


def read_member_bytes(
    listing: Listing, member: Member, cap: int = MEMBER_CAP, seconds: float = MEMBER_SECONDS
) -> bytes:
    """Up to ``cap + 1`` bytes of ``member`` (one more than the cap says it goes on).

    Raises ``ArchiveError`` in words when it cannot be read.
    """
    try:
        if listing.format == "zip":
            return _read_zip(listing, member.index, cap)
        if listing.format == "gzip":
            return _read_gzip(listing, cap)
        return _read_tar(listing, member.index, cap, Deadline(seconds))
    except Inflated:
        raise ArchiveError("the archive inflates past its limit before this member") from None
    except RuntimeError as error:  # zipfile: encrypted, or a bad password
        raise ArchiveError(f"it cannot be read ({clean_line(error)[:120]})") from None
    except (
        zipfile.BadZipFile,
        tarfile.TarError,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,
        zlib.error,
    ) as error:
        raise ArchiveError(f"it is damaged ({clean_line(error)[:120]})") from None


def view_member(listing: Listing, member: Member, cap: int = MEMBER_CAP) -> MemberView:
    """What to show of ``member``: its text (cleaned, cut at ``cap``), or what it is in words."""
    if member.type == "dir":
        return MemberView(member, None, "a folder")
    if member.type == "link":
        target = f" to {member.link_target}" if member.link_target else ""
        return MemberView(member, None, f"a link{target}: links are listed, never followed")
    if member.type != "file":
        return MemberView(member, None, "a special file (a device or a pipe): nothing to show")
    if listing.bomb is not None:
        return MemberView(member, None, f"not read: the archive looks like a decompression bomb ({listing.bomb})")
    if member.encrypted:
        return MemberView(member, None, "encrypted: its contents cannot be shown")
    try:
        data = read_member_bytes(listing, member, cap)
    except ArchiveError as error:
        return MemberView(member, None, str(error))
    truncated = len(data) > cap
    data = data[:cap]
    head = data[:SNIFF_BYTES]
    kind, label = judge((), head, complete=not truncated and len(data) <= SNIFF_BYTES)
    if kind == "archive":
        return MemberView(member, None, f"{_article(label)} inside the archive: download the archive to open it")
    if kind != "text":
        return MemberView(member, None, f"{_article(label) if label else 'binary data'}: not shown as text")
    encoding = sniff_encoding(head, complete=not truncated and len(data) <= SNIFF_BYTES) or "utf-8"
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    text = clean(decoder.decode(data, final=not truncated))
    shown = f"text, first {format_size(len(data))}" if truncated else "text"
    return MemberView(member, text, shown, truncated=truncated, received=len(data))


def _article(label: str | None) -> str:
    if not label:
        return "a file"
    return ("an " if label[:1].upper() in "AEIOUX" else "a ") + label
