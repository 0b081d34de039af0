"""The ticket's attachments: name, human size and type; select one and download it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from app.formatting import format_size
from app.safe_text import clean_line
from widgets.download_row import DownloadRow

if TYPE_CHECKING:
    from app.models import Attachment


class AttachmentList(OptionList):
    """The selectable list of attachments; `d` asks for the highlighted one to be downloaded."""

    BINDINGS = [
        Binding("d", "download", "Download", id="attachments.download"),
    ]

    class DownloadRequested(Message):
        """The agent asked to download an attachment."""

        def __init__(self, attachment: Attachment) -> None:
            super().__init__()
            self.attachment = attachment

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
                    (clean_line(item.filename) or "(no name)", "bold"),
                    "\n",
                    (f"{format_size(item.size)} · {clean_line(item.type) or 'unknown type'}", "$foreground-muted"),
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

    def action_download(self) -> None:
        if (attachment := self.selected_attachment) is not None:
            self.post_message(self.DownloadRequested(attachment))


class AttachmentsPane(Vertical):
    """The attachment list, with a row per download started from it below."""

    DEFAULT_CSS = """
    AttachmentsPane {
        & > AttachmentList { height: auto; max-height: 1fr; border: none; padding: 0 1; &:focus { border: none; } }
        & > #downloads { height: auto; }
    }
    """

    def compose(self) -> ComposeResult:
        yield AttachmentList(id="attachment-list")
        yield Vertical(id="downloads")

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

    def add_download(self, attachment: Attachment) -> DownloadRow:
        """Add and return a progress row for a download that is starting."""
        row = DownloadRow(attachment)
        self.query_one("#downloads").mount(row)
        return row
