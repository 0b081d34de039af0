"""The API token as the client holds it: never shown in a repr, sent only when it can be a header,
and blanked out of whatever a server echoes back."""

from __future__ import annotations

import re
from typing import TypeVar

from pydantic import BaseModel

Parsed = TypeVar("Parsed", bound=BaseModel)
ASCII_ESCAPE = re.compile(rb"\\u00[2-7][0-9a-fA-F]")
"""A JSON escape of a printable ASCII character."""
REDACTED = b"<token>"
"""What stands where a server echoed the token back."""
MIN_REDACTED = 8
"""Tokens shorter than this are not looked for in what the server sends."""


class Secret:
    """A string that never shows itself in a repr (nor in a traceback's locals)."""

    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value

    def __repr__(self) -> str:
        return "<hidden>"


def sendable(token: str) -> bool:
    """Whether ``token`` can go in a header as it is: visible ASCII, no spaces."""
    return token.isascii() and token.isprintable() and " " not in token


class Redactor:
    """Blanks the token out of what a server sends, in case it echoes it back: nothing with the
    token in it is shown, cached or remembered. (A token under ``MIN_REDACTED`` characters is a
    test's stand-in, not a secret: blanking every "t" would only break the JSON.)"""

    __slots__ = ("_token",)

    def __init__(self, token: Secret | None) -> None:
        self._token = token if token is not None and len(token.value) >= MIN_REDACTED else None

    def redact(self, body: bytes) -> bytes:
        """``body`` with the token blanked out."""
        if self._token is None:
            return body
        return body.replace(self._token.value.encode(), REDACTED)

    def escaped_possible(self, body: bytes) -> bool:
        """Whether ``body`` could spell the token with JSON escapes (``\\u0074ok…``) that ``redact`` misses."""
        # Only escapes of plain ASCII characters can spell a token, and servers escape only the rest
        # (an accent is \\u00e9): so the costly check of the parsed text runs only for an odd body.
        return self._token is not None and ASCII_ESCAPE.search(body) is not None

    def holds_token(self, model: BaseModel) -> bool:
        """Whether the token is in ``model``'s text."""
        return self._token is not None and self._token.value in model.model_dump_json()

    def redact_escaped(self, body: bytes, model: Parsed, kind: type[Parsed]) -> Parsed:
        """``model`` with the token blanked out of its text, when ``body`` may have spelled it in escapes."""
        if self._token is None or not self.escaped_possible(body) or not self.holds_token(model):
            return model
        dumped = model.model_dump_json(by_alias=True).replace(self._token.value, REDACTED.decode())
        return kind.model_validate_json(dumped)
