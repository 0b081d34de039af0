"""The main screen: the ID bar, the tab strip, the queue, the ticket area and the footer.

It owns the layout, the ticket and queue keys, and routes the widgets' messages to the plain
controllers that do the work: ``Tickets`` (fetching, tabs, history, the cache), ``Layout`` (the
queue beside the ticket, focus), ``Watcher`` (polling) and ``Attachments`` (downloads, preview).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.screen import Screen
from textual.worker import Worker

from app.tui.attachments import Attachments
from app.tui.layout import Layout, Mode
from app.tui.new_ticket import NewTickets
from app.tui.queue_mount import QueueMount
from app.tui.tickets import Tickets
from app.tui.watching import Watcher
from widgets.shell.footer import ShellFooter
from widgets.shell.id_bar import IdBar, RecentSuggester
from widgets.shell.notice_panel import NoticePanel
from widgets.shell.tab_strip import TabStrip
from widgets.shell.ticket_area import TicketArea

if TYPE_CHECKING:
    from app.core.api.models import Ticket
    from app.core.api.ticket_filters import TicketFilters
    from app.tui.services import Services
    from widgets.attachments.attachments_pane import AttachmentList
    from widgets.conversation.thread_view import ThreadView
    from widgets.queue.queue_pane import QueuePane
    from widgets.queue.queue_table import QueueTable
    from widgets.shell.copy_menu import CopyChoice


class MainScreen(Screen[object]):
    """Look up a ticket by ID and see all of it, or work through the queue beside it."""

    # Keys that move the focus are priority bindings: the App runs them as it reads them, so the keys
    # typed after them in the same burst (over SSH a whole line arrives at once) go to the widget
    # they chose. A focused input still takes "/" and digits as text (Textual leaves keys an input
    # consumes out of the bindings above it).
    BINDINGS = [
        Binding("slash", "focus_id_bar", "Ticket ID", priority=True, id="app.focus-id"),
        Binding("ctrl+l", "focus_id_bar", "Ticket ID", show=False, priority=True, id="app.focus-id-alt"),
        Binding("escape", "back", "Back", show=False, id="app.back"),
        # Enter in the ID bar (a line feed, typed before the terminal left line mode): opened here, as
        # the key is read, so the keys typed behind it go to the ticket and not into the ID.
        Binding("enter,ctrl+j", "open_typed_id", show=False, priority=True),
        Binding("tab", "cycle_pane(1)", "Next pane", show=False, priority=True, id="app.next-pane"),
        Binding("shift+tab", "cycle_pane(-1)", "Previous pane", show=False, priority=True, id="app.previous-pane"),
        # 1-3 and r stay out of the footer: the pane titles show their numbers, and at 80 columns
        # the footer has room for the focused pane's own keys only with them gone.
        Binding("1", "focus_pane('details')", "Details", show=False, priority=True, id="app.pane-details"),
        Binding(
            "2", "focus_pane('conversation')", "Conversation", show=False, priority=True, id="app.pane-conversation"
        ),
        Binding("3", "focus_pane('attachments')", "Attachments", show=False, priority=True, id="app.pane-attachments"),
        Binding("r", "refresh", "Refresh", show=False, id="app.refresh"),
        Binding("ctrl+o", "toggle_queue", "Queue", priority=True, id="app.queue"),
        Binding("J", "walk(1)", "Next/prev", key_display="J K", id="app.next-ticket"),
        Binding("K", "walk(-1)", "Previous ticket", show=False, id="app.previous-ticket"),
        Binding("left_square_bracket,alt+left", "history(-1)", "Back in history", show=False, id="app.history-back"),
        Binding(
            "right_square_bracket,alt+right", "history(1)", "Forward in history", show=False, id="app.history-forward"
        ),
        Binding("ctrl+t", "new_tab", "New tab", show=False, id="app.new-tab"),
        # priority: as in a browser, ctrl+w closes the tab from the ID bar too (not Input's delete-word)
        Binding("ctrl+w", "close_tab", "Close tab", show=False, priority=True, id="app.close-tab"),
        Binding("ctrl+pagedown,right_curly_bracket", "switch_tab(1)", "Next tab", show=False, id="app.next-tab"),
        Binding("ctrl+pageup,left_curly_bracket", "switch_tab(-1)", "Previous tab", show=False, id="app.previous-tab"),
        *(Binding(f"alt+{n}", f"go_to_tab({n})", f"Tab {n}", show=False, id=f"app.tab-{n}") for n in range(1, 10)),
        Binding("w", "toggle_watch", "Watch", show=False, id="app.watch"),
        Binding("c", "copy_menu", "Copy…", show=False, id="app.copy"),
        Binding("n", "new_ticket", "New ticket", show=False, id="app.new-ticket"),
        # ctrl+n works everywhere, also in the conversation (where n is the next message) and the ID bar
        Binding("ctrl+n", "new_ticket", "New ticket", show=False, priority=True, id="app.new-ticket-anywhere"),
    ]

    def __init__(
        self,
        services: Services,
        *,
        ticket_id: str = "",
        open_queue: bool = False,
        filters: TicketFilters | None = None,
        samples: list[tuple[str, str]] | None = None,
    ) -> None:
        super().__init__()
        self.services = services
        self._initial_id = ticket_id
        self._open_queue = open_queue
        """Start with the queue focused (``--queue``), even without a token."""
        self._samples = samples or []
        self.area = TicketArea(id="switcher")
        self.id_bar = IdBar(
            mode=self._id_bar_mode(),
            value=ticket_id,
            suggester=RecentSuggester(lambda: [entry.id for entry in services.user_data.recent.entries]),
            id="id-bar",
        )
        self.strip = TabStrip(id="tab-strip")
        self.main_area = Container(id="main", classes=f"-{self._start_mode()}")  # set now: no restyle after mount
        self.arrangement = Layout(self, self.main_area, self.area, self.id_bar, self._start_mode())
        self.tickets = Tickets(
            services,
            self,
            area=self.area,
            id_bar=self.id_bar,
            strip=self.strip,
            layout=self.arrangement,
            samples=self._samples,
        )
        self.watcher = Watcher(services, self, self.tickets, self.area)
        self.attachments = Attachments(services, self, self.area)
        self.new_ticket = NewTickets(services, self, self.tickets, layout=self.arrangement)
        self.queue_mount = QueueMount(self, filters, open_queue=open_queue, initial_id=ticket_id)
        self.mounted = asyncio.Event()
        """Set once the screen and all its widgets are mounted (the App waits for it before it is ready)."""

    def _id_bar_mode(self) -> str:
        settings = self.services.settings
        return (
            "offline" if settings.offline else "demo" if settings.demo else "no token" if settings.needs_token else ""
        )

    def _start_mode(self) -> Mode:
        """The queue at start with a token or in the demo (beside a ticket named with --queue);
        never offline, where the queue cannot load."""
        if self.services.settings.offline:
            return "content"
        if self._initial_id:
            return "split" if self._open_queue else "content"
        return "queue" if self._open_queue or not self.services.settings.needs_token else "content"

    def compose(self) -> ComposeResult:
        yield self.id_bar
        yield self.strip
        with self.main_area:
            yield Container(id="queue-slot")  # the queue pane goes here after the first frame
            yield self.area
        yield ShellFooter(compact=self.app.size.width < 100, id="footer")

    def on_mount(self) -> None:
        self.tickets.show_start()
        self.watch(self, "focused", self.arrangement.focus_moved)
        self.arrangement.set_mode(self._start_mode())
        if self.services.settings.watch:
            self.watcher.start()
        if self.services.settings.offline:
            self.run_worker(self.attachments.show_offline(), group="offline", exit_on_error=False)
        if self._initial_id:
            self.tickets.fetch(self._initial_id)
            if not self._open_queue:  # keys typed while it loads act on it, as after Enter in the bar
                self.tickets.focus.entered(self.tickets.tab)
        elif not self._open_queue:
            self.id_bar.focus_and_select()
        # Hidden behind the ticket asked for, the queue waits for it (see app.tui.queue_mount).
        self.queue_mount.start(behind_ticket=bool(self._initial_id) and self.arrangement.mode == "content")
        self.mounted.set()

    def on_unmount(self) -> None:
        self.new_ticket.keep_unsent()  # the app is ending with the form open: nothing written is lost

    def on_resize(self, event: events.Resize) -> None:
        """Under 100 columns the footer packs its keys tighter and drops the palette hint (ctrl+p works)."""
        self.query_one(ShellFooter).fit(event.size.width)

    # --- what tests, benchmarks and the palette read ---------------------------------------

    @property
    def ticket(self) -> Ticket | None:
        """The ticket on the active tab, if any."""
        return self.tickets.ticket

    @property
    def queue(self) -> QueuePane:
        """The queue pane (mounted just after the first frame)."""
        if self.arrangement.queue is None:
            raise RuntimeError("The queue is mounted after the first frame.")
        return self.arrangement.queue

    @property
    def thread_view(self) -> ThreadView:
        """The conversation widget."""
        return self.area.thread

    # --- messages from the widgets ----------------------------------------------------------

    @on(IdBar.Submitted)
    def _id_submitted(self, event: IdBar.Submitted) -> None:
        self._open_typed(event.ticket_id)

    async def _id_bar_caught_up(self) -> None:
        """Let the ID bar take the keys typed before this one: a priority key acts as it is read,
        ahead of characters still on their way into the field."""
        if self.focused is self.id_bar.input:
            await self.id_bar.caught_up()

    async def action_open_typed_id(self) -> None:
        # Keys are read one by one: the next is given out only once this action ends. The ID typed
        # before Enter may still be on its way into the field: it is taken once there.
        await self.id_bar.caught_up()
        ticket_id = self.id_bar.take()
        if ticket_id is not None:
            self._open_typed(ticket_id)

    def _open_typed(self, ticket_id: str) -> None:
        from_bar = self.focused is self.id_bar.input
        self.tickets.fetch(ticket_id)
        if from_bar:  # the keys typed behind Enter go to the ticket, not into the ID
            self.tickets.focus.entered(self.tickets.tab)

    @on(IdBar.Empty)
    def _id_bar_empty(self) -> None:
        self.tickets.clear_error()

    @on(NoticePanel.Chosen)
    def _sample_chosen(self, event: NoticePanel.Chosen) -> None:
        self.tickets.fetch(event.ticket_id)

    @on(TabStrip.Clicked)
    def _tab_clicked(self, event: TabStrip.Clicked) -> None:
        self.tickets.go_to_tab(event.index + 1)

    def on_queue_pane_opened(self, event: QueuePane.Opened) -> None:
        self.arrangement.show_content()
        if event.new_tab:
            self.tickets.open_in_new_tab(event.item.id)
        else:
            self.tickets.fetch(event.item.id)

    def on_queue_pane_loaded(self, event: QueuePane.Loaded) -> None:
        self.services.settle_heap()  # a thousand rows: keep them out of full collections too
        self.arrangement.update_walkable(self.tickets.requested)

    def on_queue_table_cursor_moved(self, event: QueueTable.CursorMoved) -> None:
        self.arrangement.update_walkable(self.tickets.requested)

    # (handlers named for the attachment list's messages: the list is imported after the first frame)
    async def on_attachment_list_download_requested(self, event: AttachmentList.DownloadRequested) -> None:
        await self.attachments.download(event.attachment)

    def on_attachment_list_cancel_requested(self, event: AttachmentList.CancelRequested) -> None:
        self.attachments.cancel(event.attachment)

    def on_attachment_list_preview_requested(self, event: AttachmentList.PreviewRequested) -> None:
        self.attachments.preview(event.attachment)

    def on_thread_view_copy_requested(self, event: ThreadView.CopyRequested) -> None:
        self._copy("message")  # `y`: as `c m` copies it

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        self.attachments.worker_changed(event)
        self.queue_mount.worker_changed(event.worker)

    # --- keys -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        tickets = self.tickets
        if action == "open_typed_id":  # (the focus as set this moment: has_focus follows a message later)
            return self.focused is self.id_bar.input
        if action == "focus_pane":  # on the ticket, or on the one on its way (it opens at that pane)
            return tickets.ticket is not None or tickets.tab.waiting_fetch() is not None
        if action == "refresh":
            return tickets.ticket is not None or bool(tickets.requested)
        if action == "walk":
            return self.arrangement.can_walk(tickets.requested)
        if action == "switch_tab":
            return len(tickets.tabs) > 1
        # toggle_queue and toggle_watch both need the network
        return not (action in ("toggle_queue", "toggle_watch") and self.services.settings.offline)

    def action_focus_id_bar(self) -> None:
        self.tickets.went_to_id_bar()
        self.id_bar.focus_and_select()

    def action_focus_pane(self, pane: str) -> None:
        if self.tickets.focus.choose_pane(self.tickets.tab, pane):
            return
        if self.tickets.ticket is not None:
            self.arrangement.show_content()
            self.area.focus_pane(pane)

    async def action_cycle_pane(self, step: int) -> None:
        await self._id_bar_caught_up()
        self.arrangement.cycle_focus(step, ticket_shown=self.tickets.ticket is not None and self.area.ticket_shown)

    def action_refresh(self) -> None:
        self.tickets.refresh()

    def action_history(self, direction: int) -> None:
        self.tickets.history(direction)

    def action_new_tab(self) -> None:
        self.tickets.new_tab()

    async def action_close_tab(self) -> None:
        await self._id_bar_caught_up()  # what was typed in the bar goes with the tab
        self.tickets.close_tab()

    def action_switch_tab(self, step: int) -> None:
        self.tickets.switch_tab(step)

    def action_go_to_tab(self, number: int) -> None:
        self.tickets.go_to_tab(number)

    def action_new_ticket(self) -> None:
        self.new_ticket.open()

    def action_toggle_watch(self) -> None:
        self.watcher.toggle()

    async def action_toggle_queue(self) -> None:
        """``ctrl+o``: show and focus the queue; from the queue, hide it and go to the ticket."""
        await self._id_bar_caught_up()
        if not await self.queue_mount.ready():  # (mounted now if a ticket named at start held it back)
            return
        if self.arrangement.queue_has_focus() and self.arrangement.mode != "content":
            self.arrangement.hide_queue()
        else:
            self.tickets.went_to_id_bar(queue=True)
            self.arrangement.focus_queue(beside_ticket=bool(self.tickets.requested))

    def action_walk(self, step: int) -> None:
        """Open the next (``step`` 1) or previous (-1) ticket of the queue."""
        item = self.queue.walk(step)
        if item is None:
            if step > 0 and self.queue.has_more:
                self.notify("Loading more of the queue…", markup=False)
            else:
                self.notify(f"This is the {'last' if step > 0 else 'first'} ticket in the queue.", markup=False)
            return
        self.tickets.fetch(item.id)

    def action_back(self) -> None:
        """Escape: cancel a fetch; else step back: ID bar to where you were, ticket to the queue,
        queue beside a ticket to the queue alone."""
        layout, tickets = self.arrangement, self.tickets
        if tickets.waiting():
            tickets.cancel()
        elif self.id_bar.input.has_focus:
            if tickets.ticket is not None:
                self.id_bar.set_value(tickets.ticket.id)
            if layout.mode == "queue" or layout.showing_queue_side:
                layout.focus_queue(beside_ticket=bool(tickets.requested))
            elif tickets.ticket is not None and self.area.ticket_shown:
                self.area.focus_ticket()
        elif layout.content_has_focus() and (
            layout.mode == "split" or (layout.queue is not None and layout.queue.started)
        ):
            layout.focus_queue(beside_ticket=bool(tickets.requested))
        elif layout.queue_has_focus() and layout.mode == "split":
            layout.set_mode("queue")

    def action_copy_menu(self) -> None:
        """Offer what can be copied from the ticket on screen."""
        from app.tui.copying import copy_texts, oversized_choices, unavailable_choices
        from widgets.shell.copy_menu import CopyMenu

        tickets = self.tickets
        ticket = tickets.ticket if tickets.tab.showing_ticket and self.area.ticket_shown else None
        if ticket is None:  # (not the ticket shown before the one loading: c typed behind Enter)
            words = "The ticket is still loading: there is nothing to copy yet." if tickets.requested else ""
            self.notify(words or "No ticket is open, so there is nothing to copy.", markup=False, timeout=3)
            return
        thread = self.area.thread
        texts = copy_texts(ticket, thread)
        menu = CopyMenu(unavailable_choices(ticket, thread), oversized_choices(texts))
        self.app.push_screen(menu, callback=lambda choice: self._copy(choice, (ticket, texts)))

    def _copy(self, choice: CopyChoice | None, made: tuple[Ticket, dict[CopyChoice, str]] | None = None) -> None:
        """Copy ``choice``; ``made``: the ticket the menu opened on, and the texts it made for it."""
        from app.tui.copying import copy_from_ticket

        ticket = self.tickets.ticket
        if choice is not None and ticket is not None:
            text = made[1].get(choice) if made is not None and made[0] is ticket else None
            settings = self.services.settings
            copy_from_ticket(self.app, choice, ticket, self.area.thread, settings.download_dir, text)
