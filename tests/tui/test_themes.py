"""Themes: `T` opens Textual's theme picker; the agent's choice is remembered; the ansi themes."""

from __future__ import annotations

from textual.command import CommandPalette

from app.core.storage.user_data import UserData
from app.tui.app import TicketViewApp
from tests.helpers import EXAMPLE_ID, build_app, make_app, no_blink, open_ticket, settle


class FakePreferences:
    """Preferences that record what the App asks to remember."""

    def __init__(self, theme: str | None = None) -> None:
        self.theme = theme
        self.remembered: list[str] = []

    def remember_theme(self, name: str) -> None:
        self.remembered.append(name)


def _app(base_url: str, preferences: FakePreferences, theme: str | None) -> TicketViewApp:
    """The demo app with ``preferences``, started with ``theme`` (as ``--theme`` would)."""
    user_data = UserData.in_memory()
    user_data.preferences = preferences  # type: ignore[assignment]
    return build_app(base_url, demo=True, theme=theme, user_data=user_data)


async def test_T_opens_the_theme_picker_and_the_choice_is_remembered(demo_server) -> None:
    preferences = FakePreferences()
    app = _app(demo_server.base_url, preferences, "textual-dark")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ticket(pilot, EXAMPLE_ID)
        await pilot.press("T")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"nord")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, CommandPalette)
        assert app.theme == "nord" and preferences.remembered == ["nord"]
        app.theme = "ansi-dark"  # the palette's own "Theme" command sets it the same way
        await settle(pilot)
        assert preferences.remembered == ["nord", "ansi-dark"]


async def test_the_theme_set_at_start_is_not_taken_for_a_choice(demo_server) -> None:
    for start_theme, remembered in (("gruvbox", None), (None, "nord")):  # --theme, then a remembered one
        preferences = FakePreferences(remembered)
        app = _app(demo_server.base_url, preferences, start_theme)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert app.theme == (start_theme or remembered)
            assert preferences.remembered == []


def test_example_ticket_ansi_80x24(snap_compare, demo_server) -> None:
    """The ansi theme keeps the terminal's palette; status and priority still carry words."""
    app = make_app(demo_server.base_url, demo=True)
    app.theme = "ansi-dark"

    async def run_before(pilot) -> None:
        no_blink(pilot)
        await open_ticket(pilot, EXAMPLE_ID)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
