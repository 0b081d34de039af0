"""The conversation view with a 10,000-message ticket: nothing dropped, every message reachable."""

from __future__ import annotations

from app.core.text.safe_text import clean
from app.demo.samples import SAMPLE_IDS
from tests.helpers import make_app, open_ticket, settle
from widgets.conversation.thread_view import ThreadView

HUGE_ID = next(ticket_id for ticket_id, _ in SAMPLE_IDS if "huge" in ticket_id)


def _drawn(thread: ThreadView) -> list[str]:
    """The lines currently on screen, as text."""
    return [thread.render_line(y).text for y in range(thread.scrollable_content_region.height)]


async def test_huge_ticket_every_message_is_laid_out_exactly_and_reachable(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, HUGE_ID)
        thread = app.query_one(ThreadView)
        assert thread.message_count == 10_000
        assert thread.layout_complete
        width = thread.scrollable_content_region.width
        messages = app.ticket.threads
        # Offsets add up to exactly what drawing each message produces: nothing cut, nothing padded.
        for index in (0, 1, 4_999, 9_998, 9_999):
            assert thread.message_offset(index + 1) - thread.message_offset(index) == len(thread.message_lines(index))
        assert thread.virtual_size.height == sum(len(thread.message_lines(i)) for i in range(10_000))
        # Every message's words are drawn, in order, at this width.
        sample = messages[7_777]
        body = [line.strip().removeprefix("▌").strip() for line in thread.message_lines(7_777)[1:-1]]
        assert " ".join(body).split() == clean(sample.message).split()
        # End shows the last message, home the first.
        await pilot.press("end")
        await pilot.pause()
        assert thread.scroll_y == thread.max_scroll_y
        assert thread.message_at(int(thread.scroll_y) + thread.scrollable_content_region.height - 1) == 9_999
        screen = "\n".join(_drawn(thread))
        last_words = " ".join(clean(messages[-1].message).split()[-3:])
        assert last_words in " ".join(screen.split())
        await pilot.press("home")
        await pilot.pause()
        assert thread.scroll_y == 0 and thread.message_at(0) == 0
        assert width == thread.scrollable_content_region.width


async def test_jumping_to_the_end_before_layout_finishes_still_lands_on_the_last_message(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash")
        app.query_one("#id-input").value = HUGE_ID
        await pilot.press("enter")
        thread = app.query_one(ThreadView)
        while app.ticket is None:
            await pilot.pause(0.01)
        await pilot.press("end")
        await settle(pilot)
        assert thread.layout_complete
        assert thread.scroll_y == thread.max_scroll_y
        bottom = thread.message_at(int(thread.scroll_y) + thread.scrollable_content_region.height - 1)
        assert bottom == 9_999


async def test_resizing_rewraps_and_keeps_the_top_message(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(200, 40)) as pilot:
        await open_ticket(pilot, HUGE_ID)
        thread = app.query_one(ThreadView)
        thread.scroll_to_message(5_000)
        await pilot.pause()
        wide_lines = len(thread.message_lines(5_000))
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert thread.message_at(int(thread.scroll_y)) == 5_000
        assert len(thread.message_lines(5_000)) > wide_lines
        inner = len(thread.message_lines(5_000)[1])
        assert inner == thread.scrollable_content_region.width
