"""The ticket's attachments: name, human size and type; preview, download, cancel, copy, open."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from app.core.text.formatting import TYPE_LIMIT, file_label, format_size, one_line
from app.core.text.safe_text import clean_line
from widgets.attachments.download_row import DownloadRow

if TYPE_CHECKING:
    from app.core.api.models import Attachment

OFFLINE_NOTE = "Offline: attachments are not cached, so they cannot be read or saved here."


class AttachmentList(OptionList):
    """The selectable list of attachments; its keys ask for the highlighted one to be acted on."""

    BINDINGS = [
        Binding("enter", "preview", "Preview", id="attachments.preview"),
        Binding("p", "preview", "Preview", show=False, id="attachments.preview-alt"),
        Binding("d", "download", "Download", id="attachments.download"),
        Binding("x", "cancel_download", "Cancel", id="attachments.cancel"),
        Binding("y", "copy", "Copy", id="attachments.copy"),
        Binding("o", "open", "Open", id="attachments.open"),
    ]

    class _AttachmentMessage(Message):
        def __init__(self, attachment: Attachment) -> None:
            super().__init__()
            self.attachment = attachment

    class PreviewRequested(_AttachmentMessage):
        """The agent asked to read an attachment in place."""

    class DownloadRequested(_AttachmentMessage):
        """The agent asked to download an attachment."""

    class CancelRequested(_AttachmentMessage):
        """The agent asked to cancel a running download (of this attachment, else the latest)."""

    class CopyRequested(_AttachmentMessage):
        """The agent asked to copy an attachment's saved path, else its link."""

    class OpenRequested(_AttachmentMessage):
        """The agent asked to open an attachment's saved file."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._attachments: Sequence[Attachment] = ()

    def set_attachments(self, attachments: Sequence[Attachment]) -> None:
        """Replace the listed attachments."""
        self._attachments = attachments
        self.clear_options()
        if not attachments:
            self.add_option(Option(Content.styled("No attachments.", "$foreground-muted italic"), disabled=True))
            return
        self.add_options(
            Option(
                Content.assemble(
                    (file_label(item.filename), "bold"),
                    "\n",
                    (
                        f"{format_size(item.size)} · {one_line(item.type, TYPE_LIMIT) or 'unknown type'}",
                        "$foreground-muted",
                    ),
                )
            )
            for item in attachments
        )
        self.highlighted = 0

    @property
    def selected_attachment(self) -> Attachment | None:
        """The highlighted attachment, if any."""
        index = self.highlighted
        if index is None or not 0 <= index < len(self._attachments):
            return None
        return self._attachments[index]

    def _pane(self) -> AttachmentsPane | None:
        return self.parent if isinstance(self.parent, AttachmentsPane) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        pane = self._pane()
        if action == "cancel_download":
            return pane is not None and bool(pane.running_downloads())
        if action == "open":
            attachment = self.selected_attachment
            return pane is not None and attachment is not None and pane.saved_path(attachment) is not None
        if action in ("preview", "download"):
            if pane is not None and pane.offline:
                return None  # shown, dimmed: the pane says why
            return self.selected_attachment is not None
        if action == "copy":
            return self.selected_attachment is not None
        return True

    @on(OptionList.OptionHighlighted)
    def _highlight_moved(self) -> None:
        self.refresh_bindings()  # whether `o` applies depends on the highlighted attachment

    def _post(self, message_type: type[_AttachmentMessage]) -> None:
        if (attachment := self.selected_attachment) is not None:
            self.post_message(message_type(attachment))

    def action_preview(self) -> None:
        self._post(self.PreviewRequested)

    def action_download(self) -> None:
        self._post(self.DownloadRequested)

    def action_cancel_download(self) -> None:
        self._post(self.CancelRequested)

    def action_copy(self) -> None:
        self._post(self.CopyRequested)

    def action_open(self) -> None:
        self._post(self.OpenRequested)


class AttachmentsPane(Vertical):
    """The attachment list, with a row per download started from it below."""

    DEFAULT_CSS = """
    AttachmentsPane {
        & > AttachmentList { height: auto; max-height: 100%; border: none; padding: 0 1; &:focus { border: none; } }
        & > #downloads { height: auto; }
        & > #attachments-offline { display: none; height: auto; padding: 0 1; color: $text-warning; }
        &.-offline > #attachments-offline { display: block; }
    }
    """

    offline: reactive[bool] = reactive(False)
    """Under --offline: attachments are not cached, so they can be neither read nor saved (the keys dim)."""

    _fitted: int | None = None
    """The list's height limit set by ``_fit_list`` (``None``: the stylesheet's)."""

    def compose(self) -> ComposeResult:
        yield AttachmentList(id="attachment-list")
        yield Static(Content(OFFLINE_NOTE), id="attachments-offline")
        yield Vertical(id="downloads")

    def watch_offline(self, offline: bool) -> None:
        self.set_class(offline, "-offline")
        self.attachment_list.refresh_bindings()

    @property
    def attachment_list(self) -> AttachmentList:
        """The selectable list."""
        return self.query_one(AttachmentList)

    def show(self, attachments: Sequence[Attachment]) -> None:
        """List ``attachments``."""
        self.attachment_list.set_attachments(attachments)
        downloads = self.query_one("#downloads")
        for row in downloads.query(DownloadRow):
            if row.finished:
                row.remove()
        self.call_after_refresh(self._fit_list)

    async def add_download(self, attachment: Attachment) -> DownloadRow:
        """Add a progress row for a download that is starting; return it once it is mounted."""
        row = DownloadRow(attachment)
        await self.query_one("#downloads").mount(row)
        self.refresh_bindings()
        self.call_after_refresh(self._fit_list)
        return row

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit_list)

    def _fit_list(self) -> None:
        """Leave the download rows their room under the list: a long list scrolls rather than push
        them out of the pane (Textual's layout has no "shrink to fit" of its own)."""
        downloads = self.query_one("#downloads")
        room = self.content_size.height - downloads.outer_size.height if downloads.children else None
        fitted = None if room is None else max(3, room)
        if fitted != self._fitted:
            self._fitted = fitted
            self.attachment_list.styles.max_height = fitted

    def running_downloads(self) -> list[DownloadRow]:
        """Rows of downloads still running, oldest first."""
        return [row for row in self.query(DownloadRow) if not row.finished]

    def saved_path(self, attachment: Attachment) -> Path | None:
        """Where ``attachment`` was last saved in this session, if it was."""
        for row in reversed(list(self.query(DownloadRow))):
            if row.attachment is attachment and row.saved_path is not None:
                return row.saved_path
        return None

    @on(AttachmentList.CopyRequested)
    def _copy(self, event: AttachmentList.CopyRequested) -> None:
        from app.core.attachments.desktop import pasteable

        event.stop()
        name = file_label(event.attachment.filename, "attachment")
        path = self.saved_path(event.attachment)
        text, what = (str(path), "path") if path is not None else (event.attachment.url or "", "link")
        if not text:
            self.notify(f"{name} has no link to copy.", severity="warning", markup=False)
            return
        self.app.copy_to_clipboard(pasteable(text))
        self.notify(f"Copied the {what} of {name}.", title="Copied", markup=False)

    @on(AttachmentList.OpenRequested)
    def _open(self, event: AttachmentList.OpenRequested) -> None:
        event.stop()
        path = self.saved_path(event.attachment)
        if path is not None:
            self.open_saved(path)

    def open_saved(self, path: Path) -> None:
        """Hand a saved file to the desktop's application; with no display (SSH), show where it is."""
        from app.core.attachments.desktop import open_with_system

        shown = clean_line(str(path))
        try:
            opened = open_with_system(path)
        except OSError as error:
            reason = error.strerror or type(error).__name__
            self.notify(f"Saved at {shown} ({reason})", title="Could not open it", severity="warning", markup=False)
            return
        if opened is None:
            self.notify(f"Saved at {shown}", title="No display to open it on", timeout=10, markup=False)
        else:
            self.notify(shown, title="Opening", markup=False)
