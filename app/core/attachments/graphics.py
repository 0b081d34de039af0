"""Which way to draw pictures in this terminal: Kitty graphics, Sixel, or coloured half-blocks.

Decided from the environment when the first image is shown, never by asking the terminal: a
question needs the terminal's answer read from the keyboard's input, which Textual owns once it
runs (the answer would arrive as keystrokes), and asking before Textual starts would slow every
start-up by a round trip (a long one over SSH) for a picture most runs never show.

Half-blocks work everywhere and are the default: in tmux and screen (which do not pass pictures on
as they are), in a browser (``--serve``), in tests, and wherever the terminal is not known to draw
pictures. The ``images`` setting (``TICKETVIEW_IMAGES`` or the config file: ``auto``, ``kitty``,
``sixel``, ``blocks``) overrides the guess.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Literal, NamedTuple

Protocol = Literal["kitty", "sixel", "blocks"]

_CHOICES: dict[str, Protocol] = {"kitty": "kitty", "sixel": "sixel", "blocks": "blocks"}
_SIXEL_TERMS = ("foot", "mlterm", "contour", "wezterm", "yaft")
_SIXEL_PROGRAMS = frozenset({"wezterm", "iterm.app", "mlterm"})
DEFAULT_CELL = (10, 20)
"""A cell's pixels when the terminal does not say (a VT340's, as textual-image assumes)."""


class Drawing(NamedTuple):
    """How pictures are drawn here: the protocol, and a terminal cell's size in pixels."""

    protocol: Protocol = "blocks"
    cell: tuple[int, int] = (1, 2)


BLOCKS = Drawing()
"""Coloured half-blocks: two pixels a cell, anywhere."""


def choose_protocol(wanted: str, environ: Mapping[str, str], *, graphics_possible: bool) -> Protocol:
    """The protocol to draw with: ``wanted`` (the ``images`` setting) unless ``auto``, else a guess from
    ``environ``. ``graphics_possible`` is False in a browser, headless, or off a terminal."""
    if not graphics_possible:
        return "blocks"
    if wanted in _CHOICES:
        return _CHOICES[wanted]
    if environ.get("TMUX") or environ.get("STY") or environ.get("TERM", "").startswith(("screen", "tmux")):
        return "blocks"
    term = environ.get("TERM", "").lower()
    program = environ.get("TERM_PROGRAM", "").lower()
    if term == "xterm-kitty" or environ.get("KITTY_WINDOW_ID"):
        return "kitty"
    if term.startswith(_SIXEL_TERMS) or program in _SIXEL_PROGRAMS or _konsole_with_sixel(environ):
        return "sixel"
    return "blocks"


def _konsole_with_sixel(environ: Mapping[str, str]) -> bool:
    """Konsole draws Sixel from 22.04 (``KONSOLE_VERSION`` 220400)."""
    version = environ.get("KONSOLE_VERSION", "")
    return version.isdigit() and int(version) >= 220400


def cell_pixels(fd: int) -> tuple[int, int]:
    """A cell's size in pixels from the terminal's window size (no question asked), else ``DEFAULT_CELL``."""
    try:
        import fcntl
        import struct
        import termios

        packed = fcntl.ioctl(fd, termios.TIOCGWINSZ, b"\x00" * 8)
        rows, columns, width, height = struct.unpack("HHHH", packed)
    except (ImportError, OSError, ValueError):
        return DEFAULT_CELL
    if not (rows and columns and width and height):
        return DEFAULT_CELL
    cell = (width // columns, height // rows)
    return cell if 2 <= cell[0] <= 200 and 2 <= cell[1] <= 400 else DEFAULT_CELL


def detect(wanted: str, *, graphics_possible: bool) -> Drawing:
    """How to draw pictures on this process's terminal, given the ``images`` setting."""
    import sys

    protocol = choose_protocol(wanted, os.environ, graphics_possible=graphics_possible)
    stream = sys.__stdout__
    if protocol == "blocks" or stream is None:
        return BLOCKS
    try:
        fd = stream.fileno()
    except (OSError, ValueError):
        return BLOCKS
    return Drawing(protocol, cell_pixels(fd))
