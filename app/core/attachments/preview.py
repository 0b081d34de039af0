"""Read an attachment to show it in place: text (cleaned), the bytes of an image, PDF or archive,
or a note of what it is.

At most ``limit`` bytes are fetched (through ``TicketClient.stream``, so the token and scheme rules
of downloads hold). What the file is comes from its bytes (``app.core.attachments.kinds``): text is
read up to the cap, an image, PDF or archive whole (or not at all past the cap: a cut one cannot be
decoded), any other binary stops after its first bytes. The name only hints at the syntax.

The text is made safe with ``app.core.text.safe_text.clean``: no control character reaches the terminal.
Nothing here imports Textual.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import httpx

from app.core.api.client import TicketClient
from app.core.api.decoding import EncodingRefused, decoded_chunks
from app.core.api.models import Attachment
from app.core.attachments.kinds import (
    DECODED_KINDS,
    SNIFF_BYTES,
    FileKind,
    classify,
    detect_format,
    is_binary_type,
    is_text_type,
    judge,
    media_type,
    mismatch,
    sniff_encoding,
)
from app.core.config.settings import DEFAULT_PREVIEW_BYTES
from app.core.errors import DownloadError
from app.core.net import declared_length
from app.core.text.safe_text import clean, clean_line

__all__ = [
    "SNIFF_BYTES",
    "Preview",
    "classify",
    "decode_text",
    "detect_format",
    "fetch_preview",
    "guess_language",
    "is_binary_type",
    "is_text_type",
    "media_type",
]

# Syntax names as Textual's TextArea knows them; used only when that syntax is installed.
_LANGUAGE_BY_TYPE = {
    "application/json": "json",
    "application/ld+json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
    "image/svg+xml": "xml",
    "application/yaml": "yaml",
    "application/x-yaml": "yaml",
    "text/yaml": "yaml",
    "text/x-yaml": "yaml",
    "application/toml": "toml",
    "text/html": "html",
    "text/css": "css",
    "text/markdown": "markdown",
    "application/javascript": "javascript",
    "text/javascript": "javascript",
    "application/sql": "sql",
    "application/x-sh": "bash",
    "text/x-python": "python",
}
_LANGUAGE_BY_EXTENSION = {
    ".json": "json",
    ".xml": "xml",
    ".svg": "xml",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".toml": "toml",
    ".html": "html",
    ".htm": "html",
    ".css": "css",
    ".md": "markdown",
    ".js": "javascript",
    ".sql": "sql",
    ".sh": "bash",
    ".py": "python",
    ".go": "go",
    ".rs": "rust",
    ".java": "java",
}


def guess_language(declared: tuple[str | None, ...], filename: str | None) -> str | None:
    """The syntax to highlight with (a TextArea language name), from the types, else the name's extension."""
    for kind in declared:
        if language := _LANGUAGE_BY_TYPE.get(media_type(kind)):
            return language
        if media_type(kind).endswith("+json"):
            return "json"
        if media_type(kind).endswith("+xml"):
            return "xml"
    extension = os.path.splitext((filename or "").lower())[1]
    return _LANGUAGE_BY_EXTENSION.get(extension)


def decode_text(data: bytes, encoding: str, *, truncated: bool) -> str:
    """``data`` decoded and cleaned for the screen; a character cut by truncation is dropped."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    return clean(decoder.decode(data, final=not truncated))


def _unchanged(data: bytes) -> bytes:
    return data


@dataclass(frozen=True)
class Preview:
    """What the viewer shows of one attachment."""

    kind: FileKind
    text: str
    """The cleaned text (empty for other kinds)."""
    content_type: str
    """The type the server sent, else the one the API listed ("" if neither); safe to show."""
    received: int
    """Bytes read (at most the limit)."""
    total: int | None
    """The file's full size when known (Content-Length, else the API's size)."""
    truncated: bool
    """True when the file goes on past what was read."""
    limit: int
    """The cap the preview was read with."""
    encoding: str | None = None
    """The encoding the text was read with."""
    detected: str | None = None
    """What the bytes say the file is ("PNG image", "tar.gz archive"), if they say."""
    language: str | None = None
    """The syntax to highlight with, if known."""
    data: bytes = field(default=b"", repr=False)
    """The whole file, for an image, PDF or archive that fits the cap (else empty)."""
    too_big: bool = False
    """An image, PDF or archive larger than the cap: not read on (a cut one cannot be decoded)."""
    mismatch: str | None = None
    """How the bytes disagree with the name or the API's type, in words, if they do."""
    name: str = ""
    """The attachment's file name, display-safe (an archive of one gzipped file names its member after it)."""
    redact: Callable[[bytes], bytes] = field(default=_unchanged, repr=False, compare=False)
    """Blanks the agent's token out of bytes decoded later (an archive member, a PDF page's text)."""

    @property
    def line_count(self) -> int:
        """Lines of text shown."""
        if not self.text:
            return 0
        return self.text.count("\n") + (0 if self.text.endswith("\n") else 1)

    def redact_text(self, text: str) -> str:
        """``text`` with the token blanked out (see ``redact``)."""
        if self.redact is _unchanged:
            return text
        return self.redact(text.encode("utf-8", "surrogatepass")).decode("utf-8", "surrogatepass")


