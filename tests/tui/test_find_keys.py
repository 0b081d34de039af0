"""Find steps with keys every terminal sends: down / up (enter / shift+enter too), named in the find bar."""

from __future__ import annotations

from textual.widgets import Input

from app.demo.samples import SAMPLE_IDS
from tests.helpers import make_app, open_attachment, open_ticket, settle
from tests.new_ticket_helpers import burst
from widgets.attachments.attachment_viewer import AttachmentText
from widgets.conversation.conversation_find import ConversationFind
from widgets.conversation.thread_view import ThreadView

LONG_ID = next(ticket_id for ticket_id, about in SAMPLE_IDS if about.startswith("Long conversation"))
ATTACHMENTS_ID = next(ticket_id for ticket_id, about in SAMPLE_IDS if "attachments" in about.lower())


async def test_up_and_down_step_through_the_conversations_matches(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ticket(pilot, LONG_ID)
        thread = app.query_one(ThreadView)
        await pilot.press("ctrl+f")
        bar = app.query_one(ConversationFind)
        bar.input.value = "webhook"
        await pilot.pause()
        holding = thread.matches
        assert len(holding) > 3 and thread.cursor == holding[0]

        await pilot.press("down", "down")
        assert thread.cursor == holding[2] and bar.status.startswith(f"message 3 of {len(holding)}")
        await pilot.press("up")
        assert thread.cursor == holding[1]
        await pilot.press("up", "up")  # round to the last
        assert thread.cursor == holding[-1]
        assert app.focused is bar.input and bar.input.value == "webhook"  # typing goes on where it was

        hint = str(bar.query_one("#thread-find-keys").render())
        assert hint == "↓ next  ↑ previous" and bar.query_one("#thread-find-keys").region.width > 0
        shown = {active.binding.key: active.binding.description for active in app.screen.active_bindings.values()}
        assert shown["down"] == "Next" and shown["up"] == "Previous"


async def test_up_and_down_step_through_the_viewers_matches(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        viewer = await open_attachment(pilot, ATTACHMENTS_ID, 0)
        await pilot.press("ctrl+f")
        assert isinstance(app.focused, Input)
        await pilot.press(*"retry")
        total = viewer.match_count
        assert total > 3 and viewer.find_status == f"1 of {total}"
        await pilot.press("down", "down")
        assert viewer.find_status == f"3 of {total}"
        await pilot.press("up")
        assert viewer.find_status == f"2 of {total}"
        assert isinstance(app.focused, Input) and not isinstance(app.focused, AttachmentText)


async def test_ctrl_f_and_the_words_in_one_burst_find_those_words(demo_server) -> None:
    """Typed as SSH delivers it: the find bar has the focus before the next key is read."""
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ticket(pilot, LONG_ID)
        watching = app.main.watcher.watching
        burst(app, "ctrl+f", *"webhook")
        await settle(pilot)
        bar = app.query_one(ConversationFind)
        assert app.focused is bar.input and bar.input.value == "webhook"
        assert app.main.watcher.watching == watching  # the w went into the field, not to the watch key

        viewer = await open_attachment(pilot, ATTACHMENTS_ID, 0)
        burst(app, "ctrl+f", *"retry")
        await settle(pilot)
        assert isinstance(app.focused, Input) and app.focused.value == "retry" and viewer.match_count > 3


async def test_a_field_key_between_characters_acts_in_turn(demo_server) -> None:
    """ctrl+u (delete to the start) in a burst deletes what was typed before it, not what came after."""
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        burst(app, "slash", *"abc", "ctrl+u", *"xyz")
        await settle(pilot)
        assert app.main.id_bar.input.value == "xyz"
