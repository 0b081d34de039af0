"""The queue: status tabs with counts, the filters, and the table of tickets, paged as it scrolls.

The pane keeps what the agent chose (filters, sort, cursor) and what has been loaded (pages, total,
counts). It loads its own pages in a worker, through the client it is given, and takes the pages
(``loaded``) or the error (``failed``). Only the answer to the latest request is taken, so a slow
old page never lands in a list filtered since. ``Loaded`` tells the screen a request is done.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from app.core.api.ticket_filters import CATEGORIES, TicketFilters
from app.core.browsing.notices import next_step
from app.core.errors import TicketViewError
from widgets.focus import focus_now
from widgets.queue.queue_info import QueueState, info_text
from widgets.queue.queue_loading import Pace, PageSource, QueueRequest, fetch_pages, row_changes
from widgets.queue.queue_table import QueueTable
from widgets.queue.status_tabs import StatusTabs

if TYPE_CHECKING:
    from collections.abc import Sequence

    from textual.timer import Timer

    from app.core.api.list_models import TicketPage, TicketSummary

PRIORITY_CYCLE = ("urgent", "high", "medium", "low")
NEAR_END = 15
"""Rows from the end of what is loaded at which the next page is asked for (or a screen, if more)."""
SORT_CYCLE: tuple[str | None, ...] = (None, "updated", "priority", "status", "title", "category", "assignee", "id")
"""What ``o`` steps through: the API's order (``None``), then a sort of the loaded rows by each column."""
AUTO_REFRESH_SECONDS = 60.0


