"""The pure decisions behind tabs, history and what stands where the ticket would be: no App needed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from app.core.api.models import Ticket
from app.core.browsing.notices import error_notice, loading_notice, recent_choices, start_notice
from app.core.browsing.tabs import Tab, TabSet, TicketMemory
from app.core.errors import InvalidResponse, TicketNotFound

NOW = datetime(2024, 11, 24, 12, 0, tzinfo=UTC)


def ticket(ticket_id: str, messages: int = 2, title: str = "A ticket") -> Ticket:
    threads = [{"author": "c", "message": f"m{n}", "type": "user"} for n in range(messages)]
    return Ticket.model_validate({"_id": ticket_id, "title": title, "threads": threads})


@dataclass
class FakeJob:
    """Stands for the TUI's worker: running until finished or cancelled."""

    is_running: bool = True
    cancelled: bool = False

    @property
    def is_finished(self) -> bool:
        return not self.is_running

    def cancel(self) -> None:
        self.cancelled, self.is_running = True, False


def shown(tab: Tab, ticket_id: str, messages: int = 2) -> Tab:
    """``tab`` showing ``ticket_id`` fresh from the server."""
    tab.visit(ticket_id)
    tab.ticket, tab.shown, tab.fetched_at = ticket(ticket_id, messages), ticket_id, NOW
    return tab


# --- history ---------------------------------------------------------------------------------


def test_a_cancelled_visit_restores_the_history_exactly() -> None:
    tab = shown(Tab(1), "A")
    shown(tab, "B")
    tab.step(-1)  # back on A, B ahead
    tab.ticket, tab.shown = ticket("A"), "A"
    tab.visit("C")  # drops B from ahead, A behind
    tab.cancel_visit()
    assert (tab.back, tab.requested, tab.forward) == ([], "A", ["B"])


def test_a_cancelled_step_keeps_the_ticket_ahead() -> None:
    tab = shown(Tab(1), "A")
    shown(tab, "B")
    tab.step(-1)  # to A, not yet shown: B is still on screen
    tab.cancel_visit()
    assert (tab.back, tab.requested, tab.forward) == (["A"], "B", [])


def test_cancelling_after_a_failed_visit_goes_back_to_the_ticket_on_screen() -> None:
    tab = shown(Tab(1), "A")
    tab.visit("MISSING")  # failed: A still on screen
    tab.visit("B")  # its fetch is then cancelled
    tab.cancel_visit()
    assert (tab.back, tab.requested, tab.forward) == (["A", "MISSING"], "A", [])
    assert tab.showing_ticket


def test_cancelling_a_visit_to_the_ticket_behind_leaves_no_second_copy_of_it() -> None:
    tab = shown(Tab(1), "A")
    shown(tab, "B")
    tab.came_from = None  # the last visit was already taken back once
    tab.ticket, tab.shown = ticket("A"), "A"  # A on screen again, B asked for
    tab.cancel_visit()
    assert (tab.back, tab.requested) == ([], "A")


def test_a_cancelled_first_visit_leaves_an_empty_tab() -> None:
    tab = Tab(1)
    tab.visit("A")
    tab.cancel_visit()
    assert tab.requested is None and not tab.back and not tab.showing_ticket


def test_history_is_bounded() -> None:
    tab = Tab(1)
    for number in range(150):
        tab.visit(f"T{number}")
    assert len(tab.back) == 100 and tab.back[-1] == "T148"


# --- what escape cancels and what a switch refreshes ------------------------------------------------


def test_escape_cancels_only_a_fetch_the_agent_waits_for() -> None:
    tab = shown(Tab(1), "A")
    tab.worker = FakeJob()
    assert tab.waiting_fetch() is None  # a refresh of what is on screen: nothing to wait for
    tab.visit("B")
    assert tab.waiting_fetch() is tab.worker
    tab.worker.cancel()
    assert tab.waiting_fetch() is None


def test_a_tab_is_busy_while_its_fetch_or_poll_runs() -> None:
    tab = shown(Tab(1), "A")
    assert not tab.busy()
    tab.poll = FakeJob()
    assert tab.busy()
    tab.poll.cancel()
    assert not tab.busy()


