"""What stands where the ticket would be when there is none: the start screen, loading, errors.

Pure decisions, no Textual: the TUI shows a ``Notice`` as it is. The start screen lists the recent
tickets (and the demo's samples), so an agent can pick up where they left off with two keys.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from app.core.errors import TOKEN_HINT, InvalidResponse, TicketViewError
from app.core.text.formatting import status_label
from app.core.text.safe_text import clean_line

RECENT_ON_START = 9
"""Recent tickets listed on the start screen."""

NoticeKind = Literal["info", "loading", "error"]
StartMode = Literal["offline", "no token", "demo", "online"]


class RecentTicket(Protocol):
    """What the start screen needs of a recent ticket."""

    @property
    def id(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def status(self) -> str | None: ...


@dataclass(frozen=True)
class Notice:
    """A heading, some words, an optional hint and an optional list of ``(ticket ID, about)`` to open."""

    title: str
    body: str = ""
    hint: str = ""
    kind: NoticeKind = "info"
    choices: Sequence[tuple[str, str]] = ()


def recent_choices(recent: Sequence[RecentTicket], limit: int = RECENT_ON_START) -> list[tuple[str, str]]:
    """The newest ``limit`` recent tickets as choices, each with its status in words."""
    choices = []
    for entry in recent[:limit]:
        symbol, words = status_label(entry.status)
        choices.append((entry.id, f"{symbol} {words} · {entry.title or '(untitled ticket)'}"))
    return choices


def start_notice(mode: StartMode, recent: Sequence[RecentTicket], samples: Sequence[tuple[str, str]] = ()) -> Notice:
    """The start screen for ``mode``, listing the recent tickets (and, in the demo, the samples)."""
    choices = recent_choices(recent)
    if mode == "offline":
        return Notice(
            "Offline",
            "Only tickets cached on this machine can be shown; nothing is fetched."
            + (" Recent tickets:" if choices else " No ticket has been cached yet."),
            choices=choices,
        )
    if mode == "no token":
        return Notice(
            "No API token is set",
            "ticketview needs a Verifik API token to fetch tickets.",
            TOKEN_HINT,
            choices=choices,
        )
    if mode == "demo":
        known = {ticket_id for ticket_id, _ in choices}
        return Notice(
            "Demo mode",
            "A built-in demo API is serving sample tickets on this machine. "
            "Type an ID above, or pick one below and press Enter.",
            choices=choices + [choice for choice in samples if choice[0] not in known],
        )
    return Notice(
        "Look up a ticket",
        "Type or paste a ticket ID above and press Enter." + (" Or open a recent one:" if choices else ""),
        "Keys: / or ctrl+l to type an ID, tab or 1-3 to move between panes, "
        "[ and ] to go back and forward, ctrl+t for a new tab, ctrl+n to open a new ticket, q to quit.",
        choices=choices,
    )


def loading_notice(ticket_id: str) -> Notice:
    """While ``ticket_id`` loads and nothing of it is in hand."""
    return Notice(f"Loading {clean_line(ticket_id)}…", "Press escape to cancel.", kind="loading")


def next_step(error: TicketViewError) -> str:
    """What to do next in the app: the error's hint, and the refresh key when asking again may help."""
    again = "Press r to try again." if error.retryable else ""
    return " ".join(part for part in (error.hint, again) if part)


def error_notice(error: BaseException, ticket_id: str) -> Notice:
    """Why ``ticket_id`` cannot be shown, in words, with what to do next."""
    if isinstance(error, TicketViewError):
        body = error.message
        if isinstance(error, InvalidResponse) and error.excerpt:
            body += f"\n\nIt began: {error.excerpt}"
        return Notice(error.title, body, next_step(error), kind="error")
    return Notice(
        "Something went wrong",
        f"Showing ticket {clean_line(ticket_id)!r} failed unexpectedly ({type(error).__name__}).",
        "Press r to try again.",
        kind="error",
    )


def retry_countdown(reason: str, seconds: int, attempt: int, attempts: int) -> str:
    """The words under the loading notice while the client waits to try again."""
    return (
        f"The server answered: {reason}. Trying again in {seconds} s "
        f"(attempt {attempt} of {attempts}). Press escape to cancel."
    )
