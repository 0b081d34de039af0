"""The Textual App: owns the API client and the workers, and turns results into widget updates."""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.widgets import ContentSwitcher, Footer
from textual.worker import Worker, WorkerState

from app.tui.commands import CommandsMixin
from app.core.config.settings import Settings
from app.core.errors import TicketViewError
from app.tui.notices import NoticeControl
from app.tui.queue_control import QueueControl
from app.core.text.safe_text import clean_line
from app.tui.tab_control import TabControl
from app.core.api.ticket_filters import TicketFilters
from app.tui.watch_control import WatchControl
from styles import STYLES_DIR
from widgets.attachments_pane import AttachmentList, AttachmentsPane
from widgets.id_bar import IdBar, RecentSuggester
from widgets.notice_panel import NoticePanel
from widgets.tab_strip import TabStrip
from widgets.thread_view import ThreadView
from widgets.ticket_view import TicketView

if TYPE_CHECKING:
    from app.core.api.client import TicketClient
    from app.core.api.models import Attachment
    from app.core.storage.user_data import UserData
    from widgets.attachment_viewer import AttachmentViewer, ViewerResult
    from widgets.download_row import DownloadRow

Clock = Callable[[], datetime]
MAIN_SCREEN_ACTIONS = frozenset(
    {
        "focus_id_bar", "back", "focus_pane", "cycle_pane", "refresh", "toggle_queue", "walk",
        "history", "new_tab", "close_tab", "switch_tab", "go_to_tab", "toggle_watch", "copy_menu",
    }
)
"""App actions that act on the ticket screen, so not while another screen is on top."""


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


