"""What a file is, judged by its bytes first: image, PDF, archive, text or other binary.

Magic numbers decide (PNG, JPEG, GIF, WebP, BMP, PDF, zip, tar by its ``ustar`` mark at byte 257,
gzip, and the tar inside a gzip). Without a signature, the bytes decide between text and binary
(NUL bytes, valid UTF-8, mostly printable 8-bit text); the declared types only break ties. The
name and the API's type are compared with what the bytes say, and a disagreement is put in words
("named .txt, but its bytes are a PNG image"). Nothing here imports Textual.
"""

from __future__ import annotations

import codecs
import os
import zlib
from dataclasses import dataclass
from typing import Literal

from app.core.text.safe_text import clean_line

FileKind = Literal["text", "image", "pdf", "archive", "binary"]
"""How the viewer shows a file: its text, a picture, PDF pages, an archive's listing, or what it is."""
DECODED_KINDS: frozenset[FileKind] = frozenset({"image", "pdf", "archive"})
"""Kinds read whole (up to the preview cap) and decoded; a truncated one cannot be read reliably."""

SNIFF_BYTES = 8 * 1024
"""How many leading bytes decide whether a file is text."""
PRINTABLE_SHARE = 0.95
"""Share of printable bytes that makes non-UTF-8 data count as (legacy 8-bit) text."""
TAR_MAGIC_AT = 257
GUNZIP_PEEK = 1024
"""Bytes of a gzip file's inflated start looked at to see a tar inside (bounded: never more)."""

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
        "application/x-gtar",
        "application/x-compressed-tar",
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

