"""Recent tickets: remembered across runs (bounded, with title and status), suggested by the ID bar
as the agent types, and listed on the start screen.

Two app runs share user data in files under tmp_path, or in XDG folders under tmp_path through
``UserData.for_user``, as the command makes it; the tickets come from a FaultServer on 127.0.0.1.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from app.core.storage.user_data import Preferences, RecentTickets, TicketCache, UserData
from tests.fault_server import FaultServer, fault_server_fixture  # noqa: F401
from tests.helpers import open_ticket, settle, wait_until
from tests.tab_helpers import (
    choice_texts,
    disk_user_data,
    notice_text,
    screen,
    serve,
    shown_title,
    tab_app,
    ticket,
)
from widgets.shell.id_bar import RecentSuggester

ALPHA = ticket("T-alpha", "Alpha: cannot log in", messages=3, status="in_progress")
BRAVO = ticket("T-bravo", "Bravo: refund", messages=2, status="pending")
BRAVADO = ticket("T-bravado", "Bravado: invoices", messages=1, status="resolved")


async def look_at(url: str, user_data: UserData, *ticket_ids: str) -> None:
    """A run of the app in which the agent looks at ``ticket_ids``, in that order."""
    app = tab_app(url, user_data=user_data)
    async with app.run_test(size=(120, 40)) as pilot:
        for ticket_id in ticket_ids:
            await open_ticket(pilot, ticket_id)
            assert app.ticket is not None and app.ticket.id == ticket_id


def for_user_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scope: str) -> UserData:
    """``UserData.for_user`` with the XDG folders under ``tmp_path`` (as platformdirs finds them on Linux)."""
    for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    return UserData.for_user(scope)


async def test_the_start_screen_lists_recent_tickets_with_their_status_in_words(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    serve(fault_server, ALPHA, BRAVO)
    await look_at(fault_server.url, disk_user_data(tmp_path, fault_server.url), "T-alpha", "T-bravo")

    # Without a token the app opens on its start screen (no queue), the recent tickets listed.
    app = tab_app(fault_server.url, token=None, user_data=disk_user_data(tmp_path, fault_server.url))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert screen(app) == "notice" and "No API token is set" in notice_text(app)
        choices = choice_texts(app)
        assert len(choices) == 2
        assert choices[0].startswith("T-bravo") and "Pending" in choices[0] and "Bravo: refund" in choices[0]
        assert choices[1].startswith("T-alpha") and "In progress" in choices[1] and "Alpha: cannot log in" in choices[1]


async def test_a_new_tab_lists_recent_tickets_and_opens_the_one_chosen(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    serve(fault_server, ALPHA, BRAVO)
    await look_at(fault_server.url, disk_user_data(tmp_path, fault_server.url), "T-alpha", "T-bravo")

    app = tab_app(fault_server.url, user_data=disk_user_data(tmp_path, fault_server.url))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+t")
        assert screen(app) == "notice" and "Or open a recent one" in notice_text(app)
        assert [text.split()[0] for text in choice_texts(app)] == ["T-bravo", "T-alpha"]
        await pilot.press("tab")  # from the ID bar to the list
        assert app.focused is app.query_one("#notice-choices")
        await pilot.press("down", "enter")
        await settle(pilot)
        assert shown_title(app) == "Alpha: cannot log in  T-alpha"


async def test_the_id_bar_suggests_a_recent_ticket_as_the_agent_types(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    serve(fault_server, ALPHA, BRAVO, BRAVADO)
    await look_at(fault_server.url, disk_user_data(tmp_path, fault_server.url), "T-bravo", "T-alpha", "T-bravado")

    app = tab_app(fault_server.url, user_data=disk_user_data(tmp_path, fault_server.url))
    async with app.run_test(size=(120, 40)) as pilot:
        id_input = app.query_one("#id-input", Input)
        await pilot.press("ctrl+l", "T", "-", "b")  # the ID bar, its text selected: typing replaces it
        # The most recent match first: T-bravado was looked at after T-bravo.
        await wait_until(pilot, lambda: id_input._suggestion == "T-bravado")
        await pilot.press("r", "a", "v", "o")
        await wait_until(pilot, lambda: id_input._suggestion == "")  # T-bravo is whole: nothing to add
        await pilot.press("backspace", "a")
        await wait_until(pilot, lambda: id_input._suggestion == "T-bravado")
        await pilot.press("right")  # takes the suggestion
        assert id_input.value == "T-bravado"
        await pilot.press("enter")
        await settle(pilot)
        assert shown_title(app) == "Bravado: invoices  T-bravado"

        await pilot.press("slash", "x")
        await pilot.pause()
        assert id_input._suggestion == ""  # nothing recent starts with x


async def test_the_suggester_completes_a_prefix_to_the_newest_match() -> None:
    ids = ["T-bravado", "T-bravo", "T-alpha"]
    suggester = RecentSuggester(lambda: ids)
    assert await suggester.get_suggestion("T-b") == "T-bravado"
    assert await suggester.get_suggestion("T-bravo") is None  # already whole
    assert await suggester.get_suggestion("T-a") == "T-alpha"
    assert await suggester.get_suggestion("t-a") is None  # IDs are case-sensitive
    assert await suggester.get_suggestion("") is None
    ids.insert(0, "T-bz")  # it reads the list each time, so a ticket just viewed is suggested
    assert await suggester.get_suggestion("T-b") == "T-bz"


async def test_recent_tickets_persist_between_runs_through_the_users_folders(
    fault_server: FaultServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serve(fault_server, ALPHA, BRAVO)
    await look_at(fault_server.url, for_user_in(tmp_path, monkeypatch, fault_server.url), "T-alpha", "T-bravo")
    stored = list((tmp_path / "xdg_data_home" / "ticketview").rglob("*.json"))
    assert stored, "the recent list is written under XDG_DATA_HOME/ticketview"

    again = for_user_in(tmp_path, monkeypatch, fault_server.url)
    entries = again.recent.entries
    assert [(e.id, e.title, e.status, e.message_count) for e in entries] == [
        ("T-bravo", "Bravo: refund", "pending", 2),
        ("T-alpha", "Alpha: cannot log in", "in_progress", 3),
    ]
    app = tab_app(fault_server.url, token=None, user_data=again)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert [text.split()[0] for text in choice_texts(app)] == ["T-bravo", "T-alpha"]
        assert [entry.id for entry in app.recent_entries()] == ["T-bravo", "T-alpha"]

    # Another API keeps its own list: its IDs are not this one's.
    assert for_user_in(tmp_path, monkeypatch, "https://other.example").recent.entries == []


async def test_looking_again_moves_a_ticket_to_the_front_and_the_list_is_bounded(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    serve(fault_server, ALPHA, BRAVO, BRAVADO)
    path = tmp_path / "recent.json"

    def bounded() -> UserData:
        return UserData(RecentTickets(path, limit=2), TicketCache(None, ""), Preferences())

    await look_at(fault_server.url, bounded(), "T-alpha", "T-bravo", "T-bravado", "T-bravo")
    assert [entry.id for entry in bounded().recent.entries] == ["T-bravo", "T-bravado"]
    assert len(RecentTickets(path).entries) == 2  # the file itself holds no more


async def test_an_updated_status_is_remembered(fault_server: FaultServer, tmp_path: Path) -> None:
    serve(fault_server, BRAVO)
    await look_at(fault_server.url, disk_user_data(tmp_path, fault_server.url), "T-bravo")
    serve(fault_server, dict(BRAVO, status="resolved", title="Bravo: refund (done)"))
    await look_at(fault_server.url, disk_user_data(tmp_path, fault_server.url), "T-bravo")
    entry = disk_user_data(tmp_path, fault_server.url).recent.get("T-bravo")
    assert entry is not None and entry.status == "resolved" and entry.title == "Bravo: refund (done)"
