"""Behaviour of the app as an agent drives it: keys, focus, panes, errors, downloads."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import ContentSwitcher, Input

from app.demo.samples import SAMPLE_IDS
from tests.helpers import EXAMPLE_ID, make_app, open_ticket, settle
from widgets.attachments.attachments_pane import AttachmentList
from widgets.conversation.thread_view import ThreadView
from widgets.shell.notice_panel import NoticePanel
from widgets.ticket.details_pane import DetailsPane


async def test_start_screen_focuses_id_bar_and_lists_samples(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True, samples=list(SAMPLE_IDS))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.focused is app.query_one("#id-input", Input)
        options = app.query_one("#notice-choices")
        assert [options.get_option_at_index(i).id for i in range(options.option_count)] == [
            ticket_id for ticket_id, _ in SAMPLE_IDS
        ]


async def test_enter_loads_the_example_ticket_and_focuses_the_conversation(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, EXAMPLE_ID)
        assert app.ticket is not None and app.ticket.id == EXAMPLE_ID
        assert app.query_one(ContentSwitcher).current == "ticket"
        thread = app.query_one(ThreadView)
        assert app.focused is thread
        assert thread.message_count == 2
        first = "\n".join(thread.message_lines(0))
        second = "\n".join(thread.message_lines(1))
        assert "Client · client_123456789" in first and "401 errors" in first
        assert "Agent · agent_123456789" in second
        attachments = app.query_one(AttachmentList)
        assert attachments.selected_attachment.filename == "error_logs.txt"


async def test_command_line_id_opens_with_the_ticket_loading(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True, ticket_id=EXAMPLE_ID)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.ticket is not None and app.ticket.id == EXAMPLE_ID
        assert app.query_one("#id-input", Input).value == EXAMPLE_ID


async def test_unknown_id_says_not_found_naming_the_id(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, "support_ticket_nope")
        notice = app.query_one(NoticePanel)
        assert app.query_one(ContentSwitcher).current == "notice"
        assert "Ticket not found" in str(notice.query_one("#notice-title").render())
        assert "support_ticket_nope" in str(notice.query_one("#notice-body").render())
        # The app keeps working: the next lookup succeeds.
        await open_ticket(pilot, EXAMPLE_ID)
        assert app.ticket is not None and app.query_one(ContentSwitcher).current == "ticket"


async def test_slash_and_ctrl_l_focus_the_id_bar_with_text_selected_escape_goes_back(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, EXAMPLE_ID)
        id_input = app.query_one("#id-input", Input)
        for key in ("slash", "ctrl+l"):
            await pilot.press("2")
            assert app.focused is app.query_one(ThreadView)
            await pilot.press(key)
            assert app.focused is id_input
            assert id_input.selected_text == EXAMPLE_ID
            await pilot.press("escape")
            assert app.focused is app.query_one(ThreadView)
        # Typing replaces the selected text.
        await pilot.press("slash", "x", "y")
        assert id_input.value == "xy"


async def test_number_keys_and_tab_move_between_panes(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, EXAMPLE_ID)
        await pilot.press("1")
        assert isinstance(app.focused, DetailsPane)
        await pilot.press("3")
        assert isinstance(app.focused, AttachmentList)
        await pilot.press("2")
        assert isinstance(app.focused, ThreadView)
        await pilot.press("tab")
        assert isinstance(app.focused, AttachmentList)
        await pilot.press("tab")
        assert app.focused is app.query_one("#id-input")
        await pilot.press("tab")
        assert isinstance(app.focused, DetailsPane)
        await pilot.press("shift+tab")
        assert app.focused is app.query_one("#id-input")


async def test_narrow_terminal_shows_one_pane_at_a_time(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ticket(pilot, EXAMPLE_ID)
        details, conversation, attachments = (
            app.query_one(f"#{p}") for p in ("details", "conversation", "attachments")
        )
        assert conversation.display and not details.display and not attachments.display
        await pilot.press("1")
        await pilot.pause()
        assert details.display and not conversation.display
        await pilot.press("3")
        await pilot.pause()
        assert attachments.display and not details.display


async def test_conversation_scrolls_by_keyboard(demo_server) -> None:
    long_id = next(tid for tid, about in SAMPLE_IDS if "long" in about.lower())
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, long_id)
        thread = app.query_one(ThreadView)
        assert thread.max_scroll_y > 0
        await pilot.press("pagedown")
        assert thread.scroll_y > 0
        await pilot.press("end")
        await pilot.pause()
        assert thread.scroll_y == thread.max_scroll_y
        await pilot.press("home")
        await pilot.pause()
        assert thread.scroll_y == 0


async def test_refresh_key_reloads_the_current_ticket(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, EXAMPLE_ID)
        first, fetches = app.ticket, app.main.tickets.tab.fetches
        await pilot.press("r")
        await settle(pilot)
        tab = app.main.tickets.tab
        assert tab.fetches == fetches + 1 and not tab.stale  # asked again, and answered
        assert app.ticket is first  # the same body: the copy in hand stands for it, not parsed again
        assert app.focused is app.query_one(ThreadView)


async def test_d_downloads_the_selected_attachment(demo_server, tmp_path: Path) -> None:
    app = make_app(demo_server.base_url, demo=True, download_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, EXAMPLE_ID)
        await pilot.press("3", "d")
        await settle(pilot)
        saved = tmp_path / "error_logs.txt"
        assert saved.stat().st_size == 1024
        assert [p.name for p in tmp_path.iterdir()] == ["error_logs.txt"]
        row_status = str(app.query_one(".download-status").render())
        assert "Saved to" in row_status and "error_logs.txt" in row_status


async def test_q_quits_outside_the_id_bar_but_types_inside_it(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("q")
        assert app.query_one("#id-input", Input).value == "q"
        assert app.is_running
        await open_ticket(pilot, EXAMPLE_ID)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