# (signature, what it is, kind): strong signatures, long enough never to begin a text file.
_MAGIC: tuple[tuple[bytes, str, FileKind], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image", "image"),
    (b"\xff\xd8\xff", "JPEG image", "image"),
    (b"GIF87a", "GIF image", "image"),
    (b"GIF89a", "GIF image", "image"),
    (b"%PDF-", "PDF document", "pdf"),
    (b"PK\x03\x04", "ZIP archive", "archive"),
    (b"PK\x05\x06", "ZIP archive", "archive"),  # an empty zip: only its end record
    (b"\x1f\x8b\x08", "gzip file", "archive"),
    (b"\xfd7zXZ\x00", "xz archive", "binary"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive", "binary"),
    (b"Rar!\x1a\x07", "RAR archive", "binary"),
    (b"\x7fELF", "ELF executable", "binary"),
    (b"SQLite format 3\x00", "SQLite database", "binary"),
    (b"OggS", "Ogg media", "binary"),
    (b"\x00asm", "WebAssembly module", "binary"),
)
_WEAK_MAGIC: tuple[tuple[bytes, str, FileKind], ...] = (
    (b"MZ", "Windows executable", "binary"),
    (b"BZh", "bzip2 archive", "binary"),
)
"""Signatures short enough to begin a text file: they describe a binary file, never decide one."""
_RIFF_KINDS: dict[bytes, tuple[str, FileKind]] = {
    b"WEBP": ("WebP image", "image"),
    b"WAVE": ("WAV audio", "binary"),
    b"AVI ": ("AVI video", "binary"),
}
_BMP_HEADER_SIZES = frozenset({12, 40, 52, 56, 64, 108, 124})

# What a name's extension promises, compared with what the bytes are.
_KIND_BY_EXTENSION: dict[str, FileKind] = {
    **dict.fromkeys((".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp"), "image"),
    ".pdf": "pdf",
    **dict.fromkeys((".zip", ".tar", ".tgz", ".gz", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".jar"), "archive"),
    **dict.fromkeys(
        (".txt", ".log", ".csv", ".tsv", ".json", ".xml", ".yaml", ".yml", ".toml", ".md", ".ini", ".html", ".htm"),
        "text",
    ),
}
_IMAGE_BY_EXTENSION = {
    ".png": "PNG image",
    ".jpg": "JPEG image",
    ".jpeg": "JPEG image",
    ".gif": "GIF image",
    ".webp": "WebP image",
    ".bmp": "BMP image",
}
_KIND_BY_TYPE: dict[str, FileKind] = {
    "application/pdf": "pdf",
    **dict.fromkeys(
        (
            "application/zip",
            "application/x-zip-compressed",
            "application/gzip",
            "application/x-gzip",
            "application/x-tar",
            "application/x-gtar",
            "application/x-compressed-tar",
        ),
        "archive",
    ),
}
_IMAGE_TYPES = {
    "image/png": "PNG image",
    "image/jpeg": "JPEG image",
    "image/gif": "GIF image",
    "image/webp": "WebP image",
    "image/bmp": "BMP image",
}
_A_OR_AN = ("A", "E", "I", "O", "U", "X")  # "an XML file", "an ELF executable"


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


@dataclass(frozen=True)
class Detected:
    """What a file's signature says it is."""

    label: str
    """In words: "PNG image", "tar.gz archive"."""
    kind: FileKind


def _is_bmp(head: bytes) -> bool:
    """A BMP by its header's shape (``BM`` alone could begin a text file)."""
    if len(head) < 18 or not head.startswith(b"BM") or head[6:10] != b"\x00\x00\x00\x00":
        return False
    return int.from_bytes(head[14:18], "little") in _BMP_HEADER_SIZES


def is_tar(head: bytes) -> bool:
    """Whether ``head`` begins a tar archive (POSIX ``ustar`` or GNU ``ustar  `` at byte 257)."""
    return head[TAR_MAGIC_AT : TAR_MAGIC_AT + 5] == b"ustar"


def gunzip_head(data: bytes, size: int = GUNZIP_PEEK) -> bytes:
    """The first ``size`` inflated bytes of gzip ``data`` (fewer if it is short or damaged)."""
    inflater = zlib.decompressobj(wbits=31)
    try:
        return inflater.decompress(data[: 64 * 1024], size)
    except zlib.error:
        return b""


def detect(head: bytes, *, weak: bool = True) -> Detected | None:
    """What the first bytes say the file is, or ``None`` if no signature matches.

    ``weak`` also tries two-byte signatures (``MZ``) that a text file could begin with. A gzip file
    is looked into (its first KiB inflated) to tell a ``tar.gz`` from one gzipped file.
    """
    if head[:4] == b"RIFF" and head[8:12] in _RIFF_KINDS:
        label, kind = _RIFF_KINDS[head[8:12]]
        return Detected(label, kind)
    if _is_bmp(head):
        return Detected("BMP image", "image")
    if is_tar(head):
        return Detected("tar archive", "archive")
    for signature, label, kind in _MAGIC + (_WEAK_MAGIC if weak else ()):
        if head.startswith(signature):
            if signature.startswith(b"\x1f\x8b") and is_tar(gunzip_head(head)):
                return Detected("tar.gz archive", "archive")
            return Detected(label, kind)
    return None


def detect_format(head: bytes, *, weak: bool = True) -> str | None:
    """What the first bytes say the file is ("PNG image", ...), or ``None`` if no signature matches."""
    found = detect(head, weak=weak)
    return found.label if found else None


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


def classify(declared: tuple[str | None, ...], head: bytes, *, complete: bool = False) -> tuple[str, str | None]:
    """Text or binary, and the encoding for text: the bytes decide, the declared types break ties.

    A signature makes a file binary whatever it is called; bytes that read as text are text even
    when served as an image (the mismatch is said elsewhere), as long as they are nearly all
    printable when a binary type was declared.
    """
    if detect(head, weak=False) is not None:
        return "binary", None
    encoding = sniff_encoding(head, complete=complete)
    if encoding is None:
        return "binary", None
    declared_binary = any(is_binary_type(kind) for kind in declared) and not any(is_text_type(k) for k in declared)
    if declared_binary and not _mostly_printable(head):
        return "binary", None
    return "text", encoding


def judge(declared: tuple[str | None, ...], head: bytes, *, complete: bool = False) -> tuple[FileKind, str | None]:
    """The kind the viewer shows a file as, and what it is in words (``None`` for plain text)."""
    found = detect(head, weak=False)
    if found is not None:
        return found.kind, found.label
    kind, _ = classify(declared, head, complete=complete)
    if kind == "text":
        return "text", None
    return "binary", detect_format(head)


def _expected(filename: str | None) -> tuple[str | None, FileKind | None, str | None]:
    """The name's extension, and the kind and image format the name or the type promise."""
    extension = os.path.splitext((filename or "").strip().lower())[1]
    kind: FileKind | None = _KIND_BY_EXTENSION.get(extension)
    image = _IMAGE_BY_EXTENSION.get(extension)
    return (extension or None), kind, image


def _with_article(label: str) -> str:
    return ("an " if label.upper().startswith(_A_OR_AN) else "a ") + label


def _what(kind: FileKind, label: str | None) -> str:
    if kind == "text":
        return "text"
    return _with_article(label) if label else "not text (binary data)"


def mismatch(filename: str | None, declared_type: str | None, kind: FileKind, label: str | None) -> str | None:
    """In words, how the bytes disagree with the name or the API's type, or ``None`` if they agree.

    "named .txt, but its bytes are a PNG image"; "listed as image/png, but its bytes are text".
    An unknown extension or a generic type (``application/octet-stream``) promises nothing.
    """
    extension, by_name, image_by_name = _expected(filename)
    served = media_type(declared_type)
    by_type: FileKind | None = _KIND_BY_TYPE.get(served)
    image_by_type = _IMAGE_TYPES.get(served)
    if by_type is None and image_by_type:
        by_type = "image"
    elif by_type is None and is_text_type(served):
        by_type = "text"
    claims: list[str] = []
    if by_name is not None and _disagrees(by_name, image_by_name, kind, label):
        claims.append(f"named {clean_line(extension)[:20]}")
    if by_type is not None and _disagrees(by_type, image_by_type, kind, label):
        claims.append(f"listed as {clean_line(served)[:60]}")
    if not claims:
        return None
    return f"{' and '.join(claims)}, but its bytes are {_what(kind, label)}"


def _disagrees(promised: FileKind, image_format: str | None, kind: FileKind, label: str | None) -> bool:
    if kind == "archive" and promised == "archive":
        return False  # .docx is a zip, .gz and .tgz are gzip: all archives
    if promised != kind:
        return True
    return kind == "image" and image_format is not None and label is not None and image_format != label
