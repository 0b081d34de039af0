"""Copying from the ticket on screen (``c``): its ID, title, the selected message or all of it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.text.formatting import format_size
from app.core.text.safe_text import clean_line

if TYPE_CHECKING:
    from textual.app import App

    from app.core.api.models import Ticket
    from widgets.conversation.thread_view import ThreadView
    from widgets.shell.copy_menu import CopyChoice


def unavailable_choices(ticket: Ticket, thread: ThreadView) -> list[CopyChoice]:
    """What the copy menu cannot offer for ``ticket`` (no title, no message)."""
    unavailable: list[CopyChoice] = []
    if not clean_line(ticket.title):
        unavailable.append("title")
    if thread.message_count == 0:
        unavailable.append("message")
    return unavailable


def copy_from_ticket(app: App[object], choice: CopyChoice, ticket: Ticket, thread: ThreadView) -> None:
    """Copy ``choice`` from ``ticket`` (OSC 52) and say what and how much."""
    if choice == "id":
        text, what = clean_line(ticket.id), "the ticket ID"
    elif choice == "title":
        text, what = clean_line(ticket.title), "the title"
    elif choice == "message":
        if thread.message_count == 0:
            app.notify("There is no message to copy.", markup=False, timeout=3)
            return
        text = thread.selected_text()  # what `y` in the conversation copies
        what = f"message {thread.cursor + 1:,} of {thread.message_count:,}"
    else:
        from app.core.export import to_markdown

        # Without a "now", times are absolute only: "(3 days ago)" would be wrong once pasted.
        text, what = to_markdown(ticket), "the ticket as Markdown"
    app.copy_to_clipboard(text)
    # The size on a line of its own: a toast is narrow, and "870 B" should not break in two.
    app.notify(f"Copied {what}\n({format_size(len(text.encode()))})", markup=False, timeout=3)
