"""Pydantic models of a support ticket, as the API page describes it.

Strict on structure (a ticket is an object, threads and attachments are lists of objects) so that
garbage becomes one clear ``InvalidResponse``; lenient on scalars (numbers where text was expected
become text, nulls stay ``None``, unknown fields are ignored, unknown statuses kept as they come),
so that an odd but readable ticket is still shown. Timestamps are kept as the raw strings the API
sent and parsed only when drawn (see ``formatting.parse_time``), which keeps a 10,000-message ticket one fast
``model_validate_json`` pass.

Nothing here imports Textual.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, GetCoreSchemaHandler, ValidationError
from pydantic_core import CoreSchema, core_schema

from app.core.errors import InvalidResponse
from app.core.text.safe_text import excerpt


class _NullIsEmpty:
    """A list where ``null`` reads as empty (and, with ``drop_nulls``, null items are dropped).

    Done as an after-validator around a nullable list, so the list is validated straight from the
    JSON in the one pass: a before-validator would first turn the whole list (10,000 messages)
    into Python dicts and lists, then validate those, decoding the body twice.
    """

    def __init__(self, *, drop_nulls: bool = False) -> None:
        self.drop_nulls = drop_nulls

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        schema = handler(source)
        if self.drop_nulls:
            schema = core_schema.list_schema(core_schema.nullable_schema(schema["items_schema"]))
        return core_schema.no_info_after_validator_function(self._fix, core_schema.nullable_schema(schema))

    def _fix(self, value: list[Any] | None) -> list[Any]:
        if value is None:
            return []
        if self.drop_nulls and None in value:
            return [item for item in value if item is not None]
        return value


def _lenient_size(value: Any) -> Any:
    """A size that is not a whole number of bytes is shown as unknown, not a reason to fail."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and not value.is_integer():
        return None
    return int(value)


Text = str | None
TextList = Annotated[list[str], _NullIsEmpty(drop_nulls=True)]


class _Model(BaseModel):
    model_config = ConfigDict(
        populate_by_name=True,
        extra="ignore",
        coerce_numbers_to_str=True,
        frozen=True,
    )


class ThreadMessage(_Model):
    """One message of the conversation."""

    author: Text = None
    message: Text = None
    timestamp: Text = None
    type: Text = None


class Attachment(_Model):
    """A file attached to a ticket."""

    filename: Text = None
    url: Text = None
    size: Annotated[int | None, BeforeValidator(_lenient_size)] = None
    type: Text = None


class Ticket(_Model):
    """A support ticket with its conversation and attachments."""

    id: str = Field(alias="_id")
    title: Text = None
    description: Text = None
    status: Text = None
    priority: Text = None
    category: Text = None
    client: Text = None
    assigned_to: Text = Field(default=None, alias="assignedTo")
    threads: Annotated[list[ThreadMessage], _NullIsEmpty()] = []
    attachments: Annotated[list[Attachment], _NullIsEmpty()] = []
    tags: TextList = []
    resolution: Text = None
    created_at: Text = Field(default=None, alias="createdAt")
    updated_at: Text = Field(default=None, alias="updatedAt")
    resolved_at: Text = Field(default=None, alias="resolvedAt")


class TicketEnvelope(_Model):
    """``{"success": true, "data": {...}}``, or the older ``{"data": {...}}``."""

    success: bool | None = None
    data: Ticket


class ErrorBody(_Model):
    """Either error shape: ``{error, message}`` or the older ``{code, message}``."""

    error: Text = None
    message: Text = None
    code: Text = None

    def describe(self) -> str:
        """The most useful words of the error, or an empty string."""
        parts = [part for part in (self.error, self.message or self.code) if part]
        return " - ".join(dict.fromkeys(parts))


def parse_ticket(body: bytes) -> Ticket:
    """Parse a 200 response body into a ``Ticket`` in one pass, or raise ``InvalidResponse``."""
    try:
        envelope = TicketEnvelope.model_validate_json(body)
    except ValidationError as error:
        first = error.errors(include_url=False, include_input=False)[0]
        where = ".".join(str(part) for part in first["loc"]) or "body"
        if first["type"] == "json_invalid":
            reason = "The response is not valid JSON."
        else:
            reason = f"The response does not look like a ticket ({where}: {first['msg']})."
        raise InvalidResponse(reason, excerpt=excerpt(body)) from None
    if envelope.success is False:
        raise InvalidResponse("The API answered 200 but said it did not succeed.", excerpt=excerpt(body))
    return envelope.data


def parse_error(body: bytes) -> ErrorBody | None:
    """Parse an error body of either shape; ``None`` for HTML, empty or other bodies."""
    try:
        return ErrorBody.model_validate_json(body)
    except ValidationError:
        return None
