"""Pydantic models of the ticket list (``GET /v2/support-tickets``), both envelope variants.

The current API nests paging in ``pagination: {page, limit, total, pages}``; the older description
puts ``page``, ``limit``, ``pages`` and ``total`` at the top level. ``parse_page`` accepts either
and hands back one ``TicketPage``. As with a single ticket (``app.core.api.models``): strict on structure
(``data`` is a list), lenient below it (a count that is not a whole number is treated as unknown,
unknown fields are ignored, a bad value in a row costs only that value, and a row that is not an
object with a usable ``_id`` is left out and counted in ``skipped``), one ``model_validate_json`` pass.

Nothing here imports Textual.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from app.core.api.models import Text, TextList, _Model, _NullIsEmpty, _OrElse, validate_body
from app.core.errors import ApiRejected, InvalidResponse
from app.core.text.safe_text import excerpt

INVALID_PARAMETERS = "INVALID_PARAMETERS"


def _count(value: Any) -> int | None:
    """A page number, size or count: a whole, non-negative number, else unknown (``None``)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        text = value.strip()
        return int(text) if text.isascii() and text.isdecimal() and len(text) <= 18 else None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value if isinstance(value, int) and 0 <= value <= MAX_COUNT else None


MAX_COUNT = 10**18
"""Counts past this are no real queue's: unknown."""
Count = Annotated[int | None, BeforeValidator(_count)]


def _object_or_none(value: Any) -> Any:
    """Paging and counts only decorate a list: one that is not an object is ignored, not fatal."""
    return value if isinstance(value, dict) else None


class TicketSummary(_Model):
    """One row of the list: a ticket without its conversation and attachments."""

    id: str = Field(alias="_id")
    title: Text = None
    status: Text = None
    priority: Text = None
    category: Text = None
    client: Text = None
    assigned_to: Text = Field(default=None, alias="assignedTo")
    tags: TextList = Field(default_factory=list)
    created_at: Text = Field(default=None, alias="createdAt")
    updated_at: Text = Field(default=None, alias="updatedAt")


def _no_row(value: Any) -> None:
    """A row that cannot be listed (not an object, no usable ``_id``): left out, and counted."""
    return None


class _Pagination(_Model):
    page: Count = None
    limit: Count = None
    total: Count = None
    pages: Count = None


class _ListEnvelope(_Model):
    """Either variant of the list body, or an error body sent with a 200."""

    success: bool | None = None
    data: Annotated[list[Annotated[TicketSummary | None, _OrElse(_no_row)]], _NullIsEmpty()] | None = None
    pagination: Annotated[_Pagination | None, BeforeValidator(_object_or_none)] = None
    page: Count = None
    limit: Count = None
    total: Count = None
    pages: Count = None
    counts: Annotated[dict[str, Count] | None, BeforeValidator(_object_or_none)] = None
    error: Text = None
    code: Text = None
    message: Text = None


@dataclass(frozen=True)
class TicketPage:
    """One page of the list, whichever envelope it came in."""

    items: list[TicketSummary]
    page: int
    """The page number (1 for the first)."""
    limit: int
    """Rows per page, as the server applied it."""
    total: int | None
    """Tickets matching the filters, when the server said."""
    pages: int | None
    """Pages in all, when the server said (or ``total`` tells)."""
    counts: dict[str, int] | None
    """Tickets per status (``countByStatus``), when asked for and sent."""
    skipped: int = 0
    """Rows of this page left out because they could not be read."""

    @property
    def has_more(self) -> bool:
        """Whether a later page may hold more tickets."""
        if self.pages is not None:
            return self.page < self.pages
        return len(self.items) + self.skipped >= self.limit > 0  # nothing said: a full page may have a next


def invalid_filters(words: str = "") -> ApiRejected:
    """The error for a list query the API refused (``INVALID_PARAMETERS``)."""
    said = f" ({words})" if words else ""
    return ApiRejected(
        f"The API did not accept the queue's filters{said}.",
        hint="Clear the filters or choose other values, then try again.",
        status=400,
    )


def parse_page(body: bytes, *, page: int, limit: int) -> TicketPage:
    """Parse a 200 list body asked for as ``page`` of ``limit`` rows, or raise a typed error."""
    envelope = validate_body(_ListEnvelope, body, "a ticket list")
    if envelope.code == INVALID_PARAMETERS or envelope.message == INVALID_PARAMETERS:
        raise invalid_filters(envelope.error or "")
    if envelope.success is False:
        raise InvalidResponse("The API answered 200 but said it did not succeed.", excerpt=excerpt(body))
    if envelope.data is None:
        raise InvalidResponse("The response does not look like a ticket list (no data).", excerpt=excerpt(body))
    paging = envelope.pagination or _Pagination()
    served_limit = paging.limit or envelope.limit or limit
    total = paging.total if paging.total is not None else envelope.total
    pages = paging.pages if paging.pages is not None else envelope.pages
    if pages is None and total is not None and served_limit:
        pages = max(1, -(-total // served_limit))
    counts = None
    if envelope.counts is not None:
        counts = {status: number for status, number in envelope.counts.items() if number is not None}
    items = [item for item in envelope.data if item is not None]
    return TicketPage(
        items=items,
        skipped=len(envelope.data) - len(items),
        page=page,  # the page asked for: a server's own page number could send paging anywhere
        limit=served_limit,
        total=total,
        pages=pages,
        counts=counts,
    )
