"""The conversation's find bar: type to mark matches, down / up (or enter / shift+enter) to go from one to the next.

``shift+enter`` alone is not enough: many terminals send it as a plain enter, so ``up`` and ``down``,
which every terminal sends, step too, and the bar's hint names them.

It sits under the ticket and drives the conversation (``ThreadView.search``, ``next_match``);
escape closes it, clears the marks and gives the focus back to the conversation.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Input, Static

from widgets.conversation.thread_view import ThreadView
from widgets.focus import focus_now
from widgets.in_order_input import InOrderInput

FIND_KEYS = Content.assemble(("↓", "bold"), " next  ", ("↑", "bold"), " previous")
"""The bar's hint: the keys every terminal sends (enter and shift+enter work too)."""


class _FindInput(InOrderInput):
    BINDINGS = [
        Binding("down", "next(1)", "Next", key_display="↓", id="thread-find.next-down"),
        Binding("up", "next(-1)", "Previous", key_display="↑", id="thread-find.previous-up"),
        Binding("enter", "next(1)", "Next", show=False, id="thread-find.next"),
        Binding("shift+enter", "next(-1)", "Previous", show=False, id="thread-find.previous"),
        Binding("escape", "close", "Close", id="thread-find.close"),
    ]

    def action_next(self, step: int) -> None:
        self.query_ancestor(ConversationFind).step(step)

    def action_close(self) -> None:
        self.query_ancestor(ConversationFind).close()


class ConversationFind(Horizontal):
    """Find in the conversation, with the count of matches."""

    DEFAULT_CSS = """
    ConversationFind {
        dock: bottom;
        height: 1;
        display: none;
        background: $boost;
        &.-open { display: block; }
        & > #thread-find-label { width: auto; padding: 0 1; text-style: bold; }
        & > #thread-find-input { width: 1fr; height: 1; border: none; padding: 0; &:focus { border: none; } }
        & > #thread-find-count { width: auto; padding: 0 1; color: $text-muted; }
        & > #thread-find-keys { width: auto; padding: 0 1 0 0; color: $text-muted; }
    }
    """

    def __init__(self, thread: ThreadView, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._thread = thread

    def compose(self) -> ComposeResult:
        yield Static(Content("Find"), id="thread-find-label")
        yield _FindInput(placeholder="text in the conversation", id="thread-find-input")
        yield Static(id="thread-find-count")
        yield Static(FIND_KEYS, id="thread-find-keys")

    @property
    def input(self) -> Input:
        """The text box."""
        return self.query_one(_FindInput)

    @property
    def status(self) -> str:
        """The count shown beside the box, as plain text."""
        return str(self.query_one("#thread-find-count", Static).render())

    def open(self) -> None:
        """Show the bar with its text selected (typing replaces it) and search it again."""
        self.add_class("-open")
        focus_now(self.input)
        self.input.select_all()
        if self.input.value:
            self._search(self.input.value)

    def hide(self) -> None:
        """Hide the bar (a new ticket is shown; its conversation has no marks)."""
        self.remove_class("-open")

    def close(self) -> None:
        """Hide the bar, clear the marks and go back to the conversation."""
        self.remove_class("-open")
        self._thread.clear_search()
        focus_now(self._thread)

    @on(Input.Changed, "#thread-find-input")
    def _changed(self, event: Input.Changed) -> None:
        self._search(event.value)

    def _search(self, text: str) -> None:
        self._thread.search(text)
        self._show(self._thread.next_match(inclusive=True))

    def step(self, direction: int) -> None:
        """Select the next (1) or previous (-1) message with a match."""
        self._show(self._thread.next_match(direction))

    def _show(self, position: int | None) -> None:
        thread, count = self._thread, self.query_one("#thread-find-count", Static)
        if not self.input.value:
            count.update("")
        elif position is None:
            count.update(Content.styled("No matches", "$text-error"))
        else:
            messages = len(thread.matches)
            total = thread.match_total
            count.update(
                Content(f"message {position + 1:,} of {messages:,} · {total:,} match{'es' if total != 1 else ''}")
            )
