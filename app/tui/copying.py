"""Copying from the ticket on screen (``c``): its ID, title, the selected message or all of it.

The clipboard is reached through the terminal (OSC 52), and terminals drop a payload past their
limit without a word: tmux and many terminals cap it near 100 KB of base64, some lower. So above
``SAFE_COPY_BYTES`` nothing is claimed copied: the menu says so before, and the text is saved as
a file in the download folder instead, with where it went.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.errors import TicketViewError
from app.core.text.formatting import format_size
from app.core.text.paths import short_path
from app.core.text.safe_text import clean_line, safe_id

if TYPE_CHECKING:
    from textual.app import App

    from app.core.api.models import Ticket
    from widgets.conversation.thread_view import ThreadView
    from widgets.shell.copy_menu import CopyChoice

SAVED_TITLE = "Saved as a file: too big to copy"
SAFE_COPY_BYTES = 64 * 1024
"""The most text copied through the terminal: 64 KiB is about 87 KB of base64, under common caps."""


def unavailable_choices(ticket: Ticket, thread: ThreadView) -> list[CopyChoice]:
    """What the copy menu cannot offer for ``ticket`` (no title, no message)."""
    unavailable: list[CopyChoice] = []
    if not clean_line(ticket.title):
        unavailable.append("title")
    if thread.message_count == 0:
        unavailable.append("message")
    return unavailable


def copy_texts(ticket: Ticket, thread: ThreadView) -> dict[CopyChoice, str]:
    """What each choice would copy, made once as the menu opens: the menu sizes them, the choice copies
    one (the whole ticket as Markdown takes 0.2 s for 10,000 messages: not twice)."""
    choices: tuple[CopyChoice, ...] = ("id", "title", "message", "markdown")
    return {choice: text for choice in choices if (text := _text(choice, ticket, thread)) is not None}


def oversized_choices(texts: Mapping[CopyChoice, str]) -> dict[CopyChoice, int]:
    """The choices too big for the clipboard, with their size in bytes (they are saved to a file)."""
    sizes = {choice: len(text.encode()) for choice, text in texts.items()}
    return {choice: size for choice, size in sizes.items() if size > SAFE_COPY_BYTES}


def _text(choice: CopyChoice, ticket: Ticket, thread: ThreadView) -> str | None:
    """What ``choice`` copies (``None``: there is no message to copy)."""
    if choice == "id":
        return clean_line(ticket.id)
    if choice == "title":
        return clean_line(ticket.title)
    if choice == "message":
        return thread.selected_text() if thread.message_count else None  # what `y` in the conversation copies
    from app.core.export import to_markdown

    # Without a "now", times are absolute only: "(3 days ago)" would be wrong once pasted.
    return to_markdown(ticket, zone=thread.zone)  # 0.2 s for 10,000 messages, 1 ms for most tickets


def _what(choice: CopyChoice, thread: ThreadView) -> str:
    if choice == "message":
        return f"message {thread.cursor + 1:,} of {thread.message_count:,}"
    return {"id": "the ticket ID", "title": "the title"}.get(choice, "the ticket as Markdown")


def copy_from_ticket(
    app: App[object],
    choice: CopyChoice,
    ticket: Ticket,
    thread: ThreadView,
    download_dir: Path,
    text: str | None = None,
) -> None:
    """Copy ``choice`` from ``ticket`` (OSC 52) and say what and how much; too big, save it to a file.

    ``text`` is what it copies, when already made (``copy_texts``)."""
    if text is None:
        text = _text(choice, ticket, thread)
    if text is None:
        app.notify("There is no message to copy.", markup=False, timeout=3)
        return
    what, size = _what(choice, thread), len(text.encode())
    if size > SAFE_COPY_BYTES:
        name = safe_id(ticket.id) + (f" message {thread.cursor + 1}.txt" if choice == "message" else ".md")
        app.run_worker(_save(app, text, what, name, download_dir), group="copy-save", exit_on_error=False)
        return
    app.copy_to_clipboard(text)
    # The size on a line of its own: a toast is narrow, and "870 B" should not break in two.
    app.notify(f"Copied {what}\n({format_size(size)})", markup=False, timeout=3)


async def _save(app: App[object], text: str, what: str, name: str, download_dir: Path) -> None:
    """Save ``text`` in the download folder and say where (a file, as the clipboard would drop it)."""
    from app.core.attachments.saved_text import save_text
    from app.tui.toasts import path_lines

    size = format_size(len(text.encode()))
    try:
        path = await asyncio.to_thread(save_text, text, download_dir, name)
    except TicketViewError as error:
        app.notify(error.message, title=f"Could not save {what}", severity="error", markup=False)
        return
    lead = f"{what[0].upper()}{what[1:]} ({size}):"
    app.notify(path_lines(app, short_path(path), lead), title=SAVED_TITLE, timeout=10, markup=False)
