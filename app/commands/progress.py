"""A progress line on stderr for a one-shot command that takes a while: on a terminal only, after a moment.

It is redrawn in place (``\\r``, then erase to the end of the line), kept to one line of the
terminal's width so it never wraps, and cleared before anything else is printed.
"""

from __future__ import annotations

import asyncio
import os
from typing import TextIO

PROGRESS_DELAY = 0.5
"""Seconds of quiet before progress is shown: a quick command prints nothing but its answer."""
ERASE_LINE = "\x1b[K"


def _columns(stream: TextIO) -> int:
    try:
        columns = os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError, AttributeError):
        return 80
    return columns or 80  # a terminal that does not say its size


class ProgressLine:
    """One line of progress on ``stream``, shown only if it is a terminal and the work outlasts ``delay``."""

    def __init__(self, stream: TextIO, *, delay: float = PROGRESS_DELAY, enabled: bool | None = None) -> None:
        self._stream = stream
        self._delay = delay
        self._enabled = _is_terminal(stream) if enabled is None else enabled
        self._text = ""
        self._shown = False
        self._timer: asyncio.TimerHandle | None = None

    @property
    def shown(self) -> bool:
        """Whether the line is on the terminal now."""
        return self._shown

    def start(self, text: str) -> None:
        """Begin with ``text``; shown after the delay (call inside the running event loop)."""
        self._text = text
        if self._enabled and self._timer is None and not self._shown:
            self._timer = asyncio.get_running_loop().call_later(self._delay, self._show)

    def update(self, text: str) -> None:
        """Say ``text`` instead (at once, if the line is already shown)."""
        self._text = text
        if self._shown:
            self._draw()

    def clear(self) -> None:
        """Take the line off the terminal (and never show it after this, unless started again)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._shown:
            self._write("\r" + ERASE_LINE)
            self._shown = False

    def _show(self) -> None:
        self._timer = None
        self._shown = True
        self._draw()

    def _draw(self) -> None:
        width = max(10, _columns(self._stream) - 1)  # the last column would wrap on some terminals
        text = self._text if len(self._text) <= width else self._text[: width - 1] + "…"
        self._write("\r" + text + ERASE_LINE)

    def _write(self, text: str) -> None:
        try:
            self._stream.write(text)
            self._stream.flush()
        except (OSError, ValueError):
            self._enabled = self._shown = False  # a closed or broken terminal: progress is not worth a crash


def _is_terminal(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (OSError, ValueError):
        return False
