"""Attachments: downloads (several at once, each with a progress row) and the viewer's preview."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.worker import Worker, WorkerState

from app.core.errors import TicketViewError
from app.core.text.formatting import file_label
from app.core.text.paths import short_path
from app.tui.toasts import path_lines

if TYPE_CHECKING:
    from textual.screen import Screen

    from app.core.api.models import Attachment
    from app.core.attachments.downloads import Progress
    from app.core.attachments.graphics import Drawing
    from app.tui.services import Services
    from widgets.attachments.attachment_viewer import AttachmentViewer
    from widgets.attachments.download_row import DownloadRow
    from widgets.shell.ticket_area import TicketArea


OFFLINE_TITLE = "Attachments are not available offline"


class Attachments:
    """Start, follow and cancel downloads; open the viewer and fetch what it shows."""

    def __init__(self, services: Services, screen: Screen[object], area: TicketArea) -> None:
        self._services = services
        self._screen = screen
        self._area = area
        self._downloads: dict[Worker[None], list[DownloadRow]] = {}
        """Each running download's progress rows: in the attachments pane, and in the viewer that asked."""
        self._viewer: AttachmentViewer | None = None
        self._drawn_with: Drawing | None = None

    # --- offline --------------------------------------------------------------------------

    def refused_offline(self, attachment: Attachment) -> bool:
        """Offline, say that attachments cannot be had (they are not cached) and ask for nothing."""
        if not self._services.settings.offline:
            return False
        name = file_label(attachment.filename, "this attachment")
        self._screen.notify(
            f"{name} is not cached on this machine: run ticketview without --offline to read or save it.",
            title=OFFLINE_TITLE,
            severity="warning",
            markup=False,
        )
        return True

    async def show_offline(self) -> None:
        """Under --offline, mark the attachments pane (once the ticket view is mounted)."""
        await self._area.view_ready()
        self._area.attachments.offline = True

    # --- downloads ------------------------------------------------------------------------

    async def download(
        self, attachment: Attachment, *, viewer: AttachmentViewer | None = None, then_open: bool = False
    ) -> None:
        """Download ``attachment`` beside any other downloads running, with a progress row.

        Asked for from the ``viewer``, the viewer stays open and shows the progress too (the row in
        the attachments pane is there as well, for when it closes). ``then_open`` hands the saved
        file to the desktop's application.
        """
        if self.refused_offline(attachment):
            return
        rows = [await self._area.attachments.add_download(attachment)]  # mounted before any progress
        if viewer is not None and viewer.is_attached:
            rows.append(await viewer.add_download())
        work = self._download(attachment, rows, then_open=then_open)
        worker = self._screen.run_worker(work, group="downloads", exit_on_error=False)
        self._downloads[worker] = rows

    async def open(self, attachment: Attachment, viewer: AttachmentViewer) -> None:
        """``o`` in the viewer: open the file saved in this session, else download it and open it."""
        saved = viewer.download_row.saved_path if viewer.download_row is not None else None
        saved = saved or self._area.attachments.saved_path(attachment)
        if saved is not None and saved.is_file():
            self._area.attachments.open_saved(saved)
        else:
            await self.download(attachment, viewer=viewer, then_open=True)

    def cancel(self, attachment: Attachment) -> None:
        """Cancel the latest running download of ``attachment``, else the latest of all."""
        running = [(worker, rows) for worker, rows in self._downloads.items() if worker.is_running]
        mine = [pair for pair in running if pair[1][0].attachment is attachment]
        if chosen := (mine or running):
            chosen[-1][0].cancel()

    async def _download(self, attachment: Attachment, rows: list[DownloadRow], *, then_open: bool = False) -> None:
        from app.core.attachments.downloads import download_attachment

        settings = self._services.settings
        name = file_label(attachment.filename, "attachment")
        try:
            path = await download_attachment(
                await self._services.api(),
                attachment,
                settings.download_dir,
                on_progress=lambda progress: _progress(rows, progress),
                max_bytes=settings.max_download_bytes,
            )
        except TicketViewError as error:
            for row in _shown(rows):
                row.failed(error.message)
            self._screen.notify(error.message, title=f"{error.title}: {name}", severity="error", markup=False)
        else:
            for row in _shown(rows):
                row.done(path)
            if then_open:
                self._area.attachments.open_saved(path)
                return
            saved = path_lines(self._screen.app, short_path(path), "Saved to")  # broken at "/", not in a name
            self._screen.notify(saved, title="Downloaded", markup=False)  # the path names the file

    def worker_changed(self, event: Worker.StateChanged) -> None:
        """A download or preview worker finished: a cancel or an unexpected failure is shown."""
        worker = event.worker
        if worker.group == "downloads" and worker.is_finished:
            rows = _shown(self._downloads.pop(worker, []))
            if event.state == WorkerState.CANCELLED:
                for row in rows:
                    row.cancelled()
            elif event.state == WorkerState.ERROR:
                failure = type(worker.error).__name__
                for row in rows:
                    row.failed(f"unexpected {failure}")
                self._screen.notify(
                    f"The download failed unexpectedly ({failure}).",
                    title="Download failed",
                    severity="error",
                    markup=False,
                )
        elif worker.group == "preview" and event.state == WorkerState.ERROR and self._viewer is not None:
            self._viewer.show_error(
                "Could not show this file",
                f"Reading it failed unexpectedly ({type(worker.error).__name__}).",
            )

    # --- preview --------------------------------------------------------------------------

    def _drawing(self) -> Drawing:
        """How pictures are drawn here: decided once, from the ``images`` setting and the terminal
        (half-blocks when the App runs headless, as in tests, or in a browser under --serve)."""
        if self._drawn_with is None:
            from app.core.attachments.graphics import detect

            app = self._screen.app
            possible = not (app.is_headless or app.is_web)
            self._drawn_with = detect(self._services.settings.images, graphics_possible=possible)
        return self._drawn_with

    def preview(self, attachment: Attachment) -> None:
        """Open the viewer on ``attachment`` and fetch what it shows."""
        from widgets.attachments.attachment_viewer import AttachmentViewer

        if self.refused_offline(attachment):
            return

        viewer = self._viewer = AttachmentViewer(attachment, drawing=self._drawing())
        self._screen.app.push_screen(viewer, callback=self._viewer_closed)
        self._screen.run_worker(self._preview(attachment, viewer), group="preview", exclusive=True, exit_on_error=False)

    async def _preview(self, attachment: Attachment, viewer: AttachmentViewer) -> None:
        """Fetch, then decode in a daemon thread within its budget (escape cancels the wait)."""
        from app.core.attachments.bounded import TooSlow
        from app.core.attachments.decoders import decode
        from app.core.attachments.preview import fetch_preview

        try:
            preview = await fetch_preview(
                await self._services.api(), attachment, limit=self._services.settings.preview_bytes
            )
            decoded = await decode(preview) if viewer.is_attached else None
        except TicketViewError as error:
            viewer.show_error("Could not show this file", error.message, error.hint)
        except TooSlow as slow:
            viewer.show_error(
                "Could not show this file",
                f"Reading it took longer than {slow.seconds:g} seconds, so ticketview stopped waiting.",
                "The file may be damaged or built to be slow to read.",
            )
        else:
            viewer.show_preview(preview, decoded)

    def _viewer_closed(self, result: None) -> None:
        self._viewer = None
        self._screen.workers.cancel_group(self._screen, "preview")


def _progress(rows: list[DownloadRow], progress: Progress) -> None:
    for row in _shown(rows):
        row.progress(progress.received, progress.total, progress.speed)


def _shown(rows: list[DownloadRow]) -> list[DownloadRow]:
    """The rows still on screen (a viewer's row goes when the viewer closes; the download goes on)."""
    return [row for row in rows if row.is_attached]
