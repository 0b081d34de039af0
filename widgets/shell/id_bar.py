"""The ID bar: where an agent types or pastes a ticket ID, like a browser's address bar."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.suggester import Suggester
from textual.widgets import Input, Label

from app.core.text.safe_text import printable_only, safe_id
from widgets.focus import caught_up, focus_now
from widgets.in_order_input import InOrderInput


class RecentSuggester(Suggester):
    """Completes what is typed to the most recent ticket ID that starts with it (right arrow takes it)."""

    def __init__(self, ids: Callable[[], Iterable[str]]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self._ids = ids

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        return next(
            (safe_id(ticket_id) for ticket_id in self._ids() if ticket_id.startswith(value) and ticket_id != value),
            None,
        )


class IdInput(InOrderInput):
    """An input that never takes a control, bidi or format character, typed or pasted: they are dropped."""

    def insert(self, text: str, index: int) -> None:
        super().insert(printable_only(text), index)

    def replace(self, text: str, start: int, end: int) -> None:
        super().replace(printable_only(text), start, end)


class IdBar(Horizontal):
    """A labelled input that posts ``IdBar.Submitted`` with a cleaned-up ticket ID."""

    DEFAULT_CSS = """
    IdBar {
        height: 1;
        padding: 0 1;
        background: $panel;
        & > Label { padding: 0 1 0 0; color: $text-muted; text-style: bold; }
        & > Input { width: 1fr; }
        & > #id-bar-mode { padding: 0 0 0 1; color: $text-warning; width: auto; }
        &.-nudge > Input > .input--placeholder { color: $text-warning; text-style: bold; }
    }
    """

    PLACEHOLDER = "e.g. support_ticket_123456789, then Enter"
    CATCH_UP_LIMIT = 1.0
    """Seconds Enter waits for the keys typed before it to reach the input (a moment, in practice)."""
    NUDGE = "Type a ticket ID first, then Enter"

    class Submitted(Message):
        """The agent asked for a ticket."""

        def __init__(self, ticket_id: str) -> None:
            super().__init__()
            self.ticket_id = ticket_id

    class Empty(Message):
        """Enter with no ID typed: the bar says what to type; what an earlier ID left on screen is stale."""

    def __init__(
        self, *, mode: str = "", value: str = "", suggester: Suggester | None = None, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self._mode = mode
        self._value = safe_id(value)
        self._suggester = suggester

    def compose(self) -> ComposeResult:
        yield Label("Ticket ID")
        yield IdInput(
            value=self._value,
            placeholder=self.PLACEHOLDER,
            id="id-input",
            select_on_focus=True,
            compact=True,
            suggester=self._suggester,
        )
        if self._mode:
            yield Label(self._mode, id="id-bar-mode", markup=False)

    @property
    def input(self) -> Input:
        """The text input inside the bar."""
        return self.query_one(Input)

    def focus_and_select(self) -> None:
        """Focus the input with its text selected, so typing replaces it."""
        focus_now(self.input)
        self.input.select_all()

    def set_value(self, ticket_id: str) -> None:
        """Show ``ticket_id`` in the bar, made display-safe, without submitting it."""
        self.input.value = safe_id(ticket_id)

    @property
    def nudging(self) -> bool:
        """Whether the bar is asking for an ID (Enter was pressed with none typed)."""
        return self.has_class("-nudge")

    async def caught_up(self) -> None:
        """Wait until the input has taken the keys handed to it so far (a burst is handed on at once,
        and typed into the input a little later, in its own turn)."""
        await caught_up(self.input, limit=self.CATCH_UP_LIMIT)

    def take(self) -> str | None:
        """The ID typed, for Enter; with none typed, ``None``, and the bar asks for one (``Empty``)."""
        ticket_id = self.input.value.strip()
        if ticket_id:
            return ticket_id
        self.input.clear()  # spaces only: the placeholder shows
        self.input.placeholder = self.NUDGE
        self.add_class("-nudge")
        self.post_message(self.Empty())
        return None

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        # Enter is the screen's (it opens the ID before the keys typed behind it are given out):
        # this is the input's own submit, for whatever else calls it.
        event.stop()
        ticket_id = self.take()
        if ticket_id is not None:
            self.post_message(self.Submitted(ticket_id))

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if self.nudging and event.value:
            self.remove_class("-nudge")
            self.input.placeholder = self.PLACEHOLDER
