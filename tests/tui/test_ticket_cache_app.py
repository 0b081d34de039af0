"""The ticket cache as an agent meets it: stale-while-revalidate, refresh failures, --offline, --no-cache.

Two app runs share user data kept in files under tmp_path (or the XDG folders ``UserData.for_user``
reads, pointed at tmp_path), against a FaultServer on 127.0.0.1 that can hold or fail its answers.
"""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from pathlib import Path

import pytest

from app.cli import main
from app.core.config.settings import SettingsError, load_settings
from app.core.storage.user_data import UserData
from tests.fault_server import FaultServer, Reply, fault_server_fixture  # noqa: F401
from tests.helpers import FIXED_NOW, open_ticket, settle, wait_until
from tests.tab_helpers import (
    TICKET_PATH,
    TOKEN,
    choice_texts,
    disk_user_data,
    gate,
    header_text,
    notice_text,
    screen,
    serve,
    shown_title,
    tab_app,
    tab_settled,
    ticket,
)
from widgets.conversation.thread_view import ThreadView

ALPHA = ticket("T-alpha", "Alpha: cannot log in", messages=3, status="in_progress")
BRAVO = ticket("T-bravo", "Bravo: refund", messages=2, status="pending")
LATER = FIXED_NOW + timedelta(minutes=5)


async def first_run(url: str, user_data: UserData, *ticket_ids: str) -> None:
    """A run of the app that looks at ``ticket_ids`` (so they are cached and recent), at FIXED_NOW."""
    app = tab_app(url, user_data=user_data)
    async with app.run_test(size=(120, 40)) as pilot:
        for ticket_id in ticket_ids:
            await open_ticket(pilot, ticket_id)
            assert app.ticket is not None and app.ticket.id == ticket_id


async def test_a_ticket_seen_before_shows_at_once_from_the_cache_while_the_fresh_copy_loads(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    serve(fault_server, ALPHA)
    await first_run(fault_server.url, disk_user_data(tmp_path, fault_server.url), "T-alpha")

    fresh = dict(ALPHA, title="Alpha: cannot log in (escalated)")
    held = gate(fault_server, fresh)
    app = tab_app(fault_server.url, user_data=disk_user_data(tmp_path, fault_server.url), clock=lambda: LATER)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, "T-alpha", wait=False)
        await wait_until(pilot, lambda: screen(app) == "ticket")
        assert shown_title(app) == "Alpha: cannot log in  T-alpha"  # the cached copy
        assert "copy from 5m ago · refreshing…" in header_text(app)
        assert app.focused is app.query_one(ThreadView)  # the agent can read it at once

        await wait_until(pilot, held.arrived.is_set)
        held.release()
        await tab_settled(pilot)
        assert shown_title(app) == "Alpha: cannot log in (escalated)  T-alpha"
        assert "copy from" not in header_text(app) and "refreshing" not in header_text(app)
        await settle(pilot)
    # The fresh copy replaced the cached one on disk.
    again = disk_user_data(tmp_path, fault_server.url).cache.load("T-alpha")
    assert again is not None and again.ticket.title == "Alpha: cannot log in (escalated)"
    assert again.fetched_at == LATER


async def test_when_the_refresh_fails_the_cached_copy_stays_and_says_why(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    serve(fault_server, ALPHA)
    await first_run(fault_server.url, disk_user_data(tmp_path, fault_server.url), "T-alpha")

    fault_server.route(TICKET_PATH + "T-alpha", Reply(500, {"error": "boom"}))
    app = tab_app(fault_server.url, user_data=disk_user_data(tmp_path, fault_server.url), clock=lambda: LATER)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, "T-alpha")
        assert screen(app) == "ticket" and shown_title(app) == "Alpha: cannot log in  T-alpha"
        header = header_text(app)
        assert "copy from 5m ago · could not refresh: server error" in header
        assert "refreshing" not in header
        warnings = [n for n in app._notifications if n.severity == "warning"]
        assert warnings and warnings[-1].title == "Could not refresh: Server error"
        assert len(fault_server.hits(TICKET_PATH + "T-alpha")) >= 2  # it retried before giving up

        # r tries again; once the server is back, the note goes.
        serve(fault_server, ALPHA)
        await pilot.press("r")
        await settle(pilot)
        assert "copy from" not in header_text(app) and "could not refresh" not in header_text(app)


