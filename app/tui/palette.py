"""The command palette's key commands: one entry per binding of ours, showing its keys."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.actions import parse as parse_action
from textual.app import SystemCommand
from textual.binding import Binding
from textual.markup import escape

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode
    from textual.screen import Screen

PALETTE_SKIPS = frozenset({"command_palette"})
"""Bound actions not offered in the palette (opening the palette from the palette)."""


def palette_open(app: App[Any]) -> bool:
    """Whether the command palette is on screen (imported when first asked, not at start-up)."""
    from textual.command import CommandPalette

    return CommandPalette.is_open(app)


def key_commands(app: App[Any], screen: Screen[Any]) -> Iterable[SystemCommand]:
    """A command for each enabled binding of ours that has a description, showing its keys.

    Ours are those with an ``id`` (STYLE.md asks it of every binding), so Textual's own keys (an
    Input's editing keys, say) stay out of the palette. The focused widget's keys are as the footer
    has them; the screen's and the App's keys come too where the focused widget takes their key
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
            add(active.node, active.binding, app.get_key_display(replace(active.binding, key_display=None)))
    for owner in (screen, app):
        for binding in Binding.make_bindings(owner.BINDINGS):
            _, name, parameters = parse_action(binding.action)
            if (id(owner), binding.action) not in found and owner.check_action(name, parameters):
                add(owner, binding, f"{app.get_key_display(replace(binding, key_display=None))} (elsewhere)")
    for node, binding, keys in found.values():
        help_text = f"Key: {' or '.join(keys)}"
        if binding.tooltip:
            help_text = f"{binding.tooltip} · {help_text}"
        yield SystemCommand(
            escape(binding.description), escape(help_text), partial(app.run_action, binding.action, node)
        )  # the palette reads a command's title and help as markup
