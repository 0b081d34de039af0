"""Moving the focus at once, so keys typed in the same burst go where the agent sent them."""

from __future__ import annotations

import asyncio
import contextlib

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


async def caught_up(*widgets: Widget, limit: float = 1.0) -> None:
    """Wait until each of ``widgets`` has taken the keys already handed to it.

    A burst is read ahead of the widgets it goes to: each types its keys in its own turn, later. An
    action that reads a field (Enter, ``ctrl+s``) waits here first. A widget that no longer takes
    messages is not waited for; after ``limit`` seconds, what the fields hold is what counts.
    """
    waits = []
    for widget in widgets:
        done = asyncio.Event()
        if widget.call_later(done.set):  # behind the keys in the widget's queue
            waits.append(done.wait())
    if waits:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.gather(*waits), timeout=limit)
