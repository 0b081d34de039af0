"""A full-screen, read-only view of one attachment: its text with line numbers and search, or what it is.

The App fetches the preview (``app.core.attachments.preview``) in a worker and hands it here; this screen never
makes a request. When the agent asks for the whole file it says so (``DownloadRequested``) and stays
open: the App runs the download and this screen shows its progress, then where the file was saved
or why not. Escape closes it.
"""

from __future__ import annotations

import importlib.util
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
from textual.widgets import Footer, Input, Static
from textual.widgets.text_area import LanguageDoesNotExist, Selection

from app.core.text.formatting import format_size
from app.core.text.safe_text import clean_line
from app.core.text.search import TextSearch
from styles import STYLES_DIR
from widgets.attachments.attachment_text import AttachmentText
from widgets.attachments.download_row import DownloadRow
from widgets.focus import focus_now

if TYPE_CHECKING:
    from app.core.api.models import Attachment
    from app.core.attachments.preview import Preview

WRAP_LIMIT = 512 * 1024
"""Texts longer than this (in characters) open unwrapped: wrapping 2 MiB costs TextArea ~0.6 s."""
HIGHLIGHT_LIMIT = 256 * 1024
"""Texts longer than this (in characters) are not highlighted: tree-sitter takes ~2 ms per KiB."""


class FindInput(Input):
    """The find box: down or enter goes to the next match, up or shift+enter to the previous one
    (many terminals send shift+enter as a plain enter; every terminal sends up and down)."""

    BINDINGS = [
        Binding("down", "submit", "Next", key_display="↓", id="viewer.find-down"),
        Binding("up", "screen.find_previous", "Previous", key_display="↑", id="viewer.find-up"),
        Binding("enter", "submit", "Next", show=False, id="viewer.find-enter"),
        Binding("shift+enter", "screen.find_previous", "Previous", show=False, id="viewer.find-shift-enter"),
    ]


def highlighting(language: str | None, length: int = 0) -> str | None:
    """``language`` if the tree-sitter grammar for it is installed and the text is short enough."""
    if not language or length > HIGHLIGHT_LIMIT or importlib.util.find_spec("tree_sitter") is None:
        return None
    return language if importlib.util.find_spec(f"tree_sitter_{language}") is not None else None


