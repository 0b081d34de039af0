"""NO_COLOR (https://no-color.org) is honoured everywhere: the TUI draws no colour, the CLI prints none."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rich.color import blend_rgb
from rich.terminal_theme import SVG_EXPORT_THEME
from textual.widgets import Input, OptionList

from app.demo.samples import HOSTILE_ID
from tests.helpers import EXAMPLE_ID, make_app, no_blink, open_ticket, settle

WINDOW_BUTTONS = {"#ff5f57", "#febc2e", "#28c840"}
"""The screenshot's window decoration (not the app's drawing)."""
BACKGROUND, FOREGROUND = SVG_EXPORT_THEME.background_color, SVG_EXPORT_THEME.foreground_color
TERMINAL_DEFAULTS = {BACKGROUND.hex, FOREGROUND.hex, blend_rgb(FOREGROUND, BACKGROUND, 0.4).hex}
"""The terminal's own background and foreground in a screenshot, and its foreground dimmed (an
attribute, not a colour: the ansi themes show muted text so)."""


def _colours(svg: str) -> set[str]:
    """Every colour a screenshot paints with, but the window's buttons."""
    return {match.lower() for match in re.findall(r'fill(?::\s*|=")(#[0-9a-fA-F]{6})', svg)} - WINDOW_BUTTONS


async def _screens(pilot) -> dict[str, str]:
    """Screenshots of the start, a ticket, the copy menu and the palette."""
    no_blink(pilot)
    await settle(pilot)
    shots = {"start": pilot.app.export_screenshot()}
    await open_ticket(pilot, EXAMPLE_ID)
    shots["ticket"] = pilot.app.export_screenshot()
    await pilot.press("c")
    await settle(pilot)
    shots["copy menu"] = pilot.app.export_screenshot()
    await pilot.press("escape")
    pilot.app.action_command_palette()
    await settle(pilot)
    shots["palette"] = pilot.app.export_screenshot()
    return shots


@pytest.mark.parametrize("theme", ["textual-dark", "ansi-dark", "textual-light"])
async def test_with_no_color_the_screen_has_only_the_terminals_own_colours(demo_server, monkeypatch, theme) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(demo_server.base_url, demo=True)
    app.theme = theme  # chosen after start, as with T (an ansi theme went black on black)
    async with app.run_test(size=(80, 24)) as pilot:
        shots = await _screens(pilot)
    for name, svg in shots.items():
        assert _colours(svg) <= TERMINAL_DEFAULTS, (name, _colours(svg))
        assert FOREGROUND.hex in _colours(svg), name  # the words are drawn
    assert "API&#160;Integration&#160;Issue" in shots["ticket"]


async def test_without_no_color_the_same_screens_are_in_colour(demo_server, monkeypatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        shots = await _screens(pilot)
    for name, svg in shots.items():
        assert len(_colours(svg) - TERMINAL_DEFAULTS) > 3, name


async def test_with_no_color_cursors_focus_and_hints_carry_a_text_style(demo_server, monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        id_input = app.query_one("#id-input", Input)
        assert id_input.get_component_rich_style("input--cursor").reverse
        assert id_input.get_component_rich_style("input--placeholder").italic
        await pilot.press("tab")  # into the queue
        await settle(pilot)
        table = app.focused
        assert table is not None and table.get_component_rich_style("queue-table--cursor").reverse
        await open_ticket(pilot, EXAMPLE_ID)
        assert app.main.thread_view.styles.border_top[0] == "heavy"  # the focused pane
        assert app.query_one("#details").styles.border_top[0] == "round"
        await pilot.press("c")
        await settle(pilot)
        options = app.screen.query_one(OptionList)
        assert options.get_visual_style("option-list--option-highlighted").underline


def _run_on_a_terminal(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run ``args`` with stdout and stderr on a pseudo-terminal; its exit code and all it printed."""
    controller, terminal = pty.openpty()
    try:
        process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=terminal, stderr=terminal, env=env)
    finally:
        os.close(terminal)
    output = bytearray()
    try:
        while chunk := os.read(controller, 65536):
            output += chunk
    except OSError:
        pass  # EIO: the terminal closed as the process exited
    finally:
        os.close(controller)
    return process.wait(timeout=60), output.decode("utf-8", "replace")


@pytest.mark.parametrize("flag", ["--markdown", "--json"])
def test_printing_a_ticket_on_a_terminal_with_no_color_prints_no_escape_codes(flag: str, tmp_path: Path) -> None:
    env = {name: value for name, value in os.environ.items() if not name.startswith("VERIFIK_")}
    env.update(NO_COLOR="1", HOME=str(tmp_path), TERM="xterm-256color", PYTHONIOENCODING="utf-8")
    for ticket_id in (EXAMPLE_ID, HOSTILE_ID):  # the hostile one is full of escape codes of its own
        code, output = _run_on_a_terminal([sys.executable, "-m", "app", "--demo", ticket_id, flag], env)
        assert code == 0, output
        assert ticket_id in output
        assert "\x1b" not in output and "\x9b" not in output and "\x07" not in output, repr(output[:400])