class QueuePane(Vertical):
    """The ticket queue: tabs, filters and a table; ``enter`` opens the selected ticket."""

    DEFAULT_CSS = """
    QueuePane {
        & > #queue-info { height: auto; max-height: 3; padding: 0 1; color: $text-muted; background: $panel; }
        & > #queue-message { display: none; height: 1fr; padding: 1 2; }
        & > #queue-message.-error { color: $text-error; }
        &.-message > QueueTable { height: 1; }
        &.-message > #queue-message { display: block; }
    }
    """

    BINDINGS = [
        Binding("s", "cycle('status', 1)", "Filter", key_display="s p c", id="queue.status"),
        Binding("S", "cycle('status', -1)", "Previous status", show=False, id="queue.status-back"),
        Binding("right,l", "cycle('status', 1)", "Next status", show=False, id="queue.tab-next"),
        Binding("left,h", "cycle('status', -1)", "Previous status", show=False, id="queue.tab-previous"),
        Binding("p", "cycle('priority', 1)", "Priority", show=False, id="queue.priority"),
        Binding("P", "cycle('priority', -1)", "Previous priority", show=False, id="queue.priority-back"),
        Binding("c", "cycle('category', 1)", "Category", show=False, id="queue.category"),
        Binding("C", "cycle('category', -1)", "Previous category", show=False, id="queue.category-back"),
        Binding("x", "clear_filters", "Clear filters", show=False, id="queue.clear"),
        Binding("o", "sort", "Sort", id="queue.sort"),
        Binding("O", "reverse_sort", "Reverse sort", show=False, id="queue.sort-reverse"),
        Binding("r", "refresh", "Refresh", id="queue.refresh"),
        Binding("a", "toggle_auto_refresh", "Auto-refresh", show=False, id="queue.auto-refresh"),
        Binding("t", "open_in_tab", "Open in new tab", show=False, id="queue.open-in-tab"),
        # The App's keys that matter less here, kept out of the footer to leave room for the queue's.
        # priority, as the screen's: it wins the footer there, and stays out of it here
        Binding("ctrl+o", "screen.toggle_queue", "Queue", show=False, priority=True, id="queue.toggle"),
        Binding("J", "screen.walk(1)", "Next ticket", show=False, id="queue.next-ticket"),
        Binding("K", "screen.walk(-1)", "Previous ticket", show=False, id="queue.previous-ticket"),
    ]

    class Loaded(Message):
        """A request of the pane's is done (its pages shown, or why not)."""

    class Opened(Message):
        """The agent opened ``item`` from the queue."""

        def __init__(self, item: TicketSummary, *, new_tab: bool = False) -> None:
            super().__init__()
            self.item = item
            self.new_tab = new_tab
            """Open it on a tab of its own (``t``), keeping the ticket already open."""

    def __init__(
        self,
        client: Callable[[], Awaitable[PageSource]],
        clock: Callable[[], datetime],
        filters: TicketFilters | None = None,
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._client = client
        self._clock = clock
        self.filters = filters or TicketFilters()
        """What the queue lists."""
        self._pending: QueueRequest | None = None
        self._asked = False
        self._page = 0
        """The last page loaded (0: none yet)."""
        self._has_more = False
        self._total: int | None = None
        self._counts: dict[str, int] | None = None
        self._more_failed = False
        self._load_failed = False
        self._skipped = 0
        """Rows the API sent that could not be read (left out of the table)."""
        self._repeated = False
        """The last page held nothing new, so paging stopped."""
        self._more_asked_at = -1
        """Where the cursor was when the last next page was asked for."""
        self._pace = Pace()
        self._loads: dict[Worker[None], QueueRequest] = {}
        """Each load worker's request, to say which one crashed."""
        self._now = datetime.now(UTC)
        self._auto_timer: Timer | None = None
        self.auto_refresh_seconds = AUTO_REFRESH_SECONDS
        """How often ``a`` (auto-refresh) reloads the list."""

    def compose(self) -> ComposeResult:
        yield StatusTabs(id="queue-tabs")
        yield Static(id="queue-info", markup=False)
        yield QueueTable(id="queue-table")
        yield Static(id="queue-message", markup=False)

    def on_mount(self) -> None:
        self._show_tabs()
        self._show_info()

    # --- what the App reads ---------------------------------------------------------------

    @property
    def table(self) -> QueueTable:
        """The table of tickets."""
        return self.query_one(QueueTable)

    @property
    def started(self) -> bool:
        """Whether the queue has been asked for at least once."""
        return self._asked

    @property
    def busy(self) -> bool:
        """Whether a request is in flight."""
        return self._pending is not None

    @property
    def pending(self) -> QueueRequest | None:
        """The request in flight, if any."""
        return self._pending

    @property
    def has_more(self) -> bool:
        """Whether the API has more pages than loaded."""
        return self._has_more

    @property
    def selected(self) -> TicketSummary | None:
        """The ticket under the cursor."""
        return self.table.selected

    # --- asking for pages -----------------------------------------------------------------

    def _request(self, first: int, last: int, kind: str) -> None:
        self._pending = QueueRequest(self.filters, first, last, kind)
        self._asked = True
        self._more_failed = self._load_failed = False
        if kind != "more":
            self._repeated, self._more_asked_at = False, -1
        self._show_info()
        self._loads[self._load(self._pending)] = self._pending

    @work(exclusive=True, group="queue", exit_on_error=False)
    async def _load(self, request: QueueRequest) -> None:
        try:
            pages = await fetch_pages(await self._client(), request, self._pace)
        except TicketViewError as error:
            self.failed(request, error)
        else:
            self.loaded(request, pages, self._clock())
        self.post_message(self.Loaded())

    @on(Worker.StateChanged)
    def _load_crashed(self, event: Worker.StateChanged) -> None:
        """A load failed with an unexpected error: say so in the queue."""
        if event.worker.group != "queue" or not event.worker.is_finished:
            return
        event.stop()
        request = self._loads.pop(event.worker, None)  # that worker's own request (failed() ignores a stale one)
        if event.state != WorkerState.ERROR:
            return
        if request is not None:
            failure = type(event.worker.error).__name__
            self.failed(
                request, TicketViewError(f"Loading the queue failed unexpectedly ({failure}). Press r to try again.")
            )
        self.post_message(self.Loaded())

    def start(self) -> None:
        """Load the first page, unless the queue is loaded or loading already."""
        if not self.started:
            self._request(1, 1, "load")

    def set_filters(self, filters: TicketFilters) -> None:
        """List tickets matching ``filters`` from the first page."""
        self.filters = filters
        self._show_tabs()
        self._request(1, 1, "load")

    def action_refresh(self) -> None:
        """Reload every page loaded so far, keeping the cursor on its ticket."""
        if self._page == 0:
            self._request(1, 1, "load")
        else:
            self._request(1, self._page, "refresh")

    def action_toggle_auto_refresh(self) -> None:
        """Reload the list every ``auto_refresh_seconds`` (marking new and updated rows), or stop."""
        if self._auto_timer is not None:
            self._auto_timer.stop()
            self._auto_timer = None
        else:
            self._auto_timer = self.set_interval(self.auto_refresh_seconds, self._refresh_quietly)
        self._show_info()

    def _refresh_quietly(self) -> None:
        if self._pending is None and self._page > 0:
            self.action_refresh()

    def _maybe_more(self) -> None:
        """Ask for the next page when the cursor nears the end: once for each place the cursor
        stops, so pages follow the agent's moves (a short page never starts a chain of requests)."""
        table = self.table
        near = max(NEAR_END, table.size.height)
        if (
            self._has_more
            and self._pending is None
            and not self._more_failed
            and table.cursor != self._more_asked_at
            and table.cursor >= table.row_count - near
        ):
            self._more_asked_at = table.cursor
            self._request(self._page + 1, self._page + 1, "more")

    @on(QueueTable.CursorMoved)
    def _cursor_moved(self, event: QueueTable.CursorMoved) -> None:
        self._maybe_more()

    # --- answers --------------------------------------------------------------------------

    def loaded(self, request: QueueRequest, pages: Sequence[TicketPage], now: datetime) -> None:
        """Take the pages fetched for ``request`` (ignored unless it is the latest)."""
        if request is not self._pending or not pages:
            return
        self._pending = None
        self._now = now
        table = self.table
        last = pages[-1]
        self._page, self._has_more, self._total = last.page, last.has_more, last.total
        if pages[0].page == 1 and pages[0].counts is not None:
            self._counts = pages[0].counts
        elif request.kind == "load":
            self._counts = None
        fresh: dict[str, TicketSummary] = {}
        for page in pages:
            for item in page.items:
                fresh.setdefault(item.id, item)
        skipped = sum(page.skipped for page in pages)
        if request.kind == "more":
            known = {item.id for item in table.rows}
            new = [item for item in fresh.values() if item.id not in known]
            if not new:  # a server that repeats its pages would be paged for ever: stop here
                self._has_more, self._repeated = False, True
            if new or not fresh:  # (a page repeated whole: its unreadable rows were counted the first time)
                self._skipped += skipped
            table.add_rows(new)
        else:
            self._skipped = skipped
            marks = {}
            if request.kind == "refresh":  # marks stay until the cursor visits their rows
                marks = {key: mark for key, mark in table.marks.items() if key in fresh}
                marks.update(row_changes(table.rows, fresh.values()))
            table.set_rows(list(fresh.values()), now, marks=marks)
        self._show_message()
        self._show_tabs()
        self._show_info()
        # No next page from here: pages are asked for only as the agent moves (a short or repeated
        # page never starts a chain of requests on its own).

    def failed(self, request: QueueRequest, error: TicketViewError) -> None:
        """Show why ``request`` failed (ignored unless it is the latest)."""
        if request is not self._pending:
            return
        self._pending = None
        if request.kind == "more" or (request.kind == "refresh" and self.table.row_count):
            self._more_failed = True
            self._show_info(f"{error.title}: {error.message} Press r to try again.")
            return
        self._page, self._has_more, self._total, self._counts = 0, False, None, None
        self._load_failed = True
        self.table.set_rows([], self._now)
        hint = next_step(error)
        if getattr(error, "status", None) == 400 and self.filters.active:
            hint = "Press x to clear the filters, or s, p, c to choose others."
        self._show_message(error.title, error.message, hint, error=True)
        self._show_tabs()
        self._show_info()

    # --- walking the queue from an open ticket --------------------------------------------

    def walk(self, step: int) -> TicketSummary | None:
        """Move the cursor ``step`` rows and return that ticket; ``None`` at either end."""
        table = self.table
        index = table.cursor + step
        if not 0 <= index < table.row_count:
            return None
        table.move_cursor(index)
        return table.selected

    def select_id(self, ticket_id: str) -> None:
        """Put the cursor on ``ticket_id`` if it is in the queue."""
        self.table.select_id(ticket_id)

    @on(QueueTable.Chosen)
    def _chosen(self, event: QueueTable.Chosen) -> None:
        event.stop()
        self.post_message(self.Opened(event.item))

    def action_open_in_tab(self) -> None:
        """Open the selected ticket on a new tab."""
        if (item := self.table.selected) is not None:
            self.post_message(self.Opened(item, new_tab=True))

    # --- filters and sorting --------------------------------------------------------------

    def action_cycle(self, field: str, step: int) -> None:
        if field == "status":
            choices: list[str | None] = list(self.query_one(StatusTabs).statuses)
        else:
            choices = [None, *(PRIORITY_CYCLE if field == "priority" else CATEGORIES)]
        current = getattr(self.filters, field)
        index = choices.index(current) if current in choices else 0
        self.set_filters(self.filters.with_value(field, choices[(index + step) % len(choices)]))

    def action_clear_filters(self) -> None:
        if self.filters.active:
            self.set_filters(TicketFilters())

    @on(StatusTabs.Chosen)
    def _tab_chosen(self, event: StatusTabs.Chosen) -> None:
        if event.status != self.filters.status:
            self.set_filters(self.filters.with_value("status", event.status))
        focus_now(self.table)

    def action_sort(self) -> None:
        column = self.table.sort_column
        self.table.sort_by(SORT_CYCLE[(SORT_CYCLE.index(column) + 1) % len(SORT_CYCLE)])

    def action_reverse_sort(self) -> None:
        """Reverse the sort; from the API's order, sort by age, the oldest first."""
        if self.table.sort_column is None:
            self.table.sort_by("updated", True)
        else:
            self.table.sort_by(self.table.sort_column, not self.table.sort_descending)

    @on(QueueTable.SortChanged)
    def _sort_changed(self) -> None:
        self._show_info()

    # --- drawing --------------------------------------------------------------------------

    def _show_tabs(self) -> None:
        everything = self._total if self.filters.status is None else None
        if everything is None and self._counts is not None:
            everything = sum(self._counts.values())
        self.query_one(StatusTabs).show(self._counts, everything, self.filters.status)

    def _show_info(self, problem: str = "") -> None:
        if not self.is_mounted:
            return
        pending = self._pending
        state = QueueState(
            self.filters,
            self.table.row_count,
            self._total,
            self.table.sort_column,
            self.table.sort_descending,
            loading=pending is not None and pending.kind != "more",
            loading_more=pending is not None and pending.kind == "more",
            failed=self._load_failed,
            auto_refresh=self.auto_refresh_seconds if self._auto_timer is not None else None,
            repeated=self._repeated,
            skipped=self._skipped,
        )
        info = Content(info_text(state))
        if problem:
            info = Content.assemble(info, " · ", (problem, "$text-error"))
        self.query_one("#queue-info", Static).update(info)

    def _show_message(self, title: str = "", body: str = "", hint: str = "", *, error: bool = False) -> None:
        message = self.query_one("#queue-message", Static)
        if not title and self.table.row_count == 0:
            title = "No tickets match these filters." if self.filters.active else "The queue is empty."
            hint = "Press x to clear the filters, or s, p, c to choose others." if self.filters.active else ""
        self.set_class(bool(title), "-message")
        message.set_class(error, "-error")
        lines = [(title, "bold")]
        if body:
            lines.append(("\n\n" + body, ""))
        if hint:
            lines.append(("\n\n" + hint, "$text-muted"))
        message.update(Content.assemble(*[(text, style) if style else text for text, style in lines]))
