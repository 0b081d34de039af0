"""The viewer's body when there is nothing to show but words: what a file is, or why it is not shown."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from app.core.text.formatting import format_size
from app.core.text.safe_text import clean_line
from widgets.attachments.viewer_body import ViewerBody
from widgets.focus import focus_now

DOWNLOAD_HINT = "Press d to download it, escape to go back."


def lines(*parts: Content) -> Content:
    """``parts`` one under the other."""
    return Content("\n").join(parts)


class MessageBody(ViewerBody):
    """A few lines of words, scrollable (a narrow terminal wraps them)."""

    DEFAULT_CSS = """
    MessageBody > VerticalScroll { height: 1fr; }
    MessageBody #viewer-message { padding: 1 2; }
    """

    def __init__(self, content: Content) -> None:
        super().__init__()
        self._content = content

    def compose(self) -> ComposeResult:
        with VerticalScroll(can_focus=True):
            yield Static(self._content, id="viewer-message")

    def focus_body(self) -> None:
        focus_now(self.query_one(VerticalScroll))


def binary_message(name: str | None, what: str | None, content_type: str, size: int | None) -> Content:
    """What a file that is not shown is, and what to do."""
    return lines(
        Content.styled(clean_line(name) or "(no name)", "bold"),
        Content(f"{what or 'Binary file'} · {content_type or 'unknown type'} · {format_size(size)}"),
        Content(""),
        Content("Binary file, not shown."),
        Content.styled(DOWNLOAD_HINT, "$foreground-muted"),
    )


def too_big_message(what: str | None, size: int | None, cap: int) -> Content:
    """An image, PDF or archive larger than the preview cap: not fetched, said with both sizes."""
    whole = f"is {format_size(size)}" if size is not None else "is larger than that"
    return lines(
        Content.styled(f"Too large to show here: {what or 'this file'}", "bold"),
        Content(""),
        Content(
            f"Files are shown up to the preview cap of {format_size(cap)}; this one {whole}. "
            "A cut image, PDF or archive cannot be read reliably, so none of it is shown."
        ),
        Content.styled(
            "Press d to download it (o then opens it), escape to go back. TICKETVIEW_PREVIEW_BYTES raises the cap.",
            "$foreground-muted",
        ),
    )


def error_message(title: str, message: str, hint: str = "") -> Content:
    """Why a file could not be shown (``message`` and ``hint`` are plain text)."""
    parts = [Content.styled(title, "bold $text-error"), Content(""), Content(message)]
    if hint:
        parts.append(Content.styled(hint, "$foreground-muted"))
    parts += [Content(""), Content.styled("Press d to try downloading it, escape to go back.", "$foreground-muted")]
    return lines(*parts)
