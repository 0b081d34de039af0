"""Watching: the open tickets are polled, messages that arrived since the agent looked are marked NEW,
and a new message is announced (with the bell, if asked for).

A FaultServer on 127.0.0.1 serves a ticket whose conversation the test grows between polls. The
poll is driven by calling ``app.main.watcher.poll_all()`` (what the watch timer calls), or by a tiny watch
interval, and the test waits on the condition it expects, never on a sleep.
"""

from __future__ import annotations

from textual.widgets import Input

from tests.fault_server import FaultServer, Recorded, Reply, fault_server_fixture  # noqa: F401
from tests.helpers import open_ticket, settle, wait_until
from tests.tab_helpers import (
    TICKET_PATH,
    disk_user_data,
    found,
    header_text,
    serve,
    shown_title,
    tab_app,
    ticket,
)
from widgets.conversation.message_painter import NEW_TAG

BRAVO = ticket("T-bravo", "Bravo: refund", messages=2)


class Growing:
    """A ticket whose conversation grows when the test says so (or fails, when it says that)."""

    def __init__(self, server: FaultServer, ticket_id: str, title: str, messages: int = 2) -> None:
        self.ticket_id, self.title, self.messages = ticket_id, title, messages
        self.failing = False
        server.route(TICKET_PATH + ticket_id, self)

    def __call__(self, request: Recorded) -> Reply:
        if self.failing:
            return Reply(503, {"error": "down"})
        return found(ticket(self.ticket_id, self.title, messages=self.messages))


def heads(app) -> list[str]:
    """The first line of each message as drawn (the speaker line, with any NEW tag)."""
    thread = app.main.thread_view
    return [thread.message_lines(i)[0] for i in range(thread.message_count)]


def notes(app) -> list[tuple[str, str]]:
    return [(notification.title, notification.message) for notification in app._notifications]


async def test_a_poll_marks_the_new_message_and_says_so(fault_server: FaultServer) -> None:
    alpha = Growing(fault_server, "T-alpha", "Alpha: cannot log in")
    app = tab_app(fault_server.url)
    rings: list[int] = []
    app.bell = lambda: rings.append(1)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, "T-alpha")
        assert app.main.thread_view.message_count == 2
        assert not any(NEW_TAG.strip() in head for head in heads(app))  # a first look: nothing is new

        app.main.watcher.poll_all()  # nothing arrived: nothing said
        await settle(pilot)
        assert app.main.thread_view.message_count == 2 and not notes(app)

        alpha.messages = 3
        app.main.watcher.poll_all()
        await wait_until(pilot, lambda: app.main.thread_view.message_count == 3)
        await pilot.pause()
        first, second, third = heads(app)
        assert NEW_TAG.strip() not in first and NEW_TAG.strip() not in second
        assert f"{NEW_TAG} Client · client_1" in third  # the tag, in words, before the speaker
        assert ("New message", "1 new message in Alpha: cannot log in") in notes(app)
        assert rings == []  # no bell unless asked for
        assert app.focused is app.main.thread_view  # the poll took nothing from the agent

        alpha.messages = 5
        app.main.watcher.poll_all()
        await wait_until(pilot, lambda: app.main.thread_view.message_count == 5)
        await pilot.pause()
        assert [("NEW" in head) for head in heads(app)] == [False, False, True, True, True]
        assert ("New messages", "2 new messages in Alpha: cannot log in") in notes(app)


async def test_the_bell_rings_when_asked_for(fault_server: FaultServer) -> None:
    alpha = Growing(fault_server, "T-alpha", "Alpha: cannot log in")
    app = tab_app(fault_server.url, bell=True)
    rings: list[int] = []
    app.bell = lambda: rings.append(1)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, "T-alpha")
        app.main.watcher.poll_all()
        await settle(pilot)
        assert rings == []  # nothing new: silence
        alpha.messages = 3
        app.main.watcher.poll_all()
        await wait_until(pilot, lambda: rings == [1])
        assert app.main.thread_view.message_count == 3


async def test_watch_interval_polls_by_itself(fault_server: FaultServer) -> None:
    alpha = Growing(fault_server, "T-alpha", "Alpha: cannot log in")
    app = tab_app(fault_server.url, watch=0.05)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, "T-alpha")
        assert "watching every 0.05 s" in header_text(app)
        hits = len(fault_server.hits(TICKET_PATH + "T-alpha"))
        await wait_until(pilot, lambda: len(fault_server.hits(TICKET_PATH + "T-alpha")) >= hits + 2)
        alpha.messages = 3
        await wait_until(pilot, lambda: app.main.thread_view.message_count == 3)
        await pilot.pause()
        assert "NEW" in heads(app)[2]
        assert ("New message", "1 new message in Alpha: cannot log in") in notes(app)
        assert "watching every 0.05 s" in header_text(app)

        await pilot.press("w")  # stop
        assert "watching" not in header_text(app)
        assert "Stopped watching." in [message for _, message in notes(app)]
        assert not app.main.watcher.watching


