"""Bodies decoded with a bound on every step, so a compression bomb never gets past a size cap.

httpx decodes a whole network chunk at once: one 64 KiB read of a gzip bomb becomes tens of
megabytes before any cap sees it, and gzip over gzip multiplies that again. Here the raw bytes are
read and decoded by ``zlib`` with ``max_length``, so each piece handed on is at most ``STEP`` bytes
and the reader's cap holds during decoding. One layer of ``gzip`` or ``deflate`` is accepted (what
the client asks for); a second layer, or any other coding, is refused in words.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Protocol

import humanize

from app.core.errors import InvalidResponse
from app.core.net import HasHeaders

if TYPE_CHECKING:
    import httpx

STEP = 256 * 1024
"""The most bytes one decoding step may produce."""
MAX_MEMBERS = 1000
"""Gzip members one body may hold (real ones hold one; a stream of empty members would never end)."""
ACCEPT_ENCODING = "gzip, deflate"
"""What the client tells servers it can decode (and all it will)."""


class EncodingRefused(Exception):
    """The body's content encoding is not one this client decodes (layered, or unknown)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class RawResponse(HasHeaders, Protocol):
    """What decoding needs of an ``httpx.Response`` opened with ``stream=True``."""

    @property
    def is_stream_consumed(self) -> bool: ...

    @property
    def content(self) -> bytes: ...

    def aiter_raw(self, chunk_size: int | None = None) -> AsyncIterator[bytes]: ...


def codings(response: RawResponse) -> list[str]:
    """The content codings applied to the body, outermost last (``identity`` left out)."""
    header = str(response.headers.get("content-encoding", "") or "")
    return [coding for part in header.split(",") if (coding := part.strip().lower()) not in ("", "identity")]


def check_encoding(response: RawResponse) -> str | None:
    """The one coding to undo (``None``: none), or ``EncodingRefused`` with why."""
    applied = codings(response)
    if len(applied) > 1:
        shown = ", ".join(coding[:20] for coding in applied[:4])
        raise EncodingRefused(f"The server compressed the response more than once ({shown}); it was not read.")
    if not applied:
        return None
    coding = applied[0]
    if coding in ("gzip", "x-gzip", "deflate"):
        return coding
    raise EncodingRefused(f"The server used a compression this client does not read ({coding[:20]!r}).")


class _Inflater:
    """One layer of gzip (members one after another) or deflate (zlib-wrapped or raw), bounded."""

    def __init__(self, coding: str) -> None:
        self._gzip = coding != "deflate"
        self._raw_deflate: bool | None = None if not self._gzip else False
        self._decoder = self._new()
        self._ended = False
        """The compressed stream is over: whatever follows is dropped, never buffered."""
        self._members = 1
        self._between = False

    def _next_member(self) -> None:
        self._members += 1
        if self._members > MAX_MEMBERS:
            raise EncodingRefused("The server sent thousands of compressed pieces; the response was not read.")
        self._decoder = self._new()

    def _new(self) -> zlib._Decompress:
        if self._gzip:
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        return zlib.decompressobj(-zlib.MAX_WBITS if self._raw_deflate else zlib.MAX_WBITS)

    def feed(self, data: bytes) -> Iterator[bytes]:
        """Decode ``data`` lazily, in pieces of at most ``STEP`` bytes."""
        if data and self._between and not self._ended:  # a gzip member ended with the last piece
            self._between = False
            if not data.strip(b"\x00"):
                self._ended = True  # zero padding: the end
            else:
                self._next_member()
        while data and not self._ended:
            if self._raw_deflate is None:  # deflate as sent by some servers: raw, without the zlib wrapper
                self._raw_deflate = (data[0] & 0x0F) != 0x08
                self._decoder = self._new()
            try:
                piece = self._decoder.decompress(data, STEP)
            except zlib.error:
                raise EncodingRefused("The compressed response is damaged; it was not read.") from None
            if piece:
                yield piece
            data = self._decoder.unconsumed_tail
            if self._decoder.eof:
                rest = self._decoder.unused_data
                if not self._gzip:
                    self._ended = True  # deflate: one stream, and whatever follows is ignored
                elif not rest:
                    self._between = True  # another member may follow in the next piece
                elif not rest.strip(b"\x00"):
                    self._ended = True  # zero padding after the last member: ignored
                else:
                    self._next_member()
                    data = rest
                    continue
                return

    def flush(self) -> bytes:
        if self._ended:
            return b""
        try:
            return self._decoder.flush(STEP)
        except zlib.error:
            raise EncodingRefused("The compressed response is damaged; it was not read.") from None


async def decoded_chunks(response: RawResponse, chunk_size: int | None = None) -> AsyncIterator[bytes]:
    """The body's bytes, decoded, each piece at most ``STEP`` bytes past what was received.

    Raises ``EncodingRefused`` for a layered, unknown or damaged encoding.
    """
    if response.is_stream_consumed:  # read already (and so decoded by httpx): hand it on as it is
        content = response.content
        for start in range(0, len(content), STEP):
            yield content[start : start + STEP]
        return
    coding = check_encoding(response)
    if coding is None:
        async for chunk in response.aiter_raw(chunk_size):
            yield chunk
        return
    inflater = _Inflater(coding)
    async for chunk in response.aiter_raw(chunk_size):
        for piece in inflater.feed(chunk):
            yield piece
    tail = inflater.flush()
    if tail:
        yield tail


async def read_capped(response: httpx.Response, limit: int, *, truncate: bool = False) -> bytes:
    """The decoded body, refused with ``InvalidResponse`` past ``limit`` bytes (or cut, if ``truncate``)."""
    too_big = InvalidResponse(
        f"The response is larger than {humanize.naturalsize(limit, binary=True)}, so it was not read."
    )
    declared = response.headers.get("content-length", "")
    if not truncate and declared.isdigit() and "content-encoding" not in response.headers and int(declared) > limit:
        raise too_big
    body = bytearray()
    try:
        async for chunk in decoded_chunks(response):  # bounded at each step: a compression bomb stops at the cap
            body += chunk
            if len(body) > limit:
                if truncate:
                    return bytes(body[:limit])
                raise too_big
    except EncodingRefused as refused:
        if truncate:
            return bytes(body)  # an error body: what could be read says enough
        raise InvalidResponse(refused.reason) from None
    return bytes(body)
