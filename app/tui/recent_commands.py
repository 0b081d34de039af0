"""Command palette entries for tickets: the recent ones, and opening whatever ID was typed.

Titles and IDs come from the API or the keyboard, so every entry is built as ``Content`` (never
markup; the palette parses a plain string's prompt and its help as markup) and made safe first.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.style import Style

from app.core.browsing.notices import RecentTicket
from app.core.text.formatting import status_label
from app.core.text.safe_text import clean_line

if TYPE_CHECKING:
    from app.tui.app import TicketViewApp

TITLE_WIDTH = 60
"""Characters of a title shown in an entry (the palette is at most ~80 columns wide)."""
OPEN_TYPED_SCORE = 0.05
"""How high "Open ticket <typed>" ranks: below anything the typing matches, but always offered."""


def _short(text: str, width: int = TITLE_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def entry_text(entry: RecentTicket) -> str:
    """The entry's line as plain, safe text: ``Open support_ticket_… — title``."""
    title = _short(clean_line(entry.title)) or "(untitled ticket)"
    return f"Open {clean_line(entry.id)} — {title}"


def entry_prompt(
    entry: RecentTicket, text: str, highlight: Iterable[int] = (), style: Style | str = "reverse"
) -> Content:
    """The entry as shown: its line (matched characters marked), and under it its status."""
    line = Content(text)
    for offset in highlight:
        if not text[offset].isspace():
            line = line.stylize(style, offset, offset + 1)
    symbol, words = status_label(entry.status)
    about = Content.styled(f"Recent ticket · {symbol} {words}", "$text-muted")
    return Content("\n").join([line, about])


class RecentTicketsProvider(Provider):
    """Recent tickets in the palette (newest first), and "Open ticket <what you typed>"."""

    def _entries(self) -> list[RecentTicket]:
        return list(cast("TicketViewApp", self.app).recent_entries())

    def _open(self, ticket_id: str) -> None:
        cast("TicketViewApp", self.app).open_ticket(ticket_id)

    async def discover(self) -> Hits:
        for entry in self._entries():
            text = entry_text(entry)
            yield DiscoveryHit(entry_prompt(entry, text), partial(self._open, entry.id), text=text)

    async def search(self, query: str) -> Hits:
        matcher: Matcher = self.matcher(query)
        for entry in self._entries():
            text = entry_text(entry)
            # Matcher.highlight would parse the title as markup: mark the matched characters here.
            score, offsets = matcher.fuzzy_search.match(matcher.query, text)
            if score > 0:
                prompt = entry_prompt(entry, text, offsets, matcher.match_style)
                yield Hit(score, prompt, partial(self._open, entry.id), text=text)
        typed = query.strip()
        if typed and not any(char.isspace() for char in typed):  # an ID is one word
            shown = Content.assemble("Open ticket ", (clean_line(typed), "bold"))
            yield Hit(OPEN_TYPED_SCORE, shown, partial(self._open, typed), text=f"Open ticket {clean_line(typed)}")