# --- NEW marks and the freshness note ---------------------------------------------------------------


def test_new_marks_start_after_what_the_agent_saw() -> None:
    tab = Tab(1)
    assert tab.mark_new(ticket("A", 3)) is None and tab.baseline == 3  # a first look: nothing is new
    assert tab.mark_new(ticket("A", 5)) == 3
    tab.baseline = 5
    assert tab.mark_new(ticket("A", 5)) is None


def test_the_freshness_note_says_how_old_a_copy_is_and_why() -> None:
    tab = shown(Tab(1), "A")
    tab.fetched_at = NOW - timedelta(minutes=12)
    assert tab.freshness(NOW, offline=False, watching="watching every 60 s") == "watching every 60 s"
    tab.stale = True
    assert tab.freshness(NOW, offline=False) == "copy from 12m ago · refreshing…"
    assert tab.freshness(NOW, offline=True) == "offline · copy from 12m ago"
    tab.refresh_error = "server error"
    assert tab.freshness(NOW, offline=False) == "copy from 12m ago · could not refresh: server error"
    tab.fetched_at = NOW + timedelta(minutes=5)  # a clock that went back: never a negative age
    assert tab.freshness(NOW, offline=False).startswith("copy from just now")


# --- tabs and memory ---------------------------------------------------------------------------------


def test_closing_the_last_tab_leaves_an_empty_one() -> None:
    tabs = TabSet()
    second = tabs.open()
    assert tabs.index == 1 and tabs.active is second
    assert tabs.close(second) is tabs.tabs[0]
    last = tabs.close(tabs.active)
    assert len(tabs) == 1 and last.requested is None


def test_memory_keeps_the_most_recently_used() -> None:
    memory = TicketMemory(limit=2)
    for name in ("A", "B"):
        memory.put(name, ticket(name), NOW)
    memory.get("A")
    memory.put("C", ticket("C"), NOW)
    assert memory.get("B") is None and memory.get("A") is not None and memory.get("C") is not None


# --- notices ----------------------------------------------------------------------------------------


@dataclass
class Recent:
    id: str
    title: str
    status: str | None


def test_the_start_notice_fits_each_mode() -> None:
    recent = [Recent("T-1", "Printer on fire", "open"), Recent("T-2", "", None)]
    assert start_notice("no token", []).title == "No API token is set"
    assert "export VERIFIK_TOKEN" in start_notice("no token", []).hint
    offline = start_notice("offline", recent)
    assert offline.title == "Offline" and offline.body.endswith("Recent tickets:")
    assert start_notice("offline", []).body.endswith("No ticket has been cached yet.")
    demo = start_notice("demo", recent, [("T-1", "sample"), ("T-9", "another sample")])
    assert [ticket_id for ticket_id, _ in demo.choices] == ["T-1", "T-2", "T-9"]  # no sample twice
    online = start_notice("online", recent)
    assert online.title == "Look up a ticket" and online.body.endswith("Or open a recent one:")
    assert "ctrl+n to open a new ticket" in online.hint  # the form is reachable from the start screen's words
    assert online.choices[1][0] == "T-2" and online.choices[1][1].endswith("· (untitled ticket)")


def test_recent_choices_are_bounded_and_say_the_status_in_words() -> None:
    recent = [Recent(f"T-{n}", f"Ticket {n}", "in_progress") for n in range(20)]
    choices = recent_choices(recent)
    assert len(choices) == 9 and "In progress" in choices[0][1]


def test_error_notices_say_what_happened_and_what_to_do() -> None:
    missing = error_notice(TicketNotFound("T-404"), "T-404")
    assert missing.kind == "error" and "T-404" in missing.body
    odd = error_notice(InvalidResponse("The server sent something else.", excerpt="<html>"), "T-1")
    assert odd.body.endswith("It began: <html>")
    crash = error_notice(KeyError("x"), "T-\x1b]0;evil\x07")
    assert "KeyError" in crash.body and "\x1b" not in crash.body and crash.hint == "Press r to try again."
    assert (
        loading_notice("T-\x1b[31m").title.startswith("Loading T-") and "\x1b" not in loading_notice("T-\x1b[31m").title
    )
