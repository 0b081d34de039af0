"""A full-screen, read-only view of one attachment: a heading, a body for its kind, a find box.

The App fetches and decodes the file (``app.core.attachments``) in workers and hands the outcome
here; this screen never makes a request. Which body shows which kind is decided in one place,
``widgets.attachments.viewer_bodies``: text, PDF pages, an archive's listing, an image, or a
message saying what the file is. Keys that work on every kind live here: ``d`` downloads (the
viewer stays open and shows the progress, then where the file was saved), ``o`` opens the saved
file with the desktop's application (downloading it first), ``escape`` goes back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Input, Static

from app.core.attachments.graphics import BLOCKS, Drawing
from app.core.text.formatting import TYPE_LIMIT, file_label, format_size, one_line
from app.core.text.safe_text import clean_line
from styles import STYLES_DIR
from widgets.attachments.attachment_text import AttachmentText
from widgets.attachments.download_row import DownloadRow
from widgets.attachments.message_body import MessageBody, error_message
from widgets.attachments.text_body import HIGHLIGHT_LIMIT, TextBody, highlighting
from widgets.attachments.viewer_bodies import make_body
from widgets.attachments.viewer_body import ViewerBody
from widgets.focus import focus_now
from widgets.in_order_input import InOrderInput
from widgets.shell.footer import ShellFooter

if TYPE_CHECKING:
    from app.core.api.models import Attachment
    from app.core.attachments.preview import Preview

__all__ = ["HIGHLIGHT_LIMIT", "AttachmentText", "AttachmentViewer", "FindInput", "highlighting"]


def _add_stylesheet(screen: Screen[None]) -> None:
    """Add the screen's stylesheet to the App's before the screen is pushed, to be parsed on its own.

    Pushed first, Textual would parse every stylesheet of the App again and restyle every widget
    on every screen (a twentieth of a second with a ticket open, on the first file opened), though
    these rules touch only the viewer's own widgets, none of which exist yet.
    """
    try:
        stylesheet = screen.app.stylesheet
    except RuntimeError:  # Textual's NoActiveAppError
        return  # not in an App: Textual reads it when the screen is pushed
    for path in screen.css_path:
        if not stylesheet.has_source(str(path)):
            stylesheet.read(path)


class FindInput(InOrderInput):
    """The find box: down or enter goes to the next match, up or shift+enter to the previous one
    (many terminals send shift+enter as a plain enter; every terminal sends up and down)."""

    BINDINGS = [
        Binding("down", "submit", "Next", key_display="↓", id="viewer.find-down"),
        Binding("up", "screen.find_previous", "Previous", key_display="↑", id="viewer.find-up"),
        Binding("enter", "submit", "Next", show=False, id="viewer.find-enter"),
        Binding("shift+enter", "screen.find_previous", "Previous", show=False, id="viewer.find-shift-enter"),
    ]


class AttachmentViewer(Screen[None]):
    """One attachment shown in place, in the body its kind calls for, under a heading of facts."""

    CSS_PATH = STYLES_DIR / "viewer.tcss"
    AUTO_FOCUS = ""  # the body takes the focus when it arrives; until then the keys (d, o, escape) are the screen's
    BINDINGS = [
        Binding("escape", "back", "Back", id="viewer.back"),
        Binding("d", "download", "Download", id="viewer.download"),
        Binding("o", "open", "Open", id="viewer.open"),
        # priority: the find box has the focus before the next key is read ("ctrl+f token" in one burst)
        Binding("ctrl+f", "find", "Find", priority=True, id="viewer.find"),
        Binding("slash", "find", "Find", show=False, priority=True, id="viewer.find-alt"),
        Binding("n", "find_next", "Next", id="viewer.find-next"),
        Binding("N", "find_previous", "Previous", id="viewer.find-previous"),
        Binding("w", "toggle_wrap", "Wrap", id="viewer.wrap"),
    ]

    has_text: reactive[bool] = reactive(False, bindings=True)
    """True while the body has text to search (find applies)."""
    has_matches: reactive[bool] = reactive(False, bindings=True)
    """True while the search has matches (next and previous apply)."""

    class DownloadRequested(Message):
        """The agent asked for the whole file; the viewer stays open to show how the download goes."""

        def __init__(self, viewer: AttachmentViewer) -> None:
            super().__init__()
            self.viewer = viewer

        @property
        def attachment(self) -> Attachment:
            """The file asked for."""
            return self.viewer.attachment

    class OpenRequested(DownloadRequested):
        """The agent asked to open the file with the desktop's application (saved first if need be)."""

    def __init__(self, attachment: Attachment, *, drawing: Drawing = BLOCKS) -> None:
        super().__init__()
        _add_stylesheet(self)
        self.attachment = attachment
        self.drawing = drawing
        """How pictures are drawn on this terminal (decided by the App from the settings)."""
        self.preview: Preview | None = None
        """What was fetched, once it has arrived."""
        self.body: ViewerBody | None = None
        """What shows the file, once it has arrived."""
        self._arrived: Callable[[], object] | None = None
        """The outcome, when it came before this screen was mounted."""
        self.download_row: DownloadRow | None = None
        """The progress of the latest download asked for here, once it has started."""

    # --- composition ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="viewer-head"):
            yield Static(Content(file_label(self.attachment.filename)), id="viewer-title")
            yield Static(Content(self._meta()), id="viewer-meta")
            yield Static(id="viewer-mismatch")
            yield Static(id="viewer-notice")
        yield Container(id="viewer-body")
        with Horizontal(id="find-bar"):
            yield Static(Content("Find"), id="find-label")
            yield FindInput(placeholder="text to find", id="find-input")
            yield Static(id="find-count")
        yield ShellFooter()  # rebuilt once per burst of key changes, and only if the keys shown changed

    async def on_mount(self) -> None:
        if self._arrived is not None:
            await self._arrived()  # type: ignore[misc]  # every outcome is a coroutine function
        else:
            self.query_one("#viewer-body").loading = True

    def _deliver(self, show: Callable[[], object]) -> None:
        """Run ``show`` now, or on mount if the outcome beat the screen to it."""
        if not self.is_attached:
            return  # closed while the preview was on its way
        if self.is_mounted:
            self.call_later(show)
        else:
            self._arrived = show

    @property
    def text_area(self) -> AttachmentText:
        """The text area of the body on screen (text, a member, a PDF page)."""
        return self.query_one(AttachmentText)

    def _meta(self) -> str:
        preview = self.preview
        kind = (preview.content_type if preview else "") or one_line(self.attachment.type, TYPE_LIMIT) or "unknown type"
        if preview is not None and preview.detected and preview.kind != "text":
            kind = preview.detected
        size = preview.total if preview and preview.total is not None else self.attachment.size
        parts = [clean_line(kind), format_size(size)]
        if preview is not None and preview.kind == "text":
            lines = preview.line_count
            parts.append(f"{lines:,} line{'s' if lines != 1 else ''}{' shown' if preview.truncated else ''}")
            if preview.encoding and preview.encoding != "utf-8":
                parts.append(preview.encoding)
            if preview.language:
                on = highlighting(preview.language, len(preview.text)) is not None
                parts.append(clean_line(preview.language).upper() + ("" if on else " (too long to highlight)"))
        if self.body is not None:
            parts += self.body.meta()
        return " · ".join(parts)

    # --- what the App hands over ------------------------------------------------------------

    def show_preview(self, preview: Preview, decoded: object = None) -> None:
        """Show what was fetched (and decoded, for a PDF, an archive or an image) in its body."""
        self._deliver(lambda: self._show_preview(preview, decoded))

    async def _show_preview(self, preview: Preview, decoded: object) -> None:
        self.preview = preview
        if preview.mismatch:
            mismatch = self.query_one("#viewer-mismatch", Static)
            mismatch.update(Content(f"⚠ {preview.mismatch[:1].upper()}{preview.mismatch[1:]}"))
            mismatch.display = True
        if preview.kind == "text" and preview.truncated:
            whole = f" of {format_size(preview.total)}" if preview.total else ""
            self._notice(
                f"Truncated: showing the first {format_size(preview.received)}{whole}. "
                "Press d to download the whole file."
            )
        await self._mount_body(make_body(self.attachment, preview, decoded, self.drawing))

    def show_error(self, title: str, message: str, hint: str = "") -> None:
        """Say why the file could not be shown (``message`` and ``hint`` are plain text)."""
        self._deliver(lambda: self._mount_body(MessageBody(error_message(title, message, hint))))

    async def _mount_body(self, body: ViewerBody) -> None:
        holder = self.query_one("#viewer-body")
        holder.loading = False
        if self.body is not None:
            await self.body.remove()
        self.body = body
        await holder.mount(body)
        self.set_class(isinstance(body, MessageBody), "-message")
        self._body_changed()
        body.focus_body()

    def _notice(self, text: str) -> None:
        notice = self.query_one("#viewer-notice", Static)
        notice.update(Content(text))
        notice.display = bool(text)

    @on(ViewerBody.Changed)
    def _on_body_changed(self, event: ViewerBody.Changed) -> None:
        event.stop()
        if event.body is self.body:
            self._body_changed()

    def _body_changed(self) -> None:
        body = self.body
        self.query_one("#viewer-meta", Static).update(Content(self._meta()))
        if body is None:
            return
        if body_notice := body.notice():
            self._notice(body_notice)
        self.has_text = body.can_find
        self.has_matches = body.has_matches
        status = body.find_status()
        count = self.query_one("#find-count", Static)
        count.update(Content.styled(status, "$text-error") if status == "No matches" else Content(status))
        if not body.can_find:
            self.query_one("#find-bar").display = False
        self.refresh_bindings()

    # --- keys -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "find":
            return self.has_text
        if action == "toggle_wrap":
            return self.body is not None and self.body.can_wrap
        if action in ("find_next", "find_previous"):
            return self.has_matches
        if action in ("download", "open"):  # once at a time; again after it ended (a retry, or another copy)
            return self.download_row is None or self.download_row.finished
        return True

    def action_back(self) -> None:
        bar = self.query_one("#find-bar")
        if bar.display:
            bar.display = False
            if self.body is not None:
                self.body.focus_body()
        elif self.body is None or not self.body.back():
            self.dismiss(None)

    def action_download(self) -> None:
        if self.check_action("download", ()):
            self.post_message(self.DownloadRequested(self))

    def action_open(self) -> None:
        if self.check_action("open", ()):
            self.post_message(self.OpenRequested(self))

    async def add_download(self) -> DownloadRow:
        """Show a download of this file starting, under the heading; return its row once mounted."""
        if self.download_row is not None:
            await self.download_row.remove()
        self.download_row = DownloadRow(self.attachment)
        await self.query_one("#viewer-head").mount(self.download_row)
        self.refresh_bindings()
        return self.download_row

    def action_toggle_wrap(self) -> None:
        if self.body is not None:
            self.body.toggle_wrap()

    def action_find(self) -> None:
        self.query_one("#find-bar").display = True
        find = self.query_one("#find-input", Input)
        focus_now(find)
        find.select_all()

    def action_find_next(self) -> None:
        if self.body is not None:
            self.body.step(forward=True)

    def action_find_previous(self) -> None:
        if self.body is not None:
            self.body.step(forward=False)

    @on(Input.Changed, "#find-input")
    def _query_changed(self, event: Input.Changed) -> None:
        if self.body is not None:
            self.body.search(event.value)

    @on(Input.Submitted, "#find-input")
    def _query_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_find_next()

    # --- for tests ------------------------------------------------------------------------

    @property
    def match_count(self) -> int:
        """Matches of the current search."""
        body = self.body
        return body.match_count if isinstance(body, TextBody) else getattr(body, "match_count", 0)

    @property
    def find_status(self) -> str:
        """The count shown beside the find box, as plain text."""
        return str(self.query_one("#find-count", Static).render())
