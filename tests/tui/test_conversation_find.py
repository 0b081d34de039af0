"""Find in the conversation: ctrl+f, matches marked and counted, enter / shift+enter between them."""

from __future__ import annotations

from app.core.text.safe_text import clean
from app.demo.samples import SAMPLE_IDS
from tests.helpers import make_app, open_ticket, settle
from widgets.conversation.conversation_find import ConversationFind
from widgets.conversation.thread_view import ThreadView

LONG_ID = next(ticket_id for ticket_id, about in SAMPLE_IDS if about.startswith("Long conversation"))
HUGE_ID = next(ticket_id for ticket_id, _ in SAMPLE_IDS if "huge" in ticket_id)
EXAMPLE_ID = "support_ticket_123456789"


def _expected(app, needle: str) -> tuple[list[int], int]:
    """The messages holding ``needle`` (any case) and its number of occurrences, worked out here."""
    texts = [clean(message.message).lower() for message in app.ticket.threads]
    holding = [index for index, text in enumerate(texts) if needle in text]
    return holding, sum(text.count(needle) for text in texts)


async def _find(pilot, text: str) -> ConversationFind:
    await pilot.press("ctrl+f")
    bar = pilot.app.query_one(ConversationFind)
    bar.input.value = text
    await pilot.pause()
    return bar


async def test_ctrl_f_marks_counts_and_steps_through_the_matches(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, LONG_ID)
        thread = app.query_one(ThreadView)
        bar = await _find(pilot, "WebHook")
        assert bar.display and app.focused is bar.input
        holding, total = _expected(app, "webhook")
        assert len(holding) > 3 and thread.matches == holding and thread.match_total == total
        assert thread.cursor == holding[0]  # the first match at or after the selection
        assert bar.status == f"message 1 of {len(holding)} · {total} matches"
        # The occurrences are drawn marked: a segment of exactly the word, in the match style.
        mark = thread.get_component_rich_style("thread-view--match", partial=True)
        strips = [strip for index in holding[:2] for strip in thread._render_message(index)]
        marked = [
            segment.text
            for strip in strips
            for segment in strip
            if segment.style and segment.style.bgcolor == mark.bgcolor
        ]
        assert marked and all(text.lower() == "webhook" for text in marked)
        await pilot.press("enter")
        assert thread.cursor == holding[1] and bar.status.startswith(f"message 2 of {len(holding)}")
        await pilot.press("shift+enter", "shift+enter")  # back to the first, then round to the last
        assert thread.cursor == holding[-1] and bar.status.startswith(f"message {len(holding)} of")
        await pilot.press("enter")
        assert thread.cursor == holding[0]
        await pilot.press("escape")
        assert not bar.display and app.focused is thread and thread.matches == []
        assert not [
            s
            for strip in thread._render_message(holding[0])
            for s in strip
            if s.style and s.style.bgcolor == mark.bgcolor
        ]


async def test_no_matches_says_so_and_a_new_ticket_closes_the_bar(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ticket(pilot, LONG_ID)
        bar = await _find(pilot, "zebra-crossing-xyz")
        assert bar.status == "No matches" and app.query_one(ThreadView).cursor == 0
        await pilot.press("enter")  # nothing to go to: nothing happens
        await pilot.press("ctrl+l")  # the ID bar, with the find bar still open
        await open_ticket(pilot, EXAMPLE_ID)
        assert not bar.display and app.query_one(ThreadView).matches == []


async def test_find_counts_only_what_the_filter_shows(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, LONG_ID)
        thread = app.query_one(ThreadView)
        await pilot.press("f")  # the client's messages only
        await settle(pilot)
        await _find(pilot, "the")
        shown = [clean(m.message).lower() for m in app.ticket.threads if m.type == "user"]
        assert len(thread.matches) == sum("the" in text for text in shown)
        assert thread.match_total == sum(text.count("the") for text in shown)


async def test_find_in_the_huge_ticket_reaches_a_match_deep_in_it(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, HUGE_ID)
        thread = app.query_one(ThreadView)
        await pilot.press("end")
        target = 9_000
        word = max(clean(app.ticket.threads[target].message).split(), key=len).lower()
        await pilot.press("home")
        thread.select(target - 1)
        await _find(pilot, word)
        holding, total = _expected(app, word)
        assert thread.matches == holding and thread.match_total == total
        assert thread.cursor == next(index for index in holding if index >= target - 1)
        top = int(thread.scroll_y)
        assert top <= thread.message_offset(thread.cursor) < top + thread.scrollable_content_region.height
