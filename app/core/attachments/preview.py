"""Read the start of an attachment to show it in place: text (cleaned) or a note of what it is.

Only the first ``limit`` bytes are fetched (through ``TicketClient.stream``, so the token and
scheme rules of downloads hold), and a binary file stops after the first chunk. Whether a file is
text is decided by its declared types *and* its first bytes: a file served as ``text/plain`` that
holds NUL bytes is binary; an ``application/octet-stream`` file that is clean UTF-8 is text; a type
that names a binary format (images, PDF, archives) is binary. The name only hints at the syntax.

The text is made safe with ``app.core.text.safe_text.clean``: no control character reaches the terminal.
Nothing here imports Textual.
"""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass
from typing import Literal

import httpx

from app.core.api.client import TicketClient
from app.core.api.decoding import EncodingRefused, decoded_chunks
from app.core.api.models import Attachment
from app.core.config.settings import DEFAULT_PREVIEW_BYTES
from app.core.errors import DownloadError
from app.core.net import declared_length
from app.core.text.safe_text import clean, clean_line

SNIFF_BYTES = 8 * 1024
"""How many leading bytes decide whether a file is text."""
PRINTABLE_SHARE = 0.95
"""Share of printable bytes that makes non-UTF-8 data count as (legacy 8-bit) text."""

Kind = Literal["text", "binary"]

_TEXT_TYPES = frozenset(
    {
        "application/json",
        "application/ld+json",
        "application/x-ndjson",
        "application/ndjson",
        "application/jsonl",
        "application/xml",
        "application/yaml",
        "application/x-yaml",
        "application/toml",
        "application/javascript",
        "application/x-javascript",
        "application/ecmascript",
        "application/sql",
        "application/x-sh",
        "application/x-shellscript",
        "application/x-python",
        "application/csv",
        "application/x-csv",
        "application/x-log",
        "application/x-httpd-php",
        "application/graphql",
        "message/rfc822",
        "image/svg+xml",
    }
)
_BINARY_PREFIXES = ("image/", "audio/", "video/", "font/", "model/")
_BINARY_TYPES = frozenset(
    {
        "application/pdf",
        "application/zip",
        "application/gzip",
        "application/x-gzip",
        "application/x-tar",
        "application/x-7z-compressed",
        "application/x-rar-compressed",
        "application/vnd.rar",
        "application/x-bzip2",
        "application/x-xz",
        "application/zstd",
        "application/x-msdownload",
        "application/x-executable",
        "application/x-sharedlib",
        "application/vnd.microsoft.portable-executable",
        "application/java-archive",
        "application/wasm",
        "application/msword",
        "application/vnd.ms-excel",
        "application/vnd.ms-powerpoint",
        "application/x-sqlite3",
        "application/vnd.sqlite3",
    }
)
_BINARY_PREFIX_TYPES = ("application/vnd.openxmlformats", "application/vnd.oasis.opendocument")

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "ELF executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"OggS", "Ogg media"),
    (b"\x00asm", "WebAssembly module"),
)
_WEAK_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"MZ", "Windows executable"),
    (b"BZh", "bzip2 archive"),
)
"""Signatures short enough to begin a text file: they describe a binary file, never decide one."""
_RIFF_KINDS = {b"WEBP": "WebP image", b"WAVE": "WAV audio", b"AVI ": "AVI video"}

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


def media_type(value: str | None) -> str:
    """The bare media type of a Content-Type value, lower case: ``text/plain; charset=x`` -> ``text/plain``."""
    return (value or "").split(";", 1)[0].strip().lower()


def is_text_type(value: str | None) -> bool:
    """Whether a media type names text (``text/*``, JSON, XML, YAML, CSV, NDJSON, ``+json``, ...)."""
    kind = media_type(value)
    return kind.startswith("text/") or kind in _TEXT_TYPES or kind.endswith(("+json", "+xml", "+yaml"))


def is_binary_type(value: str | None) -> bool:
    """Whether a media type names a binary format (images, media, PDF, archives, executables)."""
    kind = media_type(value)
    if is_text_type(kind):
        return False
    return kind.startswith(_BINARY_PREFIXES) or kind in _BINARY_TYPES or kind.startswith(_BINARY_PREFIX_TYPES)


def detect_format(head: bytes, *, weak: bool = True) -> str | None:
    """What the first bytes say the file is ("PNG image", ...), or ``None`` if no signature matches.

    ``weak`` also tries two-byte signatures (``MZ``) that a text file could begin with.
    """
    if head[:4] == b"RIFF" and head[8:12] in _RIFF_KINDS:
        return _RIFF_KINDS[head[8:12]]
    for signature, name in _MAGIC + (_WEAK_MAGIC if weak else ()):
        if head.startswith(signature):
            return name
    return None


