"""The App's side of tickets: fetching them, tabs, history and the cache.

A mixin of ``TicketViewApp``. There is one ticket view; each tab (``app.core.browsing.tabs.Tab``) says what it
should show, and switching tabs or stepping through history shows that tab's ticket again from
memory, at the message the agent was reading, while a fresh copy loads in the background.

Where a ticket comes from, fastest first:

* memory (``TicketMemory``): tickets fetched this run, shown at once;
* the cache on disk (``UserData.cache``): tickets fetched before, shown with their age while the
  network answers (stale-while-revalidate), and the only source under ``--offline``;
* the API: always asked (but offline), and its answer replaces what was shown, keeping the place.

Messages that arrived since the agent last looked at a ticket (by the count remembered in the
recent tickets) are marked NEW. Watching is ``app.tui.watch_control``; the notices that stand where
a ticket would be (start, loading, errors) are ``app.tui.notices``.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from functools import partial
from threading import Lock
from typing import TYPE_CHECKING

from humanize import naturaldelta
from textual.widgets import ContentSwitcher
from textual.worker import get_current_worker

from app.core.errors import NotCached, TicketViewError
from app.core.text.safe_text import clean_line
from app.core.browsing.tabs import Tab, TabSet, TicketMemory, ViewState
from widgets.id_bar import IdBar
from widgets.tab_strip import TabStrip
from widgets.thread_view import ThreadView
from widgets.ticket_view import TicketView

if TYPE_CHECKING:
    from app.core.api.client import RetryNotice
    from app.core.api.models import Ticket



class TabControl:
    """Tickets on tabs: fetch, show from memory or cache, history, tabs."""

    def init_tabs(self) -> None:
        """Set up the tab state (called from the App's ``__init__``)."""
        self.tabs = TabSet()
        self.memory = TicketMemory()
        self._retry_timer = None
        self._remembering = Lock()

    # --- the active tab, as the rest of the App sees it ------------------------------------

    @property
    def tab(self) -> Tab:
        """The tab on screen."""
        return self.tabs.active

    @property
    def _ticket(self) -> Ticket | None:
        """The ticket last shown on the active tab (while another loads, the one to go back to)."""
        return self.tab.ticket

    @property
    def _requested(self) -> str | None:
        return self.tab.requested

    @_requested.setter
    def _requested(self, ticket_id: str | None) -> None:
        tab = self.tab
        if tab.back and tab.back[-1] == ticket_id:
            tab.back.pop()  # a cancelled fetch: back to the ticket it came from, not a second copy
        tab.requested = ticket_id

    @property
    def _fetch_worker(self):
        """The fetch that escape cancels: one the agent is waiting for (no ticket of it on screen yet)."""
        tab = self.tab
        return tab.worker if tab.shown != tab.requested else None

    # --- what stands where the ticket would be ---------------------------------------------

    def _freshness(self, tab: Tab) -> str:
        """What the header says about the copy shown: its age while it may be out of date."""
        if tab.fetched_at is None or not (tab.stale or tab.refresh_error):
            return self._watch_note()
        age = naturaldelta(max(0.0, (self._clock() - tab.fetched_at).total_seconds()))
        if tab.refresh_error:
            return f"copy from {age} ago · could not refresh: {tab.refresh_error}"
        if self.settings.offline:
            return f"offline · copy from {age} ago"
        return f"copy from {age} ago · refreshing…"

    def _present(self, tab: Tab, *, focus: bool = True) -> None:
        """Show ``tab`` (the active one): its ticket at the place the agent left it, else its notice."""
        view = self.query_one(TicketView)
        if tab.ticket is not None and tab.shown == tab.requested:
            place = tab.view_of(tab.shown)
            view.show(tab.ticket, self._clock(), new_from=tab.new_from, note=self._freshness(tab))
            if place != ViewState():
                self.query_one(ThreadView).restore_position(place.message_filter, place.message, place.below)
            self._switch("ticket")
            if focus:
                view.focus_pane(place.pane)
            self.settle_heap()
        else:
            keep_keys = focus and self.content_has_focus()  # the ticket had the focus, and is going
            if tab.error is not None:
                self._show_error(tab.error, tab.requested or "")
            elif tab.requested:
                self._notice().show(f"Loading {clean_line(tab.requested)}…", "Press escape to cancel.", kind="loading")
                self._switch("notice")
            else:
                self._show_start()
            if keep_keys and tab.requested:
                self._notice().focus()  # not the ID bar, where [ ] r q would be typed rather than act
        self._draw_tabs()

    def _save_place(self, tab: Tab) -> None:
        """Remember where the agent is in the ticket on screen, to come back to it."""
        if tab is not self.tab or tab.shown is None or self.query_one(ContentSwitcher).current != "ticket":
            return
        message_filter, message, below = self.query_one(ThreadView).reading_position()
        pane = self.query_one(TicketView).active_pane
        tab.remember_view(tab.shown, ViewState(message_filter, message, below, pane))

    def _draw_tabs(self) -> None:
        self.query_one(TabStrip).show_tabs([tab.title for tab in self.tabs.tabs], self.tabs.index)

    # --- fetching -------------------------------------------------------------------------

    def fetch(self, ticket_id: str) -> None:
        """Open ``ticket_id`` on the active tab, superseding any fetch in flight there."""
        tab = self.tab
        self._save_place(tab)
        tab.visit(ticket_id)
        self._open(tab)

    def _open(self, tab: Tab) -> None:
        """The agent looks at ``tab.requested``: show what is in hand at once, and fetch a fresh copy."""
        ticket_id = tab.requested
        if ticket_id is None:
            return
        tab.error = tab.refresh_error = None
        seen = self.user_data.recent.get(ticket_id)
        tab.baseline = seen.message_count if seen is not None else None
        refreshing = tab.shown == ticket_id  # the ticket on the tab already (not one adopted below)
        if not refreshing:
            kept = self.memory.get(ticket_id)
            if kept is not None:
                self._adopt(tab, ticket_id, *kept)
        tab.stale = tab.shown == ticket_id
        if tab is self.tab:
            self._stop_retry_countdown()
            self.query_one(IdBar).set_value(ticket_id)
            if self.mode == "queue":
                self.set_mode("content")  # a direct jump: the ticket full width, ctrl+o brings the queue back
            if self._queue_pane is not None and self._queue_pane.started:
                self._queue_pane.select_id(ticket_id)
            self._update_walkable()
            if refreshing and self.query_one(ContentSwitcher).current == "ticket":
                self.query_one(TicketView).set_note(self._freshness(tab))  # refreshing what is on screen
            else:
                self._present(tab)
        tab.worker = self.run_worker(
            self._fetch(tab, ticket_id), group=f"fetch-{tab.key}", exclusive=True, exit_on_error=False
        )

    def _adopt(self, tab: Tab, ticket_id: str, ticket: Ticket, fetched_at: datetime) -> None:
        """Make ``ticket`` the tab's ticket (an older copy, from memory or the cache)."""
        tab.ticket, tab.shown, tab.fetched_at, tab.stale = ticket, ticket_id, fetched_at, True
        tab.new_from = self._new_from(tab, ticket)

    def _new_from(self, tab: Tab, ticket: Ticket) -> int | None:
        """Where the NEW marks start: after the messages there were at the agent's last look."""
        if tab.baseline is None:
            tab.baseline = len(ticket.threads)  # a first look: nothing is new, later arrivals will be
        return tab.baseline if tab.baseline < len(ticket.threads) else None

    async def _fetch(self, tab: Tab, ticket_id: str) -> None:
        worker = get_current_worker()
        cache = self.user_data.cache
        try:
            if tab.shown != ticket_id and cache.enabled:
                cached = await asyncio.to_thread(cache.load, ticket_id)
                if cached is not None and tab.worker is worker and tab.shown != ticket_id:
                    self._adopt(tab, ticket_id, cached.ticket, cached.fetched_at)
                    if tab is self.tab:
                        self._stop_retry_countdown()
                        self._present(tab)
            if self.settings.offline:
                if tab.shown != ticket_id:
                    raise NotCached(ticket_id)
                tab.stale = True
                ticket, fetched_at = tab.ticket, tab.fetched_at
            else:
                ticket = await self.client.get_ticket(ticket_id, on_retry=partial(self._on_retry, tab))
                fetched_at = self._clock()
        except asyncio.CancelledError:
            raise
        except Exception as error:  # the client raises TicketViewError; anything else is still shown
            if tab.worker is worker:
                self._fetch_failed(tab, ticket_id, error)
            return
        if tab.worker is worker and tab.requested == ticket_id:
            self._fetched(tab, ticket_id, ticket, fetched_at, fresh=not self.settings.offline)

    def _fetched(self, tab: Tab, ticket_id: str, ticket: Ticket, fetched_at: datetime, *, fresh: bool) -> None:
        """A ticket arrived for ``tab``: keep it, remember it, and show it where the agent was."""
        if tab is self.tab:
            self._stop_retry_countdown()
        before = tab.ticket if tab.shown == ticket_id else None
        if fresh:
            self.memory.put(ticket_id, ticket, fetched_at)
            self.run_worker(
                partial(self._remember, ticket, fetched_at), thread=True, group="remember", exit_on_error=False
            )
        tab.ticket, tab.shown, tab.fetched_at = ticket, ticket_id, fetched_at
        tab.stale = not fresh
        tab.refresh_error = None
        tab.new_from = self._new_from(tab, ticket)
        if tab is not self.tab:
            self._draw_tabs()
            return
        if before is not None and before == ticket and self.query_one(ContentSwitcher).current == "ticket":
            self.query_one(TicketView).set_note(self._freshness(tab))  # nothing changed: keep the screen as it is
            return
        on_screen = before is not None and self.query_one(ContentSwitcher).current == "ticket"
        if on_screen:
            self._save_place(tab)
        self._present(tab, focus=not on_screen or not self._focus_elsewhere())

    def _remember(self, ticket: Ticket, fetched_at: datetime) -> None:
        """Off the UI thread: add the ticket to the recent list and the cache (a few ms to 50 ms on disk)."""
        with self._remembering:  # one at a time: each rewrites the whole recent list
            self.user_data.recent.record(ticket, fetched_at)
            self.user_data.cache.save(ticket, fetched_at)

    def _focus_elsewhere(self) -> bool:
        """True when the agent is typing or in the queue (a refresh must not take the focus)."""
        return self.query_one(IdBar).input.has_focus or self.queue_has_focus()

    def _fetch_failed(self, tab: Tab, ticket_id: str, error: BaseException) -> None:
        if tab is self.tab:
            self._stop_retry_countdown()
        if tab.shown == ticket_id and tab.ticket is not None:
            # An older copy is on screen: keep it, and say why it could not be refreshed.
            reason = error.title if isinstance(error, TicketViewError) else type(error).__name__
            tab.refresh_error = reason.lower()
            if tab is self.tab:
                self.query_one(TicketView).set_note(self._freshness(tab))
                message = error.message if isinstance(error, TicketViewError) else "It failed unexpectedly."
                self.notify(message, title=f"Could not refresh: {reason}", severity="warning", markup=False)
            return
        tab.error = error
        if tab is self.tab:
            self._present(tab)

    def _on_retry(self, tab: Tab, notice: RetryNotice) -> None:
        if tab is not self.tab:
            return
        self._stop_retry_countdown()
        remaining = [max(0, round(notice.wait))]

        def tick() -> None:
            self._notice().update_body(
                f"The server answered: {notice.reason}. Trying again in {remaining[0]} s "
                f"(attempt {notice.attempt} of {notice.attempts}). Press escape to cancel."
            )
            remaining[0] = max(0, remaining[0] - 1)

        if self.query_one(ContentSwitcher).current == "notice":
            tick()
            self._retry_timer = self.set_interval(1, tick)
        else:
            self.notify(f"{notice.reason}: retrying in {remaining[0]} s", markup=False)

    def _stop_retry_countdown(self) -> None:
        if self._retry_timer is not None:
            self._retry_timer.stop()
            self._retry_timer = None

    def _cancel_fetch(self) -> None:
        """Escape while fetching: stop, and stay on (or go back to) the ticket already shown."""
        tab = self.tab
        came_from = tab.came_from[1] if tab.came_from is not None else None
        if tab.shown is not None and tab.shown != tab.requested and came_from == tab.shown:
            tab.undo()  # the history as it was: what was ahead or behind stays there
            tab.worker.cancel()
            self._stop_retry_countdown()
            self.query_one(IdBar).set_value(tab.shown)
            self._present(tab)
            self.notify("Cancelled.", markup=False)
            return
        super()._cancel_fetch()
        if tab.shown == tab.requested and tab.ticket is not None:
            tab.stale = False
            self.query_one(TicketView).set_note(self._freshness(tab))
        self._draw_tabs()

    def action_refresh(self) -> None:
        """Fetch the ticket on screen again (the one being fetched, or the one that failed)."""
        tab = self.tab
        if tab.requested:
            self._open(tab)

    # --- history --------------------------------------------------------------------------

    def action_history(self, direction: int) -> None:
        """Back (-1) or forward (+1) through the tickets this tab has shown."""
        tab = self.tab
        self._save_place(tab)
        if tab.step(direction) is None:
            self.notify("No earlier ticket on this tab." if direction < 0 else "No later ticket on this tab.", timeout=2)
            return
        self._open(tab)

    # --- tabs -----------------------------------------------------------------------------

    def action_new_tab(self) -> None:
        """Open an empty tab and put the cursor in the ID bar."""
        self._save_place(self.tab)
        self._stop_retry_countdown()
        tab = self.tabs.open()
        self._present(tab)
        self.query_one(IdBar).set_value("")
        if self.mode == "queue":
            self.set_mode("content")
        self.query_one(IdBar).focus_and_select()

    def open_in_new_tab(self, ticket_id: str) -> None:
        """Open ``ticket_id`` on a new tab (from the queue or the palette); an empty tab is used as it is."""
        tab = self.tab
        if tab.requested is not None or tab.back or tab.forward:
            self._save_place(tab)
            self._stop_retry_countdown()
            self.tabs.open()
        self.fetch(ticket_id)

    def action_close_tab(self) -> None:
        """Close the active tab (the last one closes to an empty tab)."""
        tab = self.tab
        if len(self.tabs) == 1 and tab.requested is None:
            self.notify("No ticket open to close.", timeout=2)
            return
        for worker in (tab.worker, tab.poll):
            if worker is not None:
                worker.cancel()
        self._stop_retry_countdown()
        self._show_tab(self.tabs.close(tab))

    def action_switch_tab(self, step: int) -> None:
        """The next (+1) or previous (-1) tab, round again."""
        if len(self.tabs) > 1:
            self._save_place(self.tab)
            self._show_tab(self.tabs.select(self.tabs.index + step))

    def action_go_to_tab(self, number: int) -> None:
        """Tab ``number`` (1-based), if there is one."""
        if 1 <= number <= len(self.tabs) and number - 1 != self.tabs.index:
            self._save_place(self.tab)
            self._show_tab(self.tabs.select(number - 1))

    def _show_tab(self, tab: Tab) -> None:
        self._stop_retry_countdown()
        self.query_one(IdBar).set_value(tab.requested or "")
        if self._queue_pane is not None and self._queue_pane.started and tab.requested:
            self._queue_pane.select_id(tab.requested)
        self._update_walkable()
        refresh = self._can_revalidate(tab)
        if refresh:
            tab.stale, tab.refresh_error = True, None  # the header says so while the fresh copy loads
        self._present(tab)
        if refresh:
            tab.worker = self.run_worker(
                self._fetch(tab, tab.shown), group=f"fetch-{tab.key}", exclusive=True, exit_on_error=False
            )
        if tab.requested is None:
            self.query_one(IdBar).focus_and_select()

    def _can_revalidate(self, tab: Tab) -> bool:
        """Whether to fetch a fresh copy of the ticket ``tab`` shows (none in flight, and online)."""
        busy = any(worker is not None and not worker.is_finished for worker in (tab.worker, tab.poll))
        return not busy and not self.settings.offline and tab.shown is not None and tab.shown == tab.requested
