"""Reading a conversation by keyboard: the selected message, next/previous, first/last, filter, copy."""

from __future__ import annotations

from app.demo.samples import HOSTILE_ID, SAMPLE_IDS
from tests.helpers import make_app, open_ticket, settle
from widgets.conversation.message_painter import CURSOR_BAR
from widgets.conversation.thread_view import ThreadView

EXAMPLE_ID = "support_ticket_123456789"
LONG_ID = next(ticket_id for ticket_id, about in SAMPLE_IDS if about.startswith("Long conversation"))
HUGE_ID = next(ticket_id for ticket_id, _ in SAMPLE_IDS if "huge" in ticket_id)


def _visible(thread: ThreadView, index: int) -> bool:
    """True when the first line of message ``index`` is on screen."""
    top = int(thread.scroll_y)
    return top <= thread.message_offset(index) < top + thread.scrollable_content_region.height


def _selected_lines(thread: ThreadView) -> list[str]:
    """The drawn lines that carry the selection bar."""
    return [line for line in thread.message_lines(thread.cursor) if CURSOR_BAR.strip() in line]


async def test_j_and_k_select_the_next_and_previous_message_and_keep_it_in_view(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, LONG_ID)
        thread = app.query_one(ThreadView)
        assert app.focused is thread and thread.cursor == 0
        assert _selected_lines(thread)  # the selected message is drawn with its own bar
        assert not [line for line in thread.message_lines(1) if CURSOR_BAR.strip() in line]
        for expected in range(1, 21):
            await pilot.press("j")
            assert thread.cursor == expected and _visible(thread, expected)
        await pilot.press("n")  # n is next too
        assert thread.cursor == 21
        await pilot.press("k", "p")
        assert thread.cursor == 19 and _visible(thread, 19)
        await pilot.press("G")
        assert thread.cursor == 61 and thread.scroll_y == thread.max_scroll_y
        await pilot.press("j")  # past the last message: stays there
        assert thread.cursor == 61
        await pilot.press("g")
        assert thread.cursor == 0 and thread.scroll_y == 0
        await pilot.press("k")
        assert thread.cursor == 0


async def test_home_and_end_select_the_first_and_last_message_even_when_nothing_scrolls(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, EXAMPLE_ID)
        thread = app.query_one(ThreadView)
        assert thread.max_scroll_y == 0  # two messages fit
        await pilot.press("end")
        assert thread.cursor == 1
        await pilot.press("home")
        assert thread.cursor == 0
        await pilot.press("pagedown")  # nothing to scroll: the last message shown is selected
        assert thread.cursor == 1
        await pilot.press("pageup")
        assert thread.cursor == 0


async def test_page_down_in_the_huge_ticket_selects_the_first_message_starting_in_view(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, HUGE_ID)
        thread = app.query_one(ThreadView)
        view = thread.scrollable_content_region.height
        for _ in range(3):
            before = thread.scroll_y
            await pilot.press("pagedown")
            assert thread.scroll_y == before + view
            assert thread.message_offset(thread.cursor) >= thread.scroll_y and _visible(thread, thread.cursor)
        await pilot.press("end")
        assert thread.cursor == 9_999 and thread.scroll_y == thread.max_scroll_y
        await pilot.press("k")
        assert thread.cursor == 9_998 and _visible(thread, 9_998)
        await pilot.press("home")
        assert thread.cursor == 0 and thread.scroll_y == 0


async def test_f_shows_the_client_only_then_the_agents_only_then_all(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, LONG_ID)
        thread = app.query_one(ThreadView)
        messages = app.ticket.threads
        clients = [m for m in messages if m.type == "user"]
        agents = [m for m in messages if m.type == "agent"]
        await pilot.press("j", "j", "j")  # select an agent's message (the fourth)
        assert messages[3].type == "agent"
        await pilot.press("f")
        await settle(pilot)
        assert thread.message_filter == "user" and thread.message_count == len(clients)
        # The selection stays near where it was: the client's message just before it.
        assert thread.cursor == clients.index(messages[2])
        assert all(
            line.startswith(("▌", "┃")) for i in range(thread.message_count) for line in thread.message_lines(i)[:1]
        )
        assert thread.border_subtitle == f"client only · {len(clients)} of {len(messages)}"
        await pilot.press("f")
        await settle(pilot)
        assert thread.message_filter == "agent" and thread.message_count == len(agents)
        assert all("Agent ·" in thread.message_lines(i)[0] for i in range(thread.message_count))
        await pilot.press("f")
        await settle(pilot)
        assert thread.message_filter == "all" and thread.message_count == len(messages)
        assert thread.border_subtitle == ""
        # A new ticket shows all of its messages again.
        await pilot.press("f")
        await open_ticket(pilot, EXAMPLE_ID)
        assert thread.message_filter == "all" and thread.message_count == 2 and thread.cursor == 0


async def test_y_copies_the_selected_message_as_safe_plain_text(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)
    copied: list[str] = []
    app.copy_to_clipboard = copied.append  # what would go out as OSC 52
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, EXAMPLE_ID)
        await pilot.press("j", "y")
        message = app.ticket.threads[1]
        assert copied and copied[-1].startswith(f"Agent · {message.author} · ")
        assert copied[-1].endswith(message.message)
        await open_ticket(pilot, HOSTILE_ID)
        thread = app.query_one(ThreadView)
        for index in range(thread.message_count):
            thread.select(index)
            await pilot.press("y")
            assert "\x1b" not in copied[-1] and "\x07" not in copied[-1] and "\u202e" not in copied[-1]