class TicketViewApp(CommandsMixin, TabControl, WatchControl, NoticeControl, QueueControl, App[int]):
    """Look up a Verifik support ticket by ID and see all of it, or work through the queue."""

    TITLE = "ticketview"
    CSS_PATH = [STYLES_DIR / "app.tcss", STYLES_DIR / "ansi.tcss", STYLES_DIR / "no_color.tcss"]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = [
        Binding("slash", "focus_id_bar", "Ticket ID", id="app.focus-id"),
        Binding("ctrl+l", "focus_id_bar", "Ticket ID", show=False, id="app.focus-id-alt"),
        Binding("escape", "back", "Back", show=False, id="app.back"),
        Binding("tab", "cycle_pane(1)", "Next pane", show=False, priority=True, id="app.next-pane"),
        Binding("shift+tab", "cycle_pane(-1)", "Previous pane", show=False, priority=True, id="app.previous-pane"),
        # 1-3 and r stay out of the footer: the pane titles show their numbers, and at 80 columns
        # the footer has room for the focused pane's own keys only with them gone.
        Binding("1", "focus_pane('details')", "Details", show=False, id="app.pane-details"),
        Binding("2", "focus_pane('conversation')", "Conversation", show=False, id="app.pane-conversation"),
        Binding("3", "focus_pane('attachments')", "Attachments", show=False, id="app.pane-attachments"),
        Binding("r", "refresh", "Refresh", show=False, id="app.refresh"),
        Binding("ctrl+o", "toggle_queue", "Queue", id="app.queue"),
        Binding("J", "walk(1)", "Next/prev", key_display="J K", id="app.next-ticket"),
        Binding("K", "walk(-1)", "Previous ticket", show=False, id="app.previous-ticket"),
        Binding("left_square_bracket,alt+left", "history(-1)", "Back in history", show=False, id="app.history-back"),
        Binding("right_square_bracket,alt+right", "history(1)", "Forward in history", show=False, id="app.history-forward"),
        Binding("ctrl+t", "new_tab", "New tab", show=False, id="app.new-tab"),
        # priority: as in a browser, ctrl+w closes the tab from the ID bar too (not Input's delete-word)
        Binding("ctrl+w", "close_tab", "Close tab", show=False, priority=True, id="app.close-tab"),
        Binding("ctrl+pagedown,right_curly_bracket", "switch_tab(1)", "Next tab", show=False, id="app.next-tab"),
        Binding("ctrl+pageup,left_curly_bracket", "switch_tab(-1)", "Previous tab", show=False, id="app.previous-tab"),
        *(
            Binding(f"alt+{n}", f"go_to_tab({n})", f"Tab {n}", show=False, id=f"app.tab-{n}")
            for n in range(1, 10)
        ),
        Binding("w", "toggle_watch", "Watch", show=False, id="app.watch"),
        Binding("c", "copy_menu", "Copy…", show=False, id="app.copy"),
        Binding("T", "switch_theme", "Theme", show=False, id="app.theme"),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    def __init__(
        self,
        settings: Settings,
        *,
        client: TicketClient | None = None,
        ticket_id: str | None = None,
        samples: Sequence[tuple[str, str]] = (),
        clock: Clock = _utc_now,
        queue: bool = False,
        filters: TicketFilters | None = None,
        user_data: UserData | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings
        self._client = client
        self._initial_id = (ticket_id or "").strip()
        self._open_queue = queue
        """Start with the queue focused (``--queue``), even without a token."""
        self._queue_filters = filters
        self._samples = samples
        self._clock = clock
        if user_data is None:
            from app.core.storage.user_data import UserData

            user_data = UserData.in_memory()
        self.user_data = user_data
        """Recent tickets, the ticket cache and preferences (in memory only unless given)."""
        self.init_tabs()
        self._heap_timer = None
        self._downloads: dict[Worker[None], DownloadRow] = {}
        self._viewer: AttachmentViewer | None = None
        theme = settings.theme or user_data.preferences.theme
        if theme and theme in self.available_themes:  # a remembered name Textual no longer knows is ignored
            self.theme = theme

    # --- composition ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        settings = self.settings
        mode = "offline" if settings.offline else "demo" if settings.demo else "no token" if settings.needs_token else ""
        yield IdBar(
            mode=mode,
            value=self._initial_id,
            suggester=RecentSuggester(lambda: [entry.id for entry in self.recent_entries()]),
            id="id-bar",
        )
        yield TabStrip(id="tab-strip")
        with Container(id="main", classes=f"-{self._start_mode()}"):  # set now: no restyle after mount
            yield Container(id="queue-slot")  # the queue pane goes here after the first frame
            with ContentSwitcher(initial="notice", id="switcher"):
                yield NoticePanel(id="notice")
                yield TicketView(id="ticket")
        yield Footer()

    def on_resize(self, event: events.Resize) -> None:
        """Under 100 columns the footer packs its keys tighter and drops the palette hint (ctrl+p works)."""
        footer = self.query_one(Footer)
        narrow = event.size.width < 100
        footer.compact = narrow
        footer.show_command_palette = not narrow

    def on_mount(self) -> None:
        self._show_start()
        self.watch(self.screen, "focused", self._focus_moved)
        self.set_mode(self._start_mode())
        if self.settings.watch:
            self.start_watching()
        if self._initial_id:
            self.fetch(self._initial_id)
        elif not self._open_queue:
            self.query_one(IdBar).focus_and_select()
        self.call_after_refresh(self.mount_queue)
        # Warm the HTTP client's imports off the UI thread, after the first frame.
        self.call_after_refresh(self.run_worker, self._warm_up, thread=True, group="warm-up", exit_on_error=False)

    def _start_mode(self) -> str:
        """The queue at start with a token or in the demo (beside a ticket named with --queue);
        never offline, where the queue cannot load."""
        if self.settings.offline:
            return "content"
        if self._initial_id:
            return "split" if self._open_queue else "content"
        return "queue" if self._open_queue or not self.settings.needs_token else "content"

    def _warm_up(self) -> None:
        import app.core.api.client  # noqa: F401
        import app.core.attachments.downloads  # noqa: F401

    async def on_unmount(self) -> None:
        if self._client is not None:
            await self._client.aclose()

    @property
    def client(self) -> TicketClient:
        """The API client, made on first use."""
        if self._client is None:
            from app.core.api.client import TicketClient

            self._client = TicketClient(
                self.settings.base_url,
                self.settings.token,
                require_token=not self.settings.demo,
                deadline=self.settings.timeout,
                trusted_hosts=self.settings.trusted_hosts,
            )
        return self._client

    @property
    def ticket(self) -> Ticket | None:
        """The ticket on screen, if any."""
        return self._ticket

    HEAP_SETTLE_DELAY = 1.0
    """Seconds after a ticket (or a queue page) arrives before the heap is collected and frozen."""

    def settle_heap(self) -> None:
        """Soon, collect what the last change left behind and freeze what is alive.

        With a 10,000-message ticket open, each of Python's full collections walks every
        long-lived object: a 140-180 ms pause on about one keypress in twenty. Frozen objects are
        skipped, so this does one full collection (about 100 ms, a second after the ticket
        appeared, while the agent reads) instead of one every few keys, and frees the replaced
        ticket. Repeated calls within the delay do it once.
        """
        if self._heap_timer is not None:
            self._heap_timer.stop()
        self._heap_timer = self.set_timer(self.HEAP_SETTLE_DELAY, self._settle_heap_now, name="settle-heap")

    def _settle_heap_now(self) -> None:
        self._heap_timer = None
        gc.unfreeze()
        gc.collect()
        gc.freeze()

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group == "downloads" and worker.is_finished:
            row = self._downloads.pop(worker, None)
            if event.state == WorkerState.CANCELLED and row is not None:
                row.cancelled()
            elif event.state == WorkerState.ERROR:
                if row is not None:
                    row.failed(f"unexpected {type(worker.error).__name__}")
                self.notify(
                    f"The download failed unexpectedly ({type(worker.error).__name__}).",
                    title="Download failed",
                    severity="error",
                    markup=False,
                )
        elif worker.group == "queue" and event.state == WorkerState.ERROR:
            self.queue_crashed(worker.error)
        elif worker.group == "preview" and event.state == WorkerState.ERROR and self._viewer is not None:
            self._viewer.show_error(
                "Could not show this file",
                f"Reading it failed unexpectedly ({type(worker.error).__name__}).",
            )

    # --- downloads ------------------------------------------------------------------------

    @on(AttachmentList.DownloadRequested)
    async def _download_requested(self, event: AttachmentList.DownloadRequested) -> None:
        await self.start_download(event.attachment)

    async def start_download(self, attachment: Attachment) -> None:
        """Download ``attachment`` beside any other downloads running, with a progress row."""
        row = await self.query_one(AttachmentsPane).add_download(attachment)  # mounted before any progress
        self._downloads[self._download(attachment, row)] = row

    @on(AttachmentList.CancelRequested)
    def _cancel_requested(self, event: AttachmentList.CancelRequested) -> None:
        """Cancel the latest running download of that attachment, else the latest of all."""
        running = [(worker, row) for worker, row in self._downloads.items() if worker.is_running]
        mine = [pair for pair in running if pair[1].attachment is event.attachment]
        if chosen := (mine or running):
            chosen[-1][0].cancel()

    @work(group="downloads", exit_on_error=False)
    async def _download(self, attachment: Attachment, row: DownloadRow) -> None:
        from app.core.attachments.downloads import download_attachment

        name = clean_line(attachment.filename) or "attachment"
        try:
            path = await download_attachment(
                self.client,
                attachment,
                self.settings.download_dir,
                on_progress=lambda p: row.progress(p.received, p.total, p.speed),
                max_bytes=self.settings.max_download_bytes,
            )
        except TicketViewError as error:
            row.failed(error.message)
            self.notify(error.message, title=f"{error.title}: {name}", severity="error", markup=False)
        else:
            row.done(path)
            self.notify(f"Saved to {clean_line(str(path))}", title=f"Downloaded {name}", markup=False)

    # --- preview --------------------------------------------------------------------------

    @on(AttachmentList.PreviewRequested)
    def _preview_requested(self, event: AttachmentList.PreviewRequested) -> None:
        from widgets.attachment_viewer import AttachmentViewer

        attachment = event.attachment
        self._viewer = AttachmentViewer(attachment)
        self.push_screen(self._viewer, callback=lambda result: self._viewer_closed(attachment, result))
        self._preview(attachment, self._viewer)

    @work(exclusive=True, group="preview", exit_on_error=False)
    async def _preview(self, attachment: Attachment, viewer: AttachmentViewer) -> None:
        from app.core.attachments.preview import fetch_preview

        try:
            preview = await fetch_preview(self.client, attachment, limit=self.settings.preview_bytes)
        except TicketViewError as error:
            viewer.show_error("Could not show this file", error.message, error.hint)
        else:
            viewer.show_preview(preview)

    async def _viewer_closed(self, attachment: Attachment, result: ViewerResult) -> None:
        self._viewer = None
        self.workers.cancel_group(self, "preview")
        if result == "download":
            await self.start_download(attachment)

    # --- keys -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in MAIN_SCREEN_ACTIONS and len(self.screen_stack) > 1:
            return False  # a screen on top (the attachment viewer) has keys of its own
        if action in ("focus_pane", "refresh"):
            return self._ticket is not None or (action == "refresh" and bool(self._requested))
        if action == "walk":
            return self.can_walk()
        if action == "switch_tab":
            return len(self.tabs) > 1
        if action in ("toggle_queue", "toggle_watch") and self.settings.offline:
            return False  # both need the network
        return True

    @on(TabStrip.Clicked)
    def _tab_clicked(self, event: TabStrip.Clicked) -> None:
        self.action_go_to_tab(event.index + 1)

    @on(IdBar.Submitted)
    def _id_submitted(self, event: IdBar.Submitted) -> None:
        self.fetch(event.ticket_id)

    @on(NoticePanel.Chosen)
    def _sample_chosen(self, event: NoticePanel.Chosen) -> None:
        self.fetch(event.ticket_id)

    def action_focus_id_bar(self) -> None:
        self.query_one(IdBar).focus_and_select()

    def action_focus_pane(self, pane: str) -> None:
        if self._ticket is not None:
            self.show_content()
            self._switch("ticket")
            self.query_one(TicketView).focus_pane(pane)

    @property
    def thread_view(self) -> ThreadView:
        """The conversation widget (for tests and benchmarks)."""
        return self.query_one(ThreadView)
