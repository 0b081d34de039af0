"""The API token as the client holds it: never shown in a repr, sent only when it can be a header."""

from __future__ import annotations


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