class AttachmentViewer(Screen[None]):
    """One attachment shown in place: cleaned text with search, or a note of what the file is."""

    CSS_PATH = STYLES_DIR / "viewer.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="viewer.back"),
        Binding("d", "download", "Download", id="viewer.download"),
        Binding("ctrl+f", "find", "Find", id="viewer.find"),
        Binding("slash", "find", "Find", show=False, id="viewer.find-alt"),
        Binding("n", "find_next", "Next", id="viewer.find-next"),
        Binding("N", "find_previous", "Previous", id="viewer.find-previous"),
        Binding("w", "toggle_wrap", "Wrap", id="viewer.wrap"),
    ]

    has_text: reactive[bool] = reactive(False, bindings=True)
    """True once the file's text is on screen (find and wrap apply)."""
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

    def __init__(self, attachment: Attachment) -> None:
        super().__init__()
        self.attachment = attachment
        self.preview: Preview | None = None
        """What was fetched, once it has arrived."""
        self._search: TextSearch | None = None
        self._arrived: Callable[[], None] | None = None
        """The outcome, when it came before this screen was mounted."""
        self.download_row: DownloadRow | None = None
        """The progress of the latest download asked for here, once it has started."""

    # --- composition ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="viewer-head"):
            yield Static(Content(clean_line(self.attachment.filename) or "(no name)"), id="viewer-title")
            yield Static(Content(self._meta()), id="viewer-meta")
            yield Static(id="viewer-notice")
        with Container(id="viewer-body"):
            yield Static(id="viewer-message")
            yield AttachmentText(
                read_only=True,
                show_line_numbers=True,
                soft_wrap=False,
                id="viewer-text",
            )
        with Horizontal(id="find-bar"):
            yield Static(Content("Find"), id="find-label")
            yield FindInput(placeholder="text to find", id="find-input")
            yield Static(id="find-count")
        yield Footer()

    def on_mount(self) -> None:
        self.text_area.cursor_blink = False
        if self._arrived is not None:
            self._arrived()
        else:
            self.query_one("#viewer-body").loading = True

    def _deliver(self, show: Callable[[], None]) -> None:
        """Run ``show`` now, or on mount if the outcome beat the screen to it."""
        if not self.is_attached:
            return  # closed while the preview was on its way
        if self.is_mounted:
            show()
        else:
            self._arrived = show

    @property
    def text_area(self) -> AttachmentText:
        """The text area (empty until text arrives)."""
        return self.query_one(AttachmentText)

    def _meta(self, preview: Preview | None = None) -> str:
        kind = (preview.content_type if preview else "") or clean_line(self.attachment.type) or "unknown type"
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
        return " · ".join(parts)

    # --- what the App hands over ------------------------------------------------------------

    def show_preview(self, preview: Preview) -> None:
        """Show what was fetched: the text, or what the file is."""
        self._deliver(lambda: self._show_preview(preview))

    def _show_preview(self, preview: Preview) -> None:
        self.preview = preview
        self.query_one("#viewer-body").loading = False
        self.query_one("#viewer-meta", Static).update(Content(self._meta(preview)))
        if preview.kind == "text":
            self._show_text(preview)
        else:
            self._show_binary(preview)

    def _show_text(self, preview: Preview) -> None:
        area = self.text_area
        if language := highlighting(preview.language, len(preview.text)):
            try:
                area.language = language
            except LanguageDoesNotExist:
                pass
        area.soft_wrap = len(preview.text) <= WRAP_LIMIT
        # Without the final line break, whose empty line TextArea would number: the line numbers
        # end at the count the heading gives, as in a pager.
        area.load_text(preview.text.removesuffix("\n"))
        self._search = TextSearch(preview.text)
        self.add_class("-text")
        self.has_text = True
        focus_now(area)
        if preview.truncated:
            whole = f" of {format_size(preview.total)}" if preview.total else ""
            self._notice(
                f"Truncated: showing the first {format_size(preview.received)}{whole}. "
                "Press d to download the whole file."
            )

    def _show_binary(self, preview: Preview) -> None:
        what = preview.detected or "Binary file"
        lines = [
            Content.styled(clean_line(self.attachment.filename) or "(no name)", "bold"),
            Content(f"{what} · {preview.content_type or 'unknown type'} · {format_size(preview.total)}"),
            Content(""),
            Content("Binary file, not shown."),
            Content.styled("Press d to download it, escape to go back.", "$foreground-muted"),
        ]
        self._message(Content("\n").join(lines))

    def show_error(self, title: str, message: str, hint: str = "") -> None:
        """Say why the file could not be shown (``message`` and ``hint`` are plain text)."""
        self._deliver(lambda: self._show_error(title, message, hint))

    def _show_error(self, title: str, message: str, hint: str) -> None:
        self.query_one("#viewer-body").loading = False
        lines = [Content.styled(title, "bold $text-error"), Content(""), Content(message)]
        if hint:
            lines.append(Content.styled(hint, "$foreground-muted"))
        lines += [Content(""), Content.styled("Press d to try downloading it, escape to go back.", "$foreground-muted")]
        self._message(Content("\n").join(lines))

    def _message(self, content: Content) -> None:
        self.add_class("-message")
        self.query_one("#viewer-message", Static).update(content)

    def _notice(self, text: str) -> None:
        notice = self.query_one("#viewer-notice", Static)
        notice.update(Content(text))
        notice.display = True

    # --- keys -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("find", "toggle_wrap"):
            return self.has_text
        if action in ("find_next", "find_previous"):
            return self.has_matches
        if action == "download":  # once at a time; again after it ended (a retry, or another copy)
            return self.download_row is None or self.download_row.finished
        return True

    def action_back(self) -> None:
        bar = self.query_one("#find-bar")
        if bar.display:
            bar.display = False
            focus_now(self.text_area)
        else:
            self.dismiss(None)

    def action_download(self) -> None:
        if self.check_action("download", ()):
            self.post_message(self.DownloadRequested(self))

    async def add_download(self) -> DownloadRow:
        """Show a download of this file starting, under the heading; return its row once mounted."""
        if self.download_row is not None:
            await self.download_row.remove()
        self.download_row = DownloadRow(self.attachment)
        await self.query_one("#viewer-head").mount(self.download_row)
        self.refresh_bindings()
        return self.download_row

    def action_toggle_wrap(self) -> None:
        self.text_area.soft_wrap = not self.text_area.soft_wrap

    def action_find(self) -> None:
        self.query_one("#find-bar").display = True
        find = self.query_one("#find-input", Input)
        focus_now(find)
        find.select_all()

    def action_find_next(self) -> None:
        self._step(forward=True)

    def action_find_previous(self) -> None:
        self._step(forward=False)

    # --- search ---------------------------------------------------------------------------

    @on(Input.Changed, "#find-input")
    def _query_changed(self, event: Input.Changed) -> None:
        if self._search is None:
            return
        self._search.search(event.value)
        self.has_matches = bool(self._search.starts)
        self._go_to(self._search.next_index(self.text_area.selection.start, inclusive=True))

    @on(Input.Submitted, "#find-input")
    def _query_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._step(forward=True)

    def _step(self, *, forward: bool) -> None:
        if self._search is None or not self._search.starts:
            return
        selection = self.text_area.selection
        self._go_to(self._search.next_index(selection.end if forward else selection.start, forward=forward))

    def _go_to(self, index: int | None) -> None:
        """Select match ``index`` and bring it into the middle of the view; update the count."""
        search = self._search
        if search is None:
            return
        area = self.text_area
        if index is not None:
            start, end = search.span(index)
            area.selection = Selection(start, end)
            area.scroll_cursor_visible(center=True)
        self._show_count(index)

    def _show_count(self, index: int | None) -> None:
        search = self._search
        count = self.query_one("#find-count", Static)
        if search is None or not search.query:
            count.update("")
        elif not search.starts:
            count.update(Content.styled("No matches", "$text-error"))
        else:
            total = f"{len(search):,}{'+' if search.capped else ''}"
            where = f"{index + 1:,} of " if index is not None else ""
            count.update(Content(f"{where}{total}"))

    @property
    def match_count(self) -> int:
        """Matches of the current search (for tests)."""
        return len(self._search) if self._search is not None else 0

    @property
    def find_status(self) -> str:
        """The count shown beside the find box, as plain text (for tests)."""
        return str(self.query_one("#find-count", Static).render())