@dataclass
class _Read:
    data: bytes
    more: bool
    """The file goes on past ``data``."""
    stopped_early: bool = False
    """Reading stopped at the sniff: a binary file not worth reading on."""
    too_big: str | None = None
    """What an image, PDF or archive larger than the cap is ("PNG image"): nothing of it kept."""


async def _read_head(
    response: httpx.Response, limit: int, declared: tuple[str | None, ...], total: int | None
) -> _Read:
    """Up to ``limit`` bytes: all of them for text and for kinds decoded whole, the first sniff for
    other binaries; an image, PDF or archive past the cap is given up as soon as that is known.

    The pieces are kept as they arrive and joined once at the end (a 15 MiB image is copied once,
    not grown piece by piece and copied again)."""
    chunks: list[bytes] = []
    size = 0
    head = b""
    try:
        async for chunk in decoded_chunks(response):  # bounded at each step: a compression bomb stops at the cap
            chunks.append(chunk)
            size += len(chunk)
            if not head and size >= SNIFF_BYTES:
                head = b"".join(chunks)[:SNIFF_BYTES]
                kind, label = judge(declared, head)
                if kind == "binary":
                    return _Read(b"".join(chunks), True, stopped_early=True)  # no need to read a binary file on
                if kind in DECODED_KINDS and total is not None and total > limit:
                    return _Read(b"", True, too_big=label)
            if size > limit:
                kind, label = judge(declared, head or b"".join(chunks)[:SNIFF_BYTES])
                if kind in DECODED_KINDS:
                    return _Read(b"", True, too_big=label)
                return _Read(b"".join(chunks)[:limit], True)
    except EncodingRefused as refused:
        raise DownloadError(refused.reason) from None
    return _Read(b"".join(chunks), False)


async def fetch_preview(
    client: TicketClient,
    attachment: Attachment,
    *,
    limit: int = DEFAULT_PREVIEW_BYTES,
) -> Preview:
    """Read ``attachment`` up to ``limit`` bytes and make a ``Preview`` of it.

    Text is read up to the cap and shown cut there; an image, PDF or archive is read whole, or not
    at all when it is larger than the cap; any other binary stops after its first bytes.
    Raises ``DownloadError`` (from the client) when the file cannot be fetched.
    """
    limit = max(1, limit)
    api_size = attachment.size if attachment.size and attachment.size > 0 else None
    async with client.stream(attachment.url or "") as response:
        served = media_type(response.headers.get("content-type"))
        declared = (served, attachment.type)
        length = declared_length(response)
        total = length if length is not None else api_size
        read = await _read_head(response, limit, declared, total)
    data, more = read.data, read.more
    if not more and total is None:
        total = len(data)
    filename = clean_line(attachment.filename)
    base = Preview(
        "binary",
        "",
        content_type=clean_line(served or media_type(attachment.type))[:100],  # server text: shown, so made safe
        received=len(data),
        total=total,
        truncated=more,
        limit=limit,
        name=filename,
        redact=client.redact,
    )
    if read.too_big is not None:
        return replace(base, detected=read.too_big, too_big=True)
    head = data[:SNIFF_BYTES]
    complete = not more and len(data) <= SNIFF_BYTES
    kind, label = judge(declared, head, complete=complete)
    base = replace(base, detected=label, mismatch=mismatch(filename, attachment.type or served, kind, label))
    if kind in DECODED_KINDS:
        return replace(base, kind=kind, data=data)
    encoding = sniff_encoding(head, complete=complete) if kind == "text" else None
    if encoding is None:
        return base
    data = client.redact(data)  # a log that holds the agent's own token never shows it
    truncated = more and not read.stopped_early
    return replace(
        base,
        kind="text",
        text=decode_text(data, encoding, truncated=truncated),
        received=len(data),
        truncated=truncated,
        encoding=encoding,
        language=guess_language(declared, filename),
    )
