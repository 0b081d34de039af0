"""Which of the conversation's messages are shown (the filter) and marked (find), and where the
agent is reading, to go back to.

The layer of ``widgets.conversation.thread_view.ThreadView`` between its layout and its drawing; the find bar that drives it is
``widgets.conversation.conversation_find``. Each message's cleaned, lower-cased text is made on the first
search and kept for the conversation, so each key typed in the find bar only counts again.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from app.core.text.safe_text import clean
from widgets.conversation.message_painter import side_of
from widgets.conversation.thread_layout import ThreadLayout

if TYPE_CHECKING:
    from app.core.api.models import ThreadMessage

FILTERS = ("all", "user", "agent")
FILTER_NAMES = {"all": "all messages", "user": "client only", "agent": "agents only"}


class ThreadFind(ThreadLayout):
    """The filter (all, client only, agents only), find, and the reading position."""

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.init_find()

    def init_find(self) -> None:
        """Show every message and mark none (for a new view, and for each new conversation)."""
        self._filter = "all"
        self._folded: dict[int, str] = {}
        """Each message's cleaned, lower-cased text, made on the first search (keyed by id)."""
        self._needle = ""
        """What find looks for, in lower case ("" when not finding)."""
        self._matches: list[int] = []
        """The shown messages whose text contains the needle, in order."""
        self._match_total = 0

    # --- filter -------------------------------------------------------------------------

    @property
    def message_filter(self) -> str:
        """Which messages are shown: ``all``, ``user`` (the client's) or ``agent``."""
        return self._filter

    def set_filter(self, which: str) -> None:
        """Show ``all`` messages, or only the client's (``user``) or the agents' (``agent``)."""
        if which not in FILTERS:
            raise ValueError(f"unknown filter {which!r}")
        selected = self._messages[self._cursor] if self._messages else None
        self._filter = which
        shown = self._all if which == "all" else [m for m in self._all if side_of(m.type) == which]
        # Keep the selected message if it is still shown, else the nearest one before it.
        cursor = 0
        if selected is not None and shown:
            position = {id(message): index for index, message in enumerate(self._all)}
            wanted = position[id(selected)]
            cursor = max(0, bisect_right([position[id(m)] for m in shown], wanted) - 1)
        self._show(shown, cursor=cursor)
        self._describe()
        if self._needle:
            self.search(self._needle)  # count what the filter lets through

    def _describe(self) -> None:
        """Say under the pane which messages are shown, when not all are."""
        if self._filter == "all":
            self.border_subtitle = ""
        else:
            self.border_subtitle = f"{FILTER_NAMES[self._filter]} · {len(self._messages):,} of {len(self._all):,}"

    # --- reading position ---------------------------------------------------------------

    def reading_position(self) -> tuple[str, int, int]:
        """Where the agent is: the filter, the selected message (an index into the whole
        conversation) and how many rows the view's top sits below that message's start."""
        if not self._messages:
            return self._filter, 0, 0
        selected = self._messages[self._cursor]
        index = next((number for number, message in enumerate(self._all) if message is selected), 0)
        below = 0
        if self._layout_width and self._cursor < len(self._offsets) - 1:
            below = int(self.scroll_y) - self._offsets[self._cursor]
        return self._filter, index, below

    def restore_position(self, message_filter: str, message: int, below: int = 0) -> None:
        """Go back to a ``reading_position``: the same filter, message and rows from its start."""
        if not self._all:
            return
        if message_filter != self._filter and message_filter in FILTERS:
            self.set_filter(message_filter)
        if self._filter == "all":
            cursor = message
        else:
            wanted = self._all[min(message, len(self._all) - 1)]
            cursor = next((number for number, shown in enumerate(self._messages) if shown is wanted), 0)
        cursor = max(0, min(len(self._messages) - 1, cursor))
        self._cache.pop(self._cursor, None)
        self._cache.pop(cursor, None)
        self._cursor = cursor
        if self._layout_width:
            self._scroll_below(below)
        else:
            self._pending_top = below  # a hidden pane: where to be once it is laid out
        self.refresh()

    # --- find ---------------------------------------------------------------------------

    @property
    def matches(self) -> list[int]:
        """The shown messages that contain what find looks for."""
        return self._matches

    @property
    def match_total(self) -> int:
        """How many times it occurs in them, in all."""
        return self._match_total

    def _folded_text(self, message: ThreadMessage) -> str:
        key = id(message)
        folded = self._folded.get(key)
        if folded is None:
            folded = self._folded[key] = clean(message.message).lower()
        return folded

    def search(self, text: str) -> int:
        """Mark every occurrence of ``text`` (any case) and return how many messages hold it."""
        needle = text.lower()
        self._needle = needle
        self._matches, self._match_total = [], 0
        if needle:
            folded = self._folded_text
            for index, message in enumerate(self._messages):
                count = folded(message).count(needle)
                if count:
                    self._matches.append(index)
                    self._match_total += count
        self._cache.clear()
        self.refresh()
        return len(self._matches)

    def clear_search(self) -> None:
        """Stop marking matches."""
        if self._needle:
            self.search("")

    def next_match(self, step: int = 1, *, inclusive: bool = False) -> int | None:
        """Select the next (``step`` 1) or previous (-1) message holding a match, wrapping round.

        Returns its position among the matches, or ``None`` when there is none. With
        ``inclusive``, the selected message itself counts (for a search just typed).
        """
        matches = self._matches
        if not matches:
            return None
        cursor = self._cursor
        if step > 0:
            position = bisect_left(matches, cursor) if inclusive else bisect_right(matches, cursor)
            position = position % len(matches)
        else:
            position = (bisect_left(matches, cursor) - 1) % len(matches)
        self.select(
            matches[position], align="top" if self._heights[matches[position]] > self.size.height else "visible"
        )
        return position
