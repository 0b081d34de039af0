"""One download's progress: the file, a bar, bytes and speed, then where it was saved (or why not)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import ProgressBar, Static

from app.core.text.formatting import file_label, format_size
from app.core.text.paths import short_path

if TYPE_CHECKING:
    from app.core.api.models import Attachment


class DownloadRow(Vertical):
    """Progress, then outcome, of downloading one attachment."""

    DEFAULT_CSS = """
    DownloadRow {
        height: auto;
        padding: 0 1;
        & > .download-name { color: $text-muted; }
        & > ProgressBar { height: 1; }
        & > .download-status { color: $text-muted; height: 1; text-wrap: nowrap; text-overflow: ellipsis; }
        &.-done > .download-status { color: $text-success; }
        &.-failed > .download-status { color: $text-error; }
        &.-cancelled > .download-status { color: $text-warning; }
        &.-done > ProgressBar, &.-failed > ProgressBar, &.-cancelled > ProgressBar { display: none; }
    }
    """

    def __init__(self, attachment: Attachment) -> None:
        super().__init__()
        self.attachment = attachment
        self.finished = False
        """True once the download succeeded, failed or was cancelled."""
        self.received = 0
        """Bytes received so far."""
        self.saved_path: Path | None = None
        """Where the file was saved, once it was."""

    def compose(self) -> ComposeResult:
        name = file_label(self.attachment.filename, "attachment")
        yield Static(Content(f"↓ {name}"), classes="download-name")
        yield ProgressBar(total=self.attachment.size if (self.attachment.size or 0) > 0 else None, show_eta=False)
        yield Static(Content("Starting…"), classes="download-status")

    def _status(self, text: str) -> None:
        # One line tall whatever it says, so an update repaints the line without a new layout.
        self.query_one(".download-status", Static).update(Content(text), layout=False)

    def progress(self, received: int, total: int | None, speed: float) -> None:
        """Show bytes received so far."""
        self.received = received
        bar = self.query_one(ProgressBar)
        if total:
            bar.update(total=total, progress=received)
        of_total = f" of {format_size(total)}" if total else ""
        self._status(f"{format_size(received)}{of_total} · {format_size(int(speed))}/s")

    def done(self, path: Path) -> None:
        """Show where the file was saved."""
        self.saved_path = path
        self._finish("-done")
        self._status(f"Saved to {short_path(path)}")

    def failed(self, reason: str) -> None:
        """Show why the download failed (nothing was left under the final name)."""
        self._finish("-failed")
        self._status(f"Failed: {reason}")

    def cancelled(self) -> None:
        """Say that the download was cancelled (its part file is already gone)."""
        self._finish("-cancelled")
        self._status("Cancelled: nothing was saved.")

    def _finish(self, outcome: str) -> None:
        self.finished = True
        self.add_class(outcome)
        self.refresh_bindings()  # the keys that apply change (x cancel, o open)
