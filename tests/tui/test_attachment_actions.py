"""Acting on attachments: several downloads at once, cancel, progress, copy, open, footer keys.

Real servers on 127.0.0.1: the demo API, and the fault server for slow or stalled files.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest
from textual.widgets import ProgressBar

from app.core.attachments.desktop import has_display, open_with_system, opener_command, pasteable
from app.demo.samples import ATTACHMENTS_ID, EXAMPLE_ID
from tests.fault_server import FaultServer, Reply, clear_proxy_env, fault_server_fixture  # noqa: F401
from tests.helpers import FILES_TICKET_ID, make_app, open_ticket, serve_files, settle, wait_until
from widgets.attachments.attachment_viewer import AttachmentViewer
from widgets.attachments.attachments_pane import AttachmentList
from widgets.attachments.download_row import DownloadRow

KIB = 1024


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_proxy_env(monkeypatch)


def _rows(app) -> list[DownloadRow]:
    return list(app.query(DownloadRow))


def _status(row: DownloadRow) -> str:
    return str(row.query_one(".download-status").render())


def _keys(app) -> set[str]:
    """The keys the footer offers right now."""
    return {key for key, active in app.screen.active_bindings.items() if active.binding.show and active.enabled}


def _toasts(app) -> list[str]:
    """The text of the notifications on screen (needs ``run_test(notifications=True)``)."""
    return [str(toast.render()) for toast in app.screen.query("Toast")]


async def _select(pilot, index: int) -> None:
    pilot.app.query_one(AttachmentList).highlighted = index
    await pilot.pause()


async def test_several_downloads_run_at_once_and_all_complete(demo_server, tmp_path: Path) -> None:
    app = make_app(demo_server.base_url, demo=True, download_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, ATTACHMENTS_ID)
        await pilot.press("3")
        for index in (6, 0, 1, 2):  # the 8 MiB file first, so the small ones finish while it runs
            await _select(pilot, index)
            await pilot.press("d")
        assert len(_rows(app)) == 4
        await settle(pilot)
        sizes = {path.name: path.stat().st_size for path in tmp_path.iterdir()}
        expected = {a.filename: a.size for a in app.ticket.attachments[:3]} | {"device_capture.bin": 8 * 1024 * KIB}
        assert sizes == expected
        assert all(_status(row).startswith("Saved to") for row in _rows(app))
        assert all(stat.S_IMODE(path.stat().st_mode) == 0o600 for path in tmp_path.iterdir())


def _stalled(size: int, after: int) -> Reply:
    return Reply(200, b"s" * size, headers={"Content-Type": "application/octet-stream"}, stall_after=after)


async def test_two_stalled_downloads_show_progress_then_x_cancels_each(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    serve_files(
        fault_server,
        [
            ("first.bin", "application/octet-stream", _stalled(64 * KIB, KIB)),
            ("second.bin", "application/octet-stream", _stalled(64 * KIB, 2 * KIB)),
        ],
    )
    app = make_app(fault_server.url, token="tok", download_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, FILES_TICKET_ID)
        await pilot.press("3")
        assert "x" not in _keys(app)
        await pilot.press("d")
        await _select(pilot, 1)
        await pilot.press("d")
        first, second = _rows(app)
        await wait_until(pilot, lambda: first.received and second.received)  # both running at once
        assert not first.finished and not second.finished
        assert len(list(tmp_path.glob(".*.part"))) == 2

        bar = first.query_one(ProgressBar)
        assert (bar.progress, bar.total) == (KIB, 64 * KIB)
        assert _status(first).startswith("1.0 KiB of 64.0 KiB · ")
        assert second.query_one(ProgressBar).progress == 2 * KIB
        assert "x" in _keys(app)

        await _select(pilot, 0)
        await pilot.press("x")  # cancels the highlighted attachment's download, though not the latest
        await wait_until(pilot, lambda: first.finished)
        assert _status(first) == "Cancelled: nothing was saved."
        assert not second.finished

        await pilot.press("x")  # nothing left for this attachment: cancels the latest running one
        await wait_until(pilot, lambda: second.finished)
        await settle(pilot)
        assert _status(second) == "Cancelled: nothing was saved."
        assert list(tmp_path.iterdir()) == []
        assert "x" not in _keys(app)


async def test_x_cancels_a_slow_download_and_leaves_nothing_on_disk(fault_server: FaultServer, tmp_path: Path) -> None:
    dripping = Reply(200, b"d" * (256 * KIB), headers={"Content-Type": "text/plain"}, drip=(KIB, 0.05))
    serve_files(fault_server, [("slow.log", "text/plain", dripping)])
    app = make_app(fault_server.url, token="tok", download_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, FILES_TICKET_ID)
        await pilot.press("3", "d")
        (row,) = _rows(app)
        await wait_until(pilot, lambda: row.received >= 2 * KIB)
        assert row.query_one(ProgressBar).progress == row.received
        await pilot.press("x")
        await settle(pilot)
        assert row.finished and _status(row) == "Cancelled: nothing was saved."
        assert list(tmp_path.iterdir()) == []
        assert app.is_running


async def test_y_copies_the_link_then_the_saved_path(demo_server, tmp_path: Path) -> None:
    app = make_app(demo_server.base_url, demo=True, download_dir=tmp_path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_ticket(pilot, EXAMPLE_ID)
        await pilot.press("3", "y")
        url = app.ticket.attachments[0].url
        assert app.clipboard == url and url.startswith(demo_server.base_url)
        assert any("Copied the link of error_logs.txt." in toast for toast in _toasts(app))
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")
        assert app.clipboard == str(tmp_path / "error_logs.txt")


def test_pasteable_keeps_a_url_one_word() -> None:
    assert pasteable("https://x.example/a b\nrm -rf ~\x1b[2J") == "https://x.example/a%20b%0Arm%20-rf%20~%1B[2J"
    assert pasteable("https://x.example/ok?q=1") == "https://x.example/ok?q=1"


async def test_o_without_a_display_shows_the_path(demo_server, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    app = make_app(demo_server.base_url, demo=True, download_dir=tmp_path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_ticket(pilot, EXAMPLE_ID)
        await pilot.press("3")
        assert "o" not in _keys(app)  # nothing saved yet
        await pilot.press("d")
        await settle(pilot)
        app.clear_notifications()
        assert "o" in _keys(app)
        await pilot.press("o")
        await pilot.pause()
        assert any(f"Saved at {tmp_path / 'error_logs.txt'}" in toast for toast in _toasts(app))


def test_has_display() -> None:
    assert not has_display({}, "linux")
    assert has_display({"DISPLAY": ":0"}, "linux")
    assert has_display({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert has_display({}, "darwin")
    assert not has_display({"SSH_CONNECTION": "10.0.0.1 5 10.0.0.2 22"}, "darwin")


def test_opener_command_uses_an_absolute_path() -> None:
    assert opener_command(Path("-rf name.txt"), "darwin") == ["open", str(Path.cwd() / "-rf name.txt")]


def test_open_with_system_runs_the_opener_without_a_shell(tmp_path: Path, monkeypatch) -> None:
    record = tmp_path / "args"
    opener = tmp_path / "bin" / "xdg-open"
    opener.parent.mkdir()
    opener.write_text(f'#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done > {record}\n')
    opener.chmod(0o755)
    monkeypatch.setenv("PATH", f"{opener.parent}{os.pathsep}{os.environ.get('PATH', '')}")
    saved = tmp_path / "report; rm -rf ~ $(x).pdf"
    saved.write_bytes(b"%PDF-")
    process = open_with_system(saved, {"DISPLAY": ":0"}, "linux")
    assert process is not None and process.wait(timeout=10) == 0
    assert record.read_text() == f"{saved}\n"
    assert open_with_system(saved, {}, "linux") is None  # no display: nothing is started


async def test_footer_offers_the_attachment_keys_that_apply(demo_server, tmp_path: Path) -> None:
    app = make_app(demo_server.base_url, demo=True, download_dir=tmp_path)
    async with app.run_test(size=(160, 40)) as pilot:
        await open_ticket(pilot, EXAMPLE_ID)
        await pilot.press("3")
        assert {"enter", "d", "y"} <= _keys(app) and not {"x", "o"} & _keys(app)
        await pilot.press("enter")
        await settle(pilot)
        assert {"escape", "d", "ctrl+f", "w"} <= _keys(app) and not {"n", "N"} & _keys(app)
        await pilot.press("ctrl+f", *"401")
        await pilot.press("escape")
        assert {"n", "N"} <= _keys(app)
        assert not {"1", "r"} & _keys(app)  # the ticket screen's keys are off under the viewer


@pytest.mark.parametrize("widget", [AttachmentList, AttachmentViewer])
def test_bindings_have_descriptions_and_ids(widget) -> None:
    for binding in widget.BINDINGS:
        assert binding.description and binding.id, binding


async def test_d_in_the_viewer_of_a_binary_downloads_it(demo_server, tmp_path: Path) -> None:
    app = make_app(demo_server.base_url, demo=True, download_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, ATTACHMENTS_ID)
        await pilot.press("3")
        await _select(pilot, 4)
        await pilot.press("enter")
        await settle(pilot)
        viewer = app.screen
        assert isinstance(viewer, AttachmentViewer)
        await pilot.press("d")
        await settle(pilot)
        assert app.screen is viewer  # still reading it
        assert (tmp_path / "liveness_screen.png").read_bytes().startswith(b"\x89PNG")
        await pilot.press("escape")
        assert isinstance(app.focused, AttachmentList)


async def test_a_download_shows_under_a_list_that_fills_the_pane(fault_server: FaultServer, tmp_path: Path) -> None:
    """Eleven attachments at 80x24: the list scrolls, and the download's row stays in view below it."""
    files = [(f"file{n:02}.txt", "text/plain", Reply(200, b"x")) for n in range(10)]
    serve_files(fault_server, [*files, ("slow.bin", "application/octet-stream", _stalled(64 * KIB, KIB))])
    app = make_app(fault_server.url, token="tok", download_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ticket(pilot, FILES_TICKET_ID)
        await pilot.press("3", "end", "d")
        (row,) = _rows(app)
        await wait_until(pilot, lambda: row.received > 0)
        await pilot.pause()
        pane = app.main.area.attachments
        assert row.region.height > 0 and pane.region.contains_region(row.region)
        listed = app.query_one(AttachmentList)
        assert listed.region.bottom <= row.region.y  # the list gave up the room, and scrolls instead