async def test_a_ticket_never_seen_still_says_what_went_wrong(fault_server: FaultServer, tmp_path: Path) -> None:
    fault_server.route(TICKET_PATH + "T-alpha", Reply(500, {"error": "boom"}))
    app = tab_app(fault_server.url, user_data=disk_user_data(tmp_path, fault_server.url))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, "T-alpha")
        assert screen(app) == "notice" and "server" in notice_text(app).lower()


async def test_offline_shows_only_cached_tickets_and_asks_no_server(fault_server: FaultServer, tmp_path: Path) -> None:
    serve(fault_server, ALPHA, BRAVO)
    await first_run(fault_server.url, disk_user_data(tmp_path, fault_server.url), "T-alpha")
    asked = len(fault_server.requests)

    app = tab_app(
        fault_server.url, user_data=disk_user_data(tmp_path, fault_server.url), offline=True, clock=lambda: LATER
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "Offline" in notice_text(app) and "Recent tickets" in notice_text(app)
        assert choice_texts(app)[0].startswith("T-alpha")
        assert "offline" in str(app.query_one("#id-bar-mode").render())

        await open_ticket(pilot, "T-alpha")
        assert shown_title(app) == "Alpha: cannot log in  T-alpha"
        assert "offline · copy from 5m ago" in header_text(app)
        assert "refreshing" not in header_text(app)

        await open_ticket(pilot, "T-bravo")  # served online, but never fetched on this machine
        assert screen(app) == "notice"
        text = notice_text(app)
        assert "Not available offline" in text and "T-bravo" in text and "without --offline" in text

        await pilot.press("alt+left")  # back to the cached one, still without the network
        await settle(pilot)
        assert shown_title(app) == "Alpha: cannot log in  T-alpha"
        await pilot.press("r")
        await settle(pilot)
        assert "offline · copy from 5m ago" in header_text(app)
        await pilot.press("ctrl+t")
        await open_ticket(pilot, "T-alpha")
        await pilot.press("alt+1")
        await settle(pilot)
        assert shown_title(app) == "Alpha: cannot log in  T-alpha"
    assert len(fault_server.requests) == asked  # not one request


async def test_the_cache_files_hold_no_token(fault_server: FaultServer, tmp_path: Path) -> None:
    serve(fault_server, ALPHA, BRAVO)
    user_data = disk_user_data(tmp_path, fault_server.url)
    await first_run(fault_server.url, user_data, "T-alpha", "T-bravo")
    assert fault_server.requests[0].authorization == f"Bearer {TOKEN}"  # the token was in use

    files = [path for path in tmp_path.rglob("*") if path.is_file()]
    cached = [path for path in files if path.suffix == ".ticket"]
    assert len(cached) == 2 and any(path.name == "recent.json" for path in files)
    for path in files:
        data = path.read_bytes()
        assert TOKEN.encode() not in data, path
        assert b"Bearer" not in data and b"authorization" not in data.lower(), path
        assert path.stat().st_mode & 0o077 == 0, path  # readable by the agent alone
    # Nor are IDs used as file names: a cache file is named by a digest.
    assert all("T-alpha" not in path.name and "T-bravo" not in path.name for path in cached)
    header = json.loads(cached[0].read_bytes().split(b"\n", 1)[0])
    assert header["format"] == "ticketview-cache" and set(header) == {"format", "version", "id", "fetched_at", "digest"}
    assert len(header["digest"]) == 32 and int(header["digest"], 16) >= 0  # of the body: it names no token either


async def test_no_cache_keeps_no_copy_on_disk(fault_server: FaultServer, tmp_path: Path) -> None:
    serve(fault_server, ALPHA)
    await first_run(fault_server.url, disk_user_data(tmp_path, fault_server.url, cache=False), "T-alpha")
    assert not list(tmp_path.rglob("*.ticket"))
    assert (tmp_path / "data" / "recent.json").exists()  # recent tickets are still remembered

    held = gate(fault_server, ALPHA)
    app = tab_app(fault_server.url, user_data=disk_user_data(tmp_path, fault_server.url, cache=False), cache=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, "T-alpha", wait=False)
        await wait_until(pilot, held.arrived.is_set)
        assert screen(app) == "notice" and "Loading T-alpha" in notice_text(app)  # nothing to show meanwhile
        held.release()
        await settle(pilot)
        assert shown_title(app) == "Alpha: cannot log in  T-alpha"


def test_cache_off_by_env_and_flag(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TICKETVIEW_CACHE", "0")
    settings = load_settings(base_url="http://127.0.0.1:9", download_dir=None, demo=True)
    assert settings.cache is False
    monkeypatch.delenv("TICKETVIEW_CACHE")
    assert load_settings(base_url="http://127.0.0.1:9", download_dir=None, demo=True).cache is True
    assert load_settings(base_url="http://127.0.0.1:9", download_dir=None, demo=True, cache=False).cache is False
    with pytest.raises(SettingsError):
        load_settings(base_url="http://127.0.0.1:9", download_dir=None, demo=True, cache=False, offline=True)


def test_cli_offline_json_prints_the_cached_copy_and_exits_4_when_not_cached(
    fault_server: FaultServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, folder in (("XDG_DATA_HOME", "data"), ("XDG_CACHE_HOME", "cache")):
        monkeypatch.setenv(name, str(tmp_path / folder))
    monkeypatch.setenv("VERIFIK_TOKEN", TOKEN)
    serve(fault_server, ALPHA)
    # What `ticketview --base-url URL` keeps for this user: the same folders the command reads.
    asyncio.run(first_run(fault_server.url, UserData.for_user(fault_server.url), "T-alpha"))
    fault_server.route(TICKET_PATH + "T-alpha", Reply(500))  # were it asked, it would fail
    asked = len(fault_server.requests)

    code = main(["T-alpha", "--offline", "--json", "--base-url", fault_server.url])
    out, err = capsys.readouterr()
    assert code == 0, err
    printed = json.loads(out)
    assert printed["_id"] == "T-alpha" and printed["title"] == "Alpha: cannot log in"
    assert len(printed["threads"]) == 3

    code = main(["T-bravo", "--offline", "--json", "--base-url", fault_server.url])
    out, err = capsys.readouterr()
    assert code == 4 and out == ""
    assert "Not available offline" in err and "T-bravo" in err
    assert TOKEN not in err

    code = main(["T-alpha", "--offline", "--json", "--base-url", fault_server.url, "--no-cache"])
    assert code == 2  # offline needs the cache
    # Another API's cache is its own: the same ID is not cached for it.
    code = main(["T-alpha", "--offline", "--json", "--base-url", "http://127.0.0.1:9"])
    assert code == 4
    capsys.readouterr()
    assert len(fault_server.requests) == asked


async def test_a_fresh_copy_equal_to_the_cached_one_is_dropped_so_memory_holds_one(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    serve(fault_server, ALPHA)
    await first_run(fault_server.url, disk_user_data(tmp_path, fault_server.url), "T-alpha")

    held = gate(fault_server, ALPHA)  # the same ticket again
    app = tab_app(fault_server.url, user_data=disk_user_data(tmp_path, fault_server.url), clock=lambda: LATER)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, "T-alpha", wait=False)
        await wait_until(pilot, lambda: screen(app) == "ticket")
        cached = app.ticket
        await wait_until(pilot, held.arrived.is_set)
        held.release()
        await tab_settled(pilot)
        assert "copy from" not in header_text(app)  # the fresh copy was taken...
        assert app.ticket is cached  # ...and, being equal, the copy on screen stands for it
        await settle(pilot)
