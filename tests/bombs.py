"""Compression bombs for the hostile-input tests and the bomb benchmark: small on the wire, huge decoded."""

from __future__ import annotations

import gzip
import zlib
from functools import cache

MiB = 1024 * 1024


@cache
def gzip_bomb(decoded: int = 64 * MiB, *, fill: bytes = b"\0") -> bytes:
    """One gzip member that inflates to ``decoded`` bytes of ``fill`` (about 1/1000 of that on the wire)."""
    packer = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = fill * MiB
    parts = [packer.compress(block) for _ in range(decoded // MiB)]
    parts.append(packer.flush())
    return b"".join(parts)


@cache
def double_gzip_bomb(decoded: int = 256 * MiB) -> bytes:
    """Gzip over gzip: a few kilobytes that a client decoding both layers at once turns into ``decoded`` bytes."""
    return gzip.compress(gzip_bomb(decoded), compresslevel=9)


@cache
def json_bomb(decoded: int = 64 * MiB) -> bytes:
    """A gzip bomb that starts as a ticket's JSON: ``{"data": {"_id": "T", "title": "     …``."""
    packer = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    parts = [packer.compress(b'{"data": {"_id": "T-bomb", "title": "')]
    block = b" " * MiB
    parts += [packer.compress(block) for _ in range(decoded // MiB)]
    parts.append(packer.flush())
    return b"".join(parts)
