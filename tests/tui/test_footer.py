"""The footer: the keys that apply, drawn with the first frame, fitted to the terminal's width."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets._footer import FooterKey

from app.demo.samples import SAMPLE_IDS
from tests.helpers import EXAMPLE_ID, make_app, open_ticket, settle
from widgets.shell.footer import ShellFooter


def footer_keys(pilot: Pilot[object]) -> dict[str, str]:
    """What the footer shows: each key as displayed, and its description."""
    footer = pilot.app.screen.query_one(ShellFooter)
    return {key.key_display: key.description for key in footer.query(FooterKey)}


async def test_the_start_screen_names_a_quit_key_that_works_in_the_id_bar(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True, samples=list(SAMPLE_IDS))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert footer_keys(pilot).get("^q") == "Quit"
        await pilot.press("q")  # typed into the ID bar, as the footer implies
        assert app.is_running and app.main.id_bar.input.value == "q"
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


async def test_q_still_quits_where_it_is_not_typed(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, EXAMPLE_ID)
        assert footer_keys(pilot).get("^q") == "Quit"
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_the_palette_hint_comes_back_when_the_terminal_widens(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(ShellFooter)
        assert footer.compact and not footer.query(".-command-palette")
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert not footer.compact and footer.query(".-command-palette"), "no palette hint after widening"
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert footer.compact and not footer.query(".-command-palette")


async def test_the_footer_has_its_keys_in_the_first_frame(demo_server) -> None:
    """The keys are composed with the footer, not a refresh later (the first frame is the whole shell)."""
    app = make_app(demo_server.base_url, demo=True)
    composed: list[dict[str, str]] = []

    async with app.run_test(size=(120, 40)) as pilot:
        footer = app.screen.query_one(ShellFooter)
        composed.append({key.key_display: key.description for key in footer.query(FooterKey)})
        await settle(pilot)
    assert composed[0].get("^q") == "Quit" and composed[0].get("/") == "Ticket ID"


async def test_question_mark_and_f1_show_the_keys_and_hide_them_again(demo_server) -> None:
    from textual.widgets import HelpPanel

    from tests.helpers import make_app, open_ticket

    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ticket(pilot, "support_ticket_123456789")
        await pilot.press("question_mark")
        assert len(app.screen.query(HelpPanel)) == 1
        await pilot.press("question_mark")
        assert len(app.screen.query(HelpPanel)) == 0
        await pilot.press("f1")
        assert len(app.screen.query(HelpPanel)) == 1
        await pilot.press("f1")
        await pilot.pause()
        assert len(app.screen.query(HelpPanel)) == 0
