"""Pydantic models of a support ticket, as the API page describes it.

Strict on the envelope (a ticket is an object with an ``_id``) so that garbage becomes one clear
``InvalidResponse``; below that, one bad value costs only itself: numbers where text was expected
become text, nulls stay ``None``, unknown fields are ignored, unknown statuses are kept as they
come, and a value of the wrong shape (an object for a title, a ``null`` or a number among the
messages, a list for a tag) is replaced by words that say so (``UNREADABLE``), so the rest of the
ticket is still shown. A body with invalid UTF-8 or lone surrogate escapes is repaired (each bad
character becomes U+FFFD) rather than refused. IDs are kept exactly as sent (scripts
get them from ``--json``) and shown only through ``safe_text.safe_id``. Timestamps are kept as the raw strings the API
sent and parsed only when drawn (see ``formatting.parse_time``), which keeps a 10,000-message ticket one fast
``model_validate_json`` pass.

Nothing here imports Textual.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, GetCoreSchemaHandler, ValidationError
from pydantic_core import CoreSchema, core_schema

from app.core.api.json_depth import flatten, too_deep
from app.core.errors import InvalidResponse
from app.core.text.safe_text import excerpt

UNREADABLE = "(unreadable value)"
"""What stands in for a value of the wrong shape (an object where text was expected, say)."""
UNREADABLE_MESSAGE = "(this message could not be read)"
UNREADABLE_ATTACHMENT = "(unreadable attachment)"
MAX_SIZE = 2**63 - 1
"""Sizes above this are not real files: shown as unknown."""


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


class _OrElse:
    """A value that fails its own validation is replaced by ``fallback(value)``: it costs only itself.

    A left-to-right union, so a good value is validated in Rust as before and only a bad one reaches
    Python (a 10,000-message ticket stays one fast pass).
    """

    def __init__(self, fallback: Callable[[Any], Any]) -> None:
        self.fallback = fallback

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.union_schema(
            [handler(source), core_schema.no_info_plain_validator_function(self.fallback)], mode="left_to_right"
        )


def _lenient_size(value: Any) -> Any:
    """A size that is not a whole, plausible number of bytes is shown as unknown, not a reason to fail."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and not value.is_integer():
        return None
    size = int(value)
    return size if 0 <= size <= MAX_SIZE else None


def _unreadable(value: Any) -> str:
    return UNREADABLE


Text = Annotated[str | None, _OrElse(_unreadable)]
TextList = Annotated[
    list[Annotated[str, _OrElse(_unreadable)]], _NullIsEmpty(drop_nulls=True), _OrElse(lambda value: [UNREADABLE])
]


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


def _unreadable_message(value: Any) -> ThreadMessage:
    return ThreadMessage(message=UNREADABLE_MESSAGE)


def _unreadable_attachment(value: Any) -> Attachment:
    return Attachment(filename=UNREADABLE_ATTACHMENT)


class Ticket(_Model):
    """A support ticket with its conversation and attachments."""

    id: str = Field(alias="_id")
    """As the API sent it (``--json`` prints it exactly); shown only through ``safe_id``."""
    title: Text = None
    description: Text = None
    status: Text = None
    priority: Text = None
    category: Text = None
    client: Text = None
    assigned_to: Text = Field(default=None, alias="assignedTo")
    threads: Annotated[
        list[Annotated[ThreadMessage, _OrElse(_unreadable_message)]],
        _NullIsEmpty(),
        _OrElse(lambda value: [_unreadable_message(value)]),  # not a list: the conversation could not be read
    ] = []
    attachments: Annotated[
        list[Annotated[Attachment, _OrElse(_unreadable_attachment)]],
        _NullIsEmpty(),
        _OrElse(lambda value: [_unreadable_attachment(value)]),
    ] = []
    tags: TextList = []
    resolution: Text = None
    created_at: Text = Field(default=None, alias="createdAt")
    updated_at: Text = Field(default=None, alias="updatedAt")
    resolved_at: Text = Field(default=None, alias="resolvedAt")


Envelope = TypeVar("Envelope", bound=BaseModel)


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


_LONE_SURROGATE = re.compile(
    rb"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


def repair_json(body: bytes) -> bytes:
    """``body`` with invalid UTF-8 and lone surrogate escapes each replaced by U+FFFD."""
    text = body.decode("utf-8", errors="replace").encode()
    return _LONE_SURROGATE.sub(rb"\\ufffd", text)


def validate_body(model: type[Envelope], body: bytes, what: str) -> Envelope:
    """``body`` validated as ``model`` in one pass, or ``InvalidResponse`` saying it is not ``what``.

    A body that is not valid JSON only because of bad characters is repaired and validated again.
    """
    try:
        return model.model_validate_json(body)
    except ValidationError as error:
        repaired = repair_json(body)
        if repaired != body:  # invalid UTF-8 or lone surrogates: each bad character costs only itself
            return validate_body(model, repaired, what)
        first = error.errors(include_url=False, include_input=False)[0]
        if first["type"] == "json_invalid" and too_deep(first["msg"]):
            shallow = flatten(body)  # a value nested past the parser's limit costs only itself
            if shallow != body:
                return validate_body(model, shallow, what)
            raise InvalidResponse(
                "The response nests values more than 200 levels deep.", excerpt=excerpt(body)
            ) from None
        where = ".".join(str(part) for part in first["loc"]) or "body"
        if first["type"] == "json_invalid":
            reason = "The response is not valid JSON."
        else:
            reason = f"The response does not look like {what} ({where}: {first['msg']})."
        raise InvalidResponse(reason, excerpt=excerpt(body)) from None


@dataclass(frozen=True, slots=True)
class Fetched:
    """A ticket and the digest of the body it was read from (``body_digest``): the same digest
    means the same ticket, without parsing the body again."""

    ticket: Ticket
    digest: str


def body_digest(body: bytes) -> str:
    """A short digest of a response body (4 MB in a few milliseconds)."""
    import hashlib  # here, not at start-up: the first fetch needs it, the first frame does not

    return hashlib.blake2b(body, digest_size=16).hexdigest()


def parse_ticket(body: bytes) -> Ticket:
    """Parse a 200 response body into a ``Ticket`` in one pass, or raise ``InvalidResponse``."""
    envelope = validate_body(TicketEnvelope, body, "a ticket")
    if envelope.success is False:
        raise InvalidResponse("The API answered 200 but said it did not succeed.", excerpt=excerpt(body))
    return envelope.data


def parse_error(body: bytes) -> ErrorBody | None:
    """Parse an error body of either shape; ``None`` for HTML, empty or other bodies."""
    try:
        return ErrorBody.model_validate_json(body)
    except ValidationError:
        return None
