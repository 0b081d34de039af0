"""Hand a saved file to the desktop (the system's opener), and make text safe to paste.

Over SSH there is no display to open a file on, so callers show the path instead. The opener is
started without a shell, detached from the terminal, with the path as one argument.
Nothing here imports Textual.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import quote


def has_display(environ: Mapping[str, str] = os.environ, platform: str = sys.platform) -> bool:
    """Whether a file opened here would appear in front of the user (not over plain SSH)."""
    if platform == "darwin":
        return not environ.get("SSH_CONNECTION")
    return bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


def opener_command(path: Path, platform: str = sys.platform) -> list[str] | None:
    """The command that opens ``path`` with its default application, or ``None`` if there is none."""
    target = str(path.absolute())  # absolute: a name can never be taken for an option
    if platform == "darwin":
        return ["open", target]
    opener = shutil.which("xdg-open")
    return [opener, target] if opener else None


def open_with_system(
    path: Path, environ: Mapping[str, str] = os.environ, platform: str = sys.platform
) -> subprocess.Popen[bytes] | None:
    """Start the system's opener on ``path`` when there is a display and an opener; else ``None``.

    Raises ``OSError`` if the opener cannot be started.
    """
    if not has_display(environ, platform):
        return None
    command = opener_command(path, platform)
    if command is None:
        return None
    return subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # the opener must not share the TUI's terminal or signals
    )


def pasteable(text: str) -> str:
    """``text`` with whitespace and control characters percent-encoded, so pasting it runs nothing.

    A URL from the API could hide a newline and a command; on the clipboard it stays one word.
    """
    return "".join(char if char.isprintable() and not char.isspace() else quote(char, safe="") for char in text)