def _bom_encoding(head: bytes) -> str | None:
    """The encoding a byte-order mark announces, if the data starts with one."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def _is_utf8(head: bytes, *, complete: bool) -> bool:
    """Whether ``head`` is valid UTF-8 (a character cut at the end is fine unless ``complete``)."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=complete)
    except UnicodeDecodeError:
        return False
    return True


def _mostly_printable(head: bytes) -> bool:
    """Whether nearly all bytes are printable in an 8-bit text encoding (tabs and newlines count)."""
    if not head:
        return True
    control = sum(1 for byte in head if (byte < 0x20 and byte not in b"\t\n\r\f\x1b") or byte == 0x7F)
    return 1 - control / len(head) >= PRINTABLE_SHARE


def sniff_encoding(head: bytes, *, complete: bool = False) -> str | None:
    """The encoding to read ``head`` as text with, or ``None`` when it looks binary.

    ``complete`` says ``head`` is the whole file (so a cut character at its end is an error).
    """
    if bom := _bom_encoding(head):
        return bom
    if b"\x00" in head:
        return None
    if _is_utf8(head, complete=complete):
        return "utf-8"
    return "cp1252" if _mostly_printable(head) else None


def classify(declared: tuple[str | None, ...], head: bytes, *, complete: bool = False) -> tuple[Kind, str | None]:
    """Text or binary, and the encoding for text, from the declared types and the first bytes."""
    if detect_format(head, weak=False) is not None:
        return "binary", None
    if any(is_binary_type(kind) for kind in declared) and not any(is_text_type(kind) for kind in declared):
        return "binary", None
    encoding = sniff_encoding(head, complete=complete)
    return ("text", encoding) if encoding else ("binary", None)


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


@dataclass(frozen=True)
class Preview:
    """What the viewer shows of one attachment."""

    kind: Kind
    text: str
    """The cleaned text (empty for binary files)."""
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
    """What the first bytes say the file is ("PNG image"), if they say."""
    language: str | None = None
    """The syntax to highlight with, if known."""

    @property
    def line_count(self) -> int:
        """Lines of text shown."""
        if not self.text:
            return 0
        return self.text.count("\n") + (0 if self.text.endswith("\n") else 1)


async def _read_head(
    response: httpx.Response, limit: int, declared: tuple[str | None, ...]
) -> tuple[bytes, bool, bool]:
    """Up to ``limit`` bytes, whether the file goes on, and whether reading stopped at a binary sniff."""
    buffer = bytearray()
    sniffed = False
    try:
        async for chunk in decoded_chunks(response):  # bounded at each step: a compression bomb stops at the cap
            buffer += chunk
            if len(buffer) > limit:
                return bytes(buffer[:limit]), True, False
            if not sniffed and len(buffer) >= SNIFF_BYTES:
                sniffed = True
                if classify(declared, bytes(buffer[:SNIFF_BYTES]))[0] == "binary":
                    return bytes(buffer), True, True  # no need to read a binary file on
    except EncodingRefused as refused:
        raise DownloadError(refused.reason) from None
    return bytes(buffer), False, False


async def fetch_preview(
    client: TicketClient,
    attachment: Attachment,
    *,
    limit: int = DEFAULT_PREVIEW_BYTES,
) -> Preview:
    """Read the first ``limit`` bytes of ``attachment`` and make a ``Preview`` of them.

    Raises ``DownloadError`` (from the client) when the file cannot be fetched.
    """
    limit = max(1, limit)
    api_size = attachment.size if attachment.size and attachment.size > 0 else None
    async with client.stream(attachment.url or "") as response:
        served = media_type(response.headers.get("content-type"))
        declared = (served, attachment.type)
        length = declared_length(response)
        data, more, stopped_early = await _read_head(response, limit, declared)
        data = client.redact(data)  # a log that holds the agent's own token never shows it
    total = length if length is not None else api_size
    if not more and total is None:
        total = len(data)
    kind, encoding = classify(declared, data[:SNIFF_BYTES], complete=not more and len(data) <= SNIFF_BYTES)
    content_type = clean_line(served or media_type(attachment.type))[:100]  # server text: shown, so made safe
    if kind == "binary" or encoding is None:
        detected = detect_format(data[:SNIFF_BYTES])
        return Preview("binary", "", content_type, len(data), total, more, limit, detected=detected)
    truncated = more and not stopped_early
    return Preview(
        "text",
        decode_text(data, encoding, truncated=truncated),
        content_type,
        len(data),
        total,
        truncated,
        limit,
        encoding=encoding,
        language=guess_language(declared, clean_line(attachment.filename)),
    )
