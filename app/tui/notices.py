"""What stands where the ticket would be when there is none: the start screen, loading, errors.

A mixin of ``TicketViewApp``. The start screen lists the recent tickets (and the demo's samples),
so an agent can pick up where they left off with two keys.
"""

from __future__ import annotations

from textual.widgets import ContentSwitcher

from app.core.errors import TOKEN_HINT, InvalidResponse, TicketViewError
from app.core.text.formatting import status_label
from app.core.text.safe_text import clean_line
from widgets.notice_panel import NoticePanel

RECENT_ON_START = 9
"""Recent tickets listed on the start screen."""


class NoticeControl:
    """The notice panel's contents."""

    def _notice(self) -> NoticePanel:
        return self.query_one(NoticePanel)

    def _switch(self, to: str) -> None:
        self.query_one(ContentSwitcher).current = to

    def recent_entries(self) -> list:
        """Recently viewed tickets, newest first (for the start screen, the ID bar and the palette)."""
        return self.user_data.recent.entries

    def _recent_choices(self) -> list[tuple[str, str]]:
        choices = []
        for entry in self.recent_entries()[:RECENT_ON_START]:
            symbol, words = status_label(entry.status)
            choices.append((entry.id, f"{symbol} {words} · {entry.title or '(untitled ticket)'}"))
        return choices

    def _show_start(self) -> None:
        recent = self._recent_choices()
        if self.settings.offline:
            self._notice().show(
                "Offline",
                "Only tickets cached on this machine can be shown; nothing is fetched."
                + (" Recent tickets:" if recent else " No ticket has been cached yet."),
                kind="info",
                choices=recent,
            )
        elif self.settings.needs_token:
            self._notice().show(
                "No API token is set",
                "ticketview needs a Verifik API token to fetch tickets.",
                TOKEN_HINT,
                choices=recent,
            )
        elif self.settings.demo:
            known = {ticket_id for ticket_id, _ in recent}
            samples = [choice for choice in self._samples if choice[0] not in known]
            self._notice().show(
                "Demo mode",
                "A built-in demo API is serving sample tickets on this machine. "
                "Type an ID above, or pick one below and press Enter.",
                kind="info",
                choices=recent + samples,
            )
        else:
            self._notice().show(
                "Look up a ticket",
                "Type or paste a ticket ID above and press Enter." + (" Or open a recent one:" if recent else ""),
                "Keys: / or ctrl+l to type an ID, tab or 1-3 to move between panes, "
                "[ and ] to go back and forward, ctrl+t for a new tab, q to quit.",
                choices=recent,
            )
        self._switch("notice")

    def _show_error(self, error: BaseException, ticket_id: str) -> None:
        if isinstance(error, TicketViewError):
            body = error.message
            if isinstance(error, InvalidResponse) and error.excerpt:
                body += f"\n\nIt began: {error.excerpt}"
            self._notice().show(error.title, body, error.hint, kind="error")
        else:
            self._notice().show(
                "Something went wrong",
                f"Showing ticket {clean_line(ticket_id)!r} failed unexpectedly ({type(error).__name__}).",
                "Press r to try again.",
                kind="error",
            )
        self._switch("notice")

