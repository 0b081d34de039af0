"""The demo's in-memory records: a ticket template and the files it lets people download.

Templates carry attachment URLs on a placeholder origin; each server swaps in its own base URL
when it encodes a ticket, so one template serves any number of servers (tests, benchmarks).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import quote

PLACEHOLDER_ORIGIN = "http://demo.invalid"
"""The origin of attachment URLs in templates; replaced by a server's base URL when served."""

_PLACEHOLDER_BYTES = PLACEHOLDER_ORIGIN.encode("ascii")

Json = dict[str, Any]


@dataclass(eq=False)
class DemoFile:
    """One downloadable attachment: its name, media type and bytes made on first use."""

    filename: str
    content_type: str
    make: Callable[[], bytes]
    known_size: int | None = None
    """The size in bytes when known without making the content (large files)."""

    @cached_property
    def content(self) -> bytes:
        """The file's bytes, made once."""
        data = self.make()
        if self.known_size is not None and len(data) != self.known_size:
            raise ValueError(f"{self.filename}: made {len(data)} bytes, declared {self.known_size}")
        return data

    @property
    def size(self) -> int:
        """The exact number of bytes served."""
        return self.known_size if self.known_size is not None else len(self.content)


@dataclass(eq=False)
class DemoTicket:
    """A full ticket as the API returns it (URLs on the placeholder origin) and its files."""

    data: Json
    files: dict[str, DemoFile] = field(default_factory=dict)

    def complete(self) -> Json:
        """The ticket's data with an entry for every file; files left out until now (made on first
        request, as images and PDFs are) are made now, for their sizes."""
        if self.files and not self.data.get("attachments"):
            self.data["attachments"] = [attachment_entry(self.data["_id"], item) for item in self.files.values()]
        return self.data


def attachment_url(ticket_id: str, filename: str, origin: str = PLACEHOLDER_ORIGIN) -> str:
    """The download URL of an attachment; ID and file name are each one encoded path segment."""
    return f"{origin}/attachments/{quote(ticket_id, safe='')}/{quote(filename, safe='')}"


def attachment_entry(ticket_id: str, demo_file: DemoFile) -> Json:
    """The attachment object of the ticket JSON, in the API's field order."""
    return {
        "filename": demo_file.filename,
        "url": attachment_url(ticket_id, demo_file.filename),
        "size": demo_file.size,
        "type": demo_file.content_type,
    }


def with_files(data: Json, files: list[DemoFile]) -> DemoTicket:
    """Fill ``data["attachments"]`` from ``files`` and pair the ticket with them."""
    data["attachments"] = [attachment_entry(data["_id"], demo_file) for demo_file in files]
    return DemoTicket(data, {demo_file.filename: demo_file for demo_file in files})


def encode_json(value: Any) -> bytes:
    """Compact JSON; non-ASCII escaped so a body dumped to a terminal cannot steer it."""
    return json.dumps(value, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def encode_envelope(ticket: Json) -> bytes:
    """The 200 body ``{"success": true, "data": ...}`` with URLs still on the placeholder."""
    return encode_json({"success": True, "data": ticket})


def rebase(body: bytes, base_url: str) -> bytes:
    """Point every placeholder URL in an encoded body at ``base_url``."""
    return body.replace(_PLACEHOLDER_BYTES, base_url.encode("ascii"))


def encode_ticket(ticket: Json, base_url: str = PLACEHOLDER_ORIGIN) -> bytes:
    """The 200 body of ``ticket`` as a server at ``base_url`` sends it (handy for benchmarks)."""
    return rebase(encode_envelope(ticket), base_url)


def summary(ticket: Json) -> Json:
    """A list item: the ticket without its threads and attachments."""
    return {key: value for key, value in ticket.items() if key not in ("threads", "attachments")}
