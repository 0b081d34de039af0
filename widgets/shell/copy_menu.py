"""The copy menu (``c``): what to copy from the ticket on screen, one letter each."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from app.core.text.formatting import format_size
from widgets.focus import focus_now

CopyChoice = Literal["id", "title", "message", "markdown"]
CHOICES: tuple[tuple[CopyChoice, str, str], ...] = (
    ("id", "i", "Ticket ID"),
    ("title", "t", "Title"),
    ("message", "m", "Selected message"),
    ("markdown", "w", "Whole ticket as Markdown"),
)
"""Each choice: what it copies, its key, its label."""


class CopyMenu(ModalScreen[CopyChoice | None]):
    """A small keyboard-first menu: a letter copies at once, or enter copies the highlighted line.

    It only says what was chosen (``None`` when closed with escape); the App does the copying.
    A choice too big for the clipboard says, before it is chosen, that it is saved to a file.
    """

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Close", id="copy-menu.close"),
        *(
            Binding(key, f"choose('{choice}')", label, show=False, id=f"copy-menu.{choice}")
            for choice, key, label in CHOICES
        ),
    ]

    DEFAULT_CSS = """
    CopyMenu {
        align: center middle;
        background: $background 50%;
        & > #copy-menu {
            width: 44;
            max-width: 100%;
            height: auto;
            padding: 0 1;
            border: round $primary;
            border-title-style: bold;
            background: $surface;
        }
        & OptionList { background: $surface; }
        & #copy-menu-hint { color: $text-muted; }
    }
    """

    def __init__(
        self, unavailable: Collection[CopyChoice] = (), oversized: Mapping[CopyChoice, int] | None = None
    ) -> None:
        """``unavailable``: choices shown greyed out (no title, no message to copy); ``oversized``: the
        choices too big for the clipboard, with their size in bytes (saved to a file instead)."""
        super().__init__()
        self._unavailable = frozenset(unavailable)
        self._oversized = dict(oversized or {})

    def compose(self) -> ComposeResult:
        options = [
            Option(
                Content.assemble(
                    (f" {key} ", "bold $text-accent"),
                    " ",
                    label,
                    ("  (none)", "$text-muted") if choice in self._unavailable else "",
                    self._to_file(choice),
                ),
                id=choice,
                disabled=choice in self._unavailable,
            )
            for choice, key, label in CHOICES
        ]
        with Vertical(id="copy-menu") as menu:
            menu.border_title = "Copy to the clipboard"
            yield OptionList(*options, id="copy-menu-options", compact=True)
            yield Static(Content("A letter, or enter; escape closes."), id="copy-menu-hint")

    def _to_file(self, choice: CopyChoice) -> Content:
        """The line under a choice too big to copy: it is saved to a file, and how big it is."""
        if choice not in self._oversized:
            return Content("")
        return Content.styled(f"\n    too big: saves a file ({format_size(self._oversized[choice])})", "$text-warning")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = next(
            (index for index, (choice, _, _) in enumerate(CHOICES) if choice not in self._unavailable), None
        )
        focus_now(options)

    def action_choose(self, choice: CopyChoice) -> None:
        """Copy ``choice`` (its key was pressed), unless there is nothing of that kind to copy."""
        if choice in self._unavailable:
            self.app.bell()
            return
        self.dismiss(choice)

    @on(OptionList.OptionSelected, "#copy-menu-options")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_choose(event.option_id)  # type: ignore[arg-type]  # the ids are CopyChoice values