async def test_w_turns_watching_on_and_off(fault_server: FaultServer) -> None:
    Growing(fault_server, "T-alpha", "Alpha: cannot log in")
    app = tab_app(fault_server.url)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, "T-alpha")
        assert "watching" not in header_text(app)
        await pilot.press("w")
        assert "watching every 60 s" in header_text(app)
        assert "Watching the open tickets: refreshed every 60 s." in [message for _, message in notes(app)]
        await pilot.press("w")
        assert "watching" not in header_text(app)
        await pilot.press("slash", "w")  # typed in the ID bar, w is a letter
        assert app.query_one("#id-input", Input).value == "w"
        assert "watching" not in header_text(app)


async def test_a_poll_of_a_tab_behind_never_shows_on_the_tab_in_front(fault_server: FaultServer) -> None:
    alpha = Growing(fault_server, "T-alpha", "Alpha: cannot log in")
    serve(fault_server, BRAVO)
    app = tab_app(fault_server.url)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, "T-alpha")
        await pilot.press("ctrl+t")
        await open_ticket(pilot, "T-bravo")
        alpha.messages = 4
        app.main.watcher.poll_all()
        behind = app.main.tickets.tabs.tabs[0]
        await wait_until(pilot, lambda: len(behind.ticket.threads) == 4)
        await settle(pilot)
        assert shown_title(app).startswith("Bravo") and app.main.thread_view.message_count == 2
        assert ("New messages", "2 new messages in Alpha: cannot log in") in notes(app)

        await pilot.press("alt+1")  # the tab behind shows what arrived, marked NEW
        assert shown_title(app).startswith("Alpha")
        assert [("NEW" in head) for head in heads(app)] == [False, False, True, True]
        await settle(pilot)  # its refresh on switching keeps the marks
        assert [("NEW" in head) for head in heads(app)] == [False, False, True, True]


async def test_a_poll_never_takes_the_focus_from_the_id_bar(fault_server: FaultServer) -> None:
    alpha = Growing(fault_server, "T-alpha", "Alpha: cannot log in")
    app = tab_app(fault_server.url)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, "T-alpha")
        await pilot.press("slash", "x", "y")
        alpha.messages = 3
        app.main.watcher.poll_all()
        await wait_until(pilot, lambda: app.main.thread_view.message_count == 3)
        await pilot.pause()
        id_input = app.query_one("#id-input", Input)
        assert app.focused is id_input and id_input.value == "xy"


async def test_a_failed_poll_keeps_the_ticket_and_says_so(fault_server: FaultServer) -> None:
    alpha = Growing(fault_server, "T-alpha", "Alpha: cannot log in")
    app = tab_app(fault_server.url)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, "T-alpha")
        alpha.failing = True
        app.main.watcher.poll_all()
        await settle(pilot)
        assert shown_title(app).startswith("Alpha") and app.main.thread_view.message_count == 2
        assert "could not refresh: server error" in header_text(app)
        alpha.failing = False
        alpha.messages = 3
        app.main.watcher.poll_all()
        await settle(pilot)
        assert app.main.thread_view.message_count == 3
        assert "could not refresh" not in header_text(app)


async def test_messages_that_arrived_since_the_last_run_are_new(fault_server: FaultServer, tmp_path) -> None:
    alpha = Growing(fault_server, "T-alpha", "Alpha: cannot log in")
    first = tab_app(fault_server.url, user_data=disk_user_data(tmp_path, fault_server.url))
    async with first.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, "T-alpha")
    alpha.messages = 4
    second = tab_app(fault_server.url, user_data=disk_user_data(tmp_path, fault_server.url))
    async with second.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, "T-alpha")
        assert second.main.thread_view.message_count == 4
        assert [("NEW" in head) for head in heads(second)] == [False, False, True, True]


async def test_offline_never_polls(fault_server: FaultServer, tmp_path) -> None:
    Growing(fault_server, "T-alpha", "Alpha: cannot log in")
    first = tab_app(fault_server.url, user_data=disk_user_data(tmp_path, fault_server.url))
    async with first.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, "T-alpha")
    asked = len(fault_server.requests)
    app = tab_app(fault_server.url, user_data=disk_user_data(tmp_path, fault_server.url), offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, "T-alpha")
        app.main.watcher.poll_all()
        await settle(pilot)
        assert app.main.thread_view.message_count == 2
    assert len(fault_server.requests) == asked
