"""The App's commands beyond the ticket keys: the command palette, copying, themes and NO_COLOR.

A mixin of ``TicketViewApp``; its key bindings are listed in the App's ``BINDINGS``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from textual.actions import parse as parse_action
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.filter import LineFilter, Monochrome, NoColor
from textual.markup import escape

from app.core.text.formatting import format_size
from app.core.text.safe_text import clean_line

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.screen import Screen

    from widgets.copy_menu import CopyChoice

PALETTE_SKIPS = frozenset({"command_palette"})
"""Bound actions not offered in the palette (opening the palette from the palette)."""
NO_COLOUR = NoColor()
MUTED_COLOURS = ("primary", "secondary", "accent", "warning", "error", "success")
"""The theme colours whose ``-muted`` variants are backgrounds (badges, Textual's Label variants)."""


def _recent_tickets_provider() -> type:
    """The palette's recent-tickets source, imported when the palette first opens (not at start-up)."""
    from app.tui.recent_commands import RecentTicketsProvider

    return RecentTicketsProvider


def _palette_open(app: App) -> bool:
    from textual.command import CommandPalette

    return CommandPalette.is_open(app)


class CommandsMixin:
    """Command palette entries, the copy menu (``c``), the theme switcher (``T``) and NO_COLOR."""

    COMMANDS = App.COMMANDS | {_recent_tickets_provider}
    _palette_keys: tuple[Screen, list[SystemCommand]] | None = None
    """The screen the palette was last opened from, and its keys' commands as they stood then."""

    def on_mount(self) -> None:
        # Watching from here on leaves out the theme set at start (--theme, or the remembered one).
        self.watch(self, "theme", self._theme_chosen, init=False)

    # --- copying ------------------------------------------------------------------------

    def action_copy_menu(self) -> None:
        """Offer what can be copied from the ticket on screen."""
        from widgets.copy_menu import CopyMenu

        if isinstance(self.screen, CopyMenu):
            return
        ticket = self.ticket
        if ticket is None:
            self.notify("No ticket is open, so there is nothing to copy.", markup=False, timeout=3)
            return
        unavailable: list[CopyChoice] = []
        if not clean_line(ticket.title):
            unavailable.append("title")
        if self.thread_view.message_count == 0:
            unavailable.append("message")
        self.push_screen(CopyMenu(unavailable), callback=self._copy)

    def _copy(self, choice: CopyChoice | None) -> None:
        """Copy ``choice`` from the ticket on screen (OSC 52) and say what and how much."""
        ticket = self.ticket
        if choice is None or ticket is None:
            return
        if choice == "id":
            text, what = clean_line(ticket.id), "the ticket ID"
        elif choice == "title":
            text, what = clean_line(ticket.title), "the title"
        elif choice == "message":
            thread = self.thread_view
            if thread.message_count == 0:
                self.notify("There is no message to copy.", markup=False, timeout=3)
                return
            text = thread.selected_text()  # what `y` in the conversation copies
            what = f"message {thread.cursor + 1:,} of {thread.message_count:,}"
        else:
            from app.core.export import to_markdown

            # Without a "now", times are absolute only: "(3 days ago)" would be wrong once pasted.
            text, what = to_markdown(ticket), "the ticket as Markdown"
        self.copy_to_clipboard(text)
        # The size on a line of its own: a toast is narrow, and "870 B" should not break in two.
        self.notify(f"Copied {what}\n({format_size(len(text.encode()))})", markup=False, timeout=3)

    # --- the command palette ------------------------------------------------------------

    def action_command_palette(self) -> None:
        """Open the palette, with the keys that apply on the screen it was opened from."""
        if not _palette_open(self):
            # Read now: with the palette on top, the App disables the keys of the screen below it,
            # yet the palette runs its command on that screen, after it has closed.
            self._palette_keys = (self.screen, list(self._key_commands(self.screen)))
        super().action_command_palette()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own commands, and one for every key of the App and of the focused widget."""
        opened = self._palette_keys
        if opened is not None and opened[0] is screen and _palette_open(self):
            keys = opened[1]
        else:
            keys = list(self._key_commands(screen))
        ours = {command.title for command in keys}
        for command in super().get_system_commands(screen):
            if command.title not in ours:  # e.g. Textual's "Quit" and "Theme": ours show the key
                yield command
        yield from keys

    def _key_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """A command for each enabled binding of ours that has a description, showing its keys.

        Ours are those with an ``id`` (STYLE.md asks it of every binding), so Textual's own keys
        (an Input's editing keys, say) stay out of the palette. The focused widget's keys are as
        the footer has them; the App's keys come too where the focused widget takes their key
        (the ID bar takes ``c`` as typing, the queue as its category filter).
        """
        found: dict[tuple[int, str], tuple[DOMNode, Binding, list[str]]] = {}

        def add(node: DOMNode, binding: Binding, key: str) -> None:
            if binding.description and binding.id and binding.action not in PALETTE_SKIPS:
                _, _, keys = found.setdefault((id(node), binding.action), (node, binding, []))
                if key not in keys:
                    keys.append(key)

        for active in screen.active_bindings.values():
            if active.enabled:
                # One key each, not the footer's pairs ("j k" for j, and for k as well).
                add(active.node, active.binding, self.get_key_display(replace(active.binding, key_display=None)))
        for binding in Binding.make_bindings(self.BINDINGS):
            _, name, parameters = parse_action(binding.action)
            if (id(self), binding.action) not in found and self.check_action(name, parameters):
                add(self, binding, f"{self.get_key_display(replace(binding, key_display=None))} (elsewhere)")
        for node, binding, keys in found.values():
            help_text = f"Key: {' or '.join(keys)}"
            if binding.tooltip:
                help_text = f"{binding.tooltip} · {help_text}"
            yield SystemCommand(
                escape(binding.description), escape(help_text), partial(self.run_action, binding.action, node)
            )  # the palette reads a command's title and help as markup

    # --- themes -------------------------------------------------------------------------

    def action_switch_theme(self) -> None:
        """Choose another theme; the choice is remembered."""
        self.search_themes()

    def _theme_chosen(self, name: str) -> None:
        """Remember the theme the agent chose, for the next run."""
        self.user_data.preferences.remember_theme(name)

    def get_css_variables(self) -> dict[str, str]:
        """Under an ansi theme, the muted colours are the terminal's own background.

        Textual makes ``$primary-muted`` ``ansi_blue 50%``, which a terminal cannot blend: it comes
        out as ``ansi_blue``, the colour of ``$text-primary`` too, so a badge (``$text-primary on
        $primary-muted``) would show blue words on blue. Coloured words on the terminal's
        background keep both the colour and the words.
        """
        variables = super().get_css_variables()
        if self.current_theme.ansi:
            for name in MUTED_COLOURS:
                variables[f"{name}-muted"] = "ansi_default"
        return variables

    # --- NO_COLOR -----------------------------------------------------------------------

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Under ``NO_COLOR``, no colour at all: the terminal's own foreground and background.

        Textual turns a colour theme to shades of grey instead (still colour codes, and a dark
        grey screen on a light terminal), and an ``ansi`` theme chosen after start to black on
        black; ``styles/no_color.tcss`` shows cursors and focus by text style instead of colour.
        """
        filters = super().get_line_filters()
        if not self.no_color:
            return filters
        return [*(f for f in filters if not isinstance(f, Monochrome)), NO_COLOUR]
