"""What stands where the ticket would be when there is none: welcome, loading, or an error."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widgets import LoadingIndicator, OptionList, Static
from textual.widgets.option_list import Option

from app.core.text.safe_text import clean_line
from widgets.focus import focus_now

SPINNER_AFTER = 0.4
"""Seconds of loading before the spinner shows: a quick answer never flashes one, and the first
moments of a run (the HTTP stack still importing) are not spent animating it."""


class NoticePanel(VerticalScroll):
    """A heading, some words, an optional hint and an optional list of ticket IDs to open."""

    DEFAULT_CSS = """
    NoticePanel {
        padding: 1 2;
        & > #notice-title { text-style: bold; margin-bottom: 1; }
        & > #notice-body { margin-bottom: 1; }
        & > #notice-hint { color: $text-muted; margin-bottom: 1; }
        & > LoadingIndicator { height: 3; display: none; }
        & > OptionList { height: auto; max-height: 14; display: none; }
        &.-loading.-slow > LoadingIndicator { display: block; }
        &.-with-choices > OptionList { display: block; }
        &.-error > #notice-title { color: $text-error; }
    }
    """

    class Chosen(Message):
        """The agent picked a ticket ID from the list."""

        def __init__(self, ticket_id: str) -> None:
            super().__init__()
            self.ticket_id = ticket_id

    _spinner: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="notice-title", markup=False)
        yield Static(id="notice-body", markup=False)
        yield Static(id="notice-hint", markup=False)
        yield OptionList(id="notice-choices")

    def show(
        self,
        title: str,
        body: str = "",
        hint: str = "",
        *,
        kind: str = "info",
        choices: Sequence[tuple[str, str]] = (),
    ) -> None:
        """Show a notice; ``kind`` is ``info``, ``loading`` (a spinner after ``SPINNER_AFTER``) or ``error``."""
        if kind != "loading" or not self.has_class("-loading"):  # not loading, or a new wait begins
            if self._spinner is not None:
                self._spinner.stop()
            self.remove_class("-slow")
            self._spinner = None
            if kind == "loading":
                self._spinner = self.set_timer(SPINNER_AFTER, self.show_spinner, name="spinner")
        self.set_class(kind == "loading", "-loading")
        self.set_class(kind == "error", "-error")
        self.set_class(bool(choices), "-with-choices")
        self.query_one("#notice-title", Static).update(Content(title))
        self.query_one("#notice-body", Static).update(Content(body))
        hint_widget = self.query_one("#notice-hint", Static)
        hint_widget.update(Content(hint))
        hint_widget.display = bool(hint)
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(
            Option(
                Content.assemble((clean_line(ticket_id), "bold"), ("  " + clean_line(about), "$foreground-muted")),
                id=ticket_id,
            )
            for ticket_id, about in choices
        )
        if choices:
            options.highlighted = 0

    def show_spinner(self) -> None:
        """The wait has gone on: show the spinner under a loading notice (made the first time)."""
        if not self.query(LoadingIndicator):
            self.mount(LoadingIndicator(), after="#notice-body")
        self.add_class("-slow")

    def on_focus(self) -> None:
        """Focus arriving (tab) goes straight to the list of tickets, when there is one, so enter opens."""
        if self.has_class("-with-choices"):
            focus_now(self.query_one(OptionList))

    def update_body(self, body: str) -> None:
        """Change only the words under the title (e.g. a retry countdown)."""
        self.query_one("#notice-body", Static).update(Content(body))

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Chosen(event.option.id))
