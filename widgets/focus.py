"""Moving the focus at once, so keys typed in the same burst go where the agent sent them."""

from __future__ import annotations

from textual.dom import NoScreen
from textual.widget import Widget


def focus_now(widget: Widget) -> None:
    """Focus ``widget`` now, not after the messages already queued.

    Textual's ``Widget.focus`` moves the focus with ``call_later``, behind the keys already waiting:
    over SSH ``ctrl+l`` and the ID typed after it arrive in one burst, and the first characters
    went to the widget that had the focus before. A widget not on a screen yet is focused as usual.
    """
    try:
        screen = widget.screen
    except NoScreen:  # not mounted yet
        widget.focus()
        return
    if screen.is_attached and widget.is_attached:
        screen.set_focus(widget)
    else:
        widget.focus()
