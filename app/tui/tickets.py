"""Tickets on tabs: fetching them, showing them from memory or the cache, history and tabs.

There is one ticket area; each tab (``app.core.browsing.tabs.Tab``) says what it should show, and
switching tabs or stepping through history shows that tab's ticket again from memory, at the
message the agent was reading, while a fresh copy loads in the background.

Where a ticket comes from, fastest first:

* memory (``TicketMemory``): tickets fetched this run, shown at once;
* the cache on disk (``UserData.cache``): tickets fetched before, shown with their age while the
  network answers (stale-while-revalidate), and the only source under ``--offline``;
* the API: always asked (but offline), and its answer replaces what was shown, keeping the place.

Messages that arrived since the agent last looked at a ticket (by the count remembered in the
recent tickets) are marked NEW.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from functools import partial
from threading import Lock
from typing import TYPE_CHECKING

from textual.worker import get_current_worker

from app.core.browsing.notices import error_notice, loading_notice, start_notice
from app.core.browsing.tabs import Tab, TabSet, TicketMemory
from app.core.errors import TicketViewError
from app.core.storage.offline import not_cached
from app.tui.arrival_focus import ArrivalFocus
from app.tui.retry_countdown import RetryCountdown
from widgets.focus import focus_now

if TYPE_CHECKING:
    from textual.screen import Screen

    from app.core.api.client import RetryNotice
    from app.core.api.models import Ticket
    from app.tui.layout import Layout
    from app.tui.services import Services
    from widgets.shell.id_bar import IdBar
    from widgets.shell.tab_strip import TabStrip
    from widgets.shell.ticket_area import TicketArea


class Tickets:
    """Fetch and show tickets on tabs, with history, memory and the cache."""

    def __init__(
        self,
        services: Services,
        screen: Screen[object],
        *,
        area: TicketArea,
        id_bar: IdBar,
        strip: TabStrip,
        layout: Layout,
        samples: list[tuple[str, str]],
    ) -> None:
        self._services = services
        self._settings = services.settings
        self._screen = screen
        self._area = area
        self._id_bar = id_bar
        self._strip = strip
        self._layout = layout
        self._samples = samples
        self.tabs = TabSet()
        self.memory = TicketMemory()
        self.watching = ""
        """What the header says while watching (set by the watcher), when the copy shown is fresh."""
        self._countdown = RetryCountdown(screen, area)
        self.focus = ArrivalFocus(id_bar, layout, area)
        """Where the focus goes when a ticket arrives (see ``app.tui.arrival_focus``)."""
        self._remembering = Lock()

    # --- the active tab -------------------------------------------------------------------

    @property
    def tab(self) -> Tab:
        """The tab on screen."""
        return self.tabs.active

    @property
    def ticket(self) -> Ticket | None:
        """The ticket last shown on the active tab (while another loads, the one to go back to)."""
        return self.tab.ticket

    @property
    def requested(self) -> str | None:
        """The ticket the active tab is on (shown, or being fetched)."""
        return self.tab.requested

    def note(self, tab: Tab) -> str:
        """What the header says about the copy ``tab`` shows."""
        return tab.freshness(self._services.clock(), offline=self._settings.offline, watching=self.watching)

    def note_changed(self) -> None:
        """Say again how fresh the ticket on screen is (watching turned on or off)."""
        if self.tab.showing_ticket:
            self._area.set_note(self.note(self.tab))

    # --- what stands where the ticket would be ---------------------------------------------

    def show_start(self) -> None:
        """The start screen: what to do first, and the recent tickets."""
        recent = self._services.user_data.recent.entries
        self._area.show_notice(start_notice(self._services.start_mode, recent, self._samples))

    def present(self, tab: Tab, *, focus: bool = True) -> None:
        """Show ``tab`` (the active one): its ticket at the place the agent left it, else its notice."""
        if tab.ticket is not None and tab.shown is not None and tab.shown == tab.requested:
            self._area.show_ticket(
                tab.ticket,
                self._services.now(),
                new_from=tab.new_from,
                note=self.note(tab),
                place=tab.view_of(tab.shown),
                focus=focus,
            )
            self._services.settle_heap()
        else:
            keep_keys = focus and self._layout.content_has_focus()  # the ticket had the focus, and is going
            if tab.error is not None:
                self._area.show_notice(error_notice(tab.error, tab.requested or ""))
            elif tab.requested:
                self._area.show_notice(loading_notice(tab.requested))
            else:
                self.show_start()
            if keep_keys and tab.requested:
                focus_now(self._area.notice)  # not the ID bar, where [ ] r q would be typed rather than act
        self.draw_tabs()

    def save_place(self, tab: Tab) -> None:
        """Remember where the agent is in the ticket on screen, to come back to it."""
        if tab is self.tab and tab.shown is not None and self._area.ticket_shown:
            tab.remember_view(tab.shown, self._area.place())

    def draw_tabs(self) -> None:
        self._strip.show_tabs([tab.title for tab in self.tabs.tabs], self.tabs.index)

    # --- fetching -------------------------------------------------------------------------

    def fetch(self, ticket_id: str) -> None:
        """Open ``ticket_id`` on the active tab, superseding any fetch in flight there."""
        tab = self.tab
        self.save_place(tab)
        tab.visit(ticket_id)
        self.open(tab)

    def open(self, tab: Tab) -> None:
        """The agent looks at ``tab.requested``: show what is in hand at once, and fetch a fresh copy."""
        ticket_id = tab.requested
        if ticket_id is None:
            return
        tab.error = tab.refresh_error = None
        seen = self._services.user_data.recent.get(ticket_id)
        tab.baseline = seen.message_count if seen is not None else None
        refreshing = tab.shown == ticket_id  # the ticket on the tab already (not one adopted below)
        if not refreshing:
            kept = self.memory.get(ticket_id)
            if kept is not None:
                self._adopt(tab, ticket_id, *kept)
        tab.stale = tab.shown == ticket_id
        if tab is self.tab:
            self.stop_retry_countdown()
            self._id_bar.set_value(ticket_id)
            self._layout.ticket_opened(ticket_id)
            if refreshing and self._area.ticket_shown:
                self._area.set_note(self.note(tab))  # refreshing what is on screen
            else:
                self.present(tab)
        self._start_fetch(tab, ticket_id)

    def _start_fetch(self, tab: Tab, ticket_id: str) -> None:
        tab.fetches += 1
        tab.worker = self._screen.run_worker(
            self._fetch(tab, ticket_id), group=f"fetch-{tab.key}", exclusive=True, exit_on_error=False
        )

    def _adopt(self, tab: Tab, ticket_id: str, ticket: Ticket, fetched_at: datetime, digest: str | None) -> None:
        """Make ``ticket`` the tab's ticket (an older copy, from memory or the cache)."""
        tab.ticket, tab.shown, tab.fetched_at, tab.stale = ticket, ticket_id, fetched_at, True
        tab.digest = digest
        tab.new_from = tab.mark_new(ticket)

    async def _fetch(self, tab: Tab, ticket_id: str) -> None:
        worker = get_current_worker()
        cache = self._services.user_data.cache
        # The first frame first; then the request goes out while the ticket view is being mounted.
        await self._area.first_frame()
        try:
            if tab.shown != ticket_id and cache.enabled:
                cached = await asyncio.to_thread(cache.load, ticket_id)
                if cached is not None:
                    await self._area.view_ready()
                if cached is not None and tab.worker is worker and tab.shown != ticket_id:
                    self._adopt(tab, ticket_id, cached.ticket, cached.fetched_at, cached.digest)
                    if tab is self.tab:
                        self.stop_retry_countdown()
                        self.present(tab, focus=not self.focus.keeps_focus(tab, ticket_id, on_screen=False))
            if self._settings.offline:
                if tab.shown != ticket_id or tab.ticket is None or tab.fetched_at is None:
                    settings = self._settings  # the hint names a command that works here (reads the demo's cache)
                    raise await asyncio.to_thread(
                        not_cached, ticket_id, demo=settings.demo, needs_token=settings.needs_token
                    )
                tab.stale = True
                ticket, fetched_at, digest = tab.ticket, tab.fetched_at, tab.digest
            else:
                client = await self._services.api()
                known = tab.known(ticket_id)  # the same body again comes back as this copy, not parsed again
                fetched = await client.fetch_ticket(ticket_id, known=known, on_retry=partial(self._on_retry, tab))
                ticket, digest, fetched_at = fetched.ticket, fetched.digest, self._services.clock()
        except asyncio.CancelledError:
            raise
        except Exception as error:  # noqa: BLE001  # the client raises TicketViewError; anything else is still shown
            await self._area.view_ready()
            if tab.worker is worker:
                self._fetch_failed(tab, ticket_id, error)
            return
        await self._area.view_ready()
        if tab.worker is worker and tab.requested == ticket_id:
            self.fetched(tab, ticket_id, ticket, fetched_at, fresh=not self._settings.offline, digest=digest)

    def fetched(
        self, tab: Tab, ticket_id: str, ticket: Ticket, fetched_at: datetime, *, fresh: bool, digest: str | None = None
    ) -> None:
        """A ticket arrived for ``tab``: keep it, remember it, and show it where the agent was."""
        if tab is self.tab:
            self.stop_retry_countdown()
        before = tab.ticket if tab.shown == ticket_id else None
        unchanged = before is not None and (before is ticket or before == ticket)
        if before is not None and unchanged:
            ticket = before  # the copy on screen is the same: keep one of the two in memory
        if fresh:
            self.memory.put(ticket_id, ticket, fetched_at, digest)
            self._screen.run_worker(
                partial(self._remember, ticket_id, ticket, fetched_at, digest),
                thread=True,
                group="remember",
                exit_on_error=False,
            )
        tab.ticket, tab.shown, tab.fetched_at, tab.digest = ticket, ticket_id, fetched_at, digest
        tab.stale = not fresh
        tab.refresh_error = None
        tab.new_from = tab.mark_new(ticket)
        if tab is not self.tab:
            self.draw_tabs()
            return
        if unchanged and self._area.ticket_shown:
            self._area.set_note(self.note(tab))  # nothing changed: keep the screen as it is
            return
        on_screen = before is not None and self._area.ticket_shown
        if on_screen:
            self.save_place(tab)
        self.present(tab, focus=not self.focus.keeps_focus(tab, ticket_id, on_screen=on_screen))

    def _remember(self, ticket_id: str, ticket: Ticket, fetched_at: datetime, digest: str | None) -> None:
        """Off the UI thread: add the ticket to the recent list and the cache (a few ms to 50 ms on disk),
        under the ID it was asked for (as memory keeps it), so it is found again by that ID."""
        with self._remembering:  # one at a time: each rewrites the whole recent list
            self._services.user_data.recent.record(ticket, fetched_at, as_id=ticket_id)
            self._services.user_data.cache.save(ticket, fetched_at, as_id=ticket_id, digest=digest)

    def went_to_id_bar(self, *, queue: bool = False) -> None:
        """The agent asked for the ID bar (``/``, ``ctrl+l``), or with ``queue`` for the queue
        (``ctrl+o``): a ticket arriving now leaves the focus there."""
        (self.focus.went_to_queue if queue else self.focus.went_to_id_bar)(self.tab)

    def _fetch_failed(self, tab: Tab, ticket_id: str, error: BaseException) -> None:
        if tab is self.tab:
            self.stop_retry_countdown()
        if tab.shown == ticket_id and tab.ticket is not None:
            # An older copy is on screen: keep it, and say why it could not be refreshed.
            reason = error.title if isinstance(error, TicketViewError) else type(error).__name__
            tab.refresh_error = reason.lower()
            if tab is self.tab:
                self._area.set_note(self.note(tab))
                message = error.message if isinstance(error, TicketViewError) else "It failed unexpectedly."
                self._screen.notify(message, title=f"Could not refresh: {reason}", severity="warning", markup=False)
            return
        tab.error = error
        if tab is self.tab:
            self.present(tab)
            self.focus.failed(tab)

    def _on_retry(self, tab: Tab, notice: RetryNotice) -> None:
        if tab is self.tab:
            self._countdown.start(notice)

    def stop_retry_countdown(self) -> None:
        self._countdown.stop()

    # --- escape, refresh and history --------------------------------------------------------

    def clear_error(self) -> None:
        """An error on screen is stale once the agent has emptied the ID bar: show what was there before it."""
        tab = self.tab
        if tab.error is None or tab.waiting_fetch() is not None:
            return
        tab.error = None
        tab.cancel_visit()
        if not tab.showing_ticket:
            tab.requested = None  # the start screen (the history behind the tab stays)
        self.present(tab, focus=False)

    def waiting(self) -> bool:
        """Whether the agent is waiting for a fetch that escape would cancel."""
        return self.tab.waiting_fetch() is not None

    def cancel(self) -> None:
        """Escape while fetching: stop, and stay on (or go back to) the ticket already shown."""
        tab = self.tab
        job = tab.waiting_fetch()
        if job is not None:
            job.cancel()
        self.stop_retry_countdown()
        tab.cancel_visit()
        if tab.showing_ticket:
            tab.stale = False
            self._id_bar.set_value(tab.requested or "")
            self.present(tab)
        elif self._layout.mode == "split":
            self._layout.set_mode("queue")
            self._layout.focus_queue(beside_ticket=False)
            self.draw_tabs()
        else:
            self.show_start()
            self._id_bar.focus_and_select()
            self.draw_tabs()
        self._screen.notify("Cancelled.", markup=False)

    def refresh(self) -> None:
        """Fetch the ticket on screen again (the one being fetched, or the one that failed)."""
        tab = self.tab
        if tab.requested:
            self.open(tab)

    def history(self, direction: int) -> None:
        """Back (-1) or forward (+1) through the tickets this tab has shown."""
        tab = self.tab
        self.save_place(tab)
        if tab.step(direction) is None:
            earlier = "No earlier ticket on this tab." if direction < 0 else "No later ticket on this tab."
            self._screen.notify(earlier, timeout=2)
            return
        self.open(tab)

    # --- tabs -----------------------------------------------------------------------------

    def new_tab(self) -> None:
        """Open an empty tab and put the cursor in the ID bar."""
        self.save_place(self.tab)
        self.stop_retry_countdown()
        tab = self.tabs.open()
        self.present(tab)
        self._id_bar.set_value("")
        if self._layout.mode == "queue":
            self._layout.set_mode("content")
        self._id_bar.focus_and_select()

    def open_in_new_tab(self, ticket_id: str) -> None:
        """Open ``ticket_id`` on a new tab (from the queue or the palette); an empty tab is used as it is."""
        tab = self.tab
        if tab.requested is not None or tab.back or tab.forward:
            self.save_place(tab)
            self.stop_retry_countdown()
            self.tabs.open()
        self.fetch(ticket_id)

    def close_tab(self) -> None:
        """Close the active tab (the last one closes to an empty tab)."""
        tab = self.tab
        if len(self.tabs) == 1 and tab.requested is None:
            self._screen.notify("No ticket open to close.", timeout=2)
            return
        for job in (tab.worker, tab.poll):
            if job is not None:
                job.cancel()
        self.stop_retry_countdown()
        self._show_tab(self.tabs.close(tab))

    def switch_tab(self, step: int) -> None:
        """The next (+1) or previous (-1) tab, round again."""
        if len(self.tabs) > 1:
            self.save_place(self.tab)
            self._show_tab(self.tabs.select(self.tabs.index + step))

    def go_to_tab(self, number: int) -> None:
        """Tab ``number`` (1-based), if there is one."""
        if 1 <= number <= len(self.tabs) and number - 1 != self.tabs.index:
            self.save_place(self.tab)
            self._show_tab(self.tabs.select(number - 1))

    def _show_tab(self, tab: Tab) -> None:
        self.stop_retry_countdown()
        self._id_bar.set_value(tab.requested or "")
        queue = self._layout.queue
        if queue is not None and queue.started and tab.requested:
            queue.select_id(tab.requested)
        self._layout.update_walkable(tab.requested)
        refresh = not tab.busy() and not self._settings.offline and tab.showing_ticket
        if refresh:
            tab.stale, tab.refresh_error = True, None  # the header says so while the fresh copy loads
        self.present(tab)
        if refresh and tab.shown is not None:
            self._start_fetch(tab, tab.shown)
        if tab.requested is None:
            self._id_bar.focus_and_select()
