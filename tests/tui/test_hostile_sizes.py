"""Sizes no one expects, and values of the wrong kind: shown sensibly, the app stays responsive."""

from __future__ import annotations

from tests.fault_server import FaultServer, Reply
from tests.helpers import make_app, open_ticket
from widgets.attachments.attachments_pane import AttachmentList
from widgets.attachments.plain_text import PlainText
from widgets.conversation.thread_view import ThreadView
from widgets.ticket.details_pane import DetailsPane

MEGABYTE = ("lorem ipsum dolor sit amet " * 40_000)[:1_000_000]
ODD_TICKET = {
    "data": {
        "_id": "support_ticket_odd",
        "title": "T" * 100_000,
        "description": MEGABYTE,
        "status": "escalated",
        "priority": None,
        "category": "",
        "client": None,
        "assignedTo": None,
        "threads": [
            {"author": None, "message": MEGABYTE, "timestamp": "not a date", "type": "robot"},
            {"author": "", "message": "y" * 100_000, "timestamp": None, "type": None},
            {"message": ""},
            {"author": "agent_1", "message": "still here", "timestamp": "2024-01-15T11:00:00Z", "type": "agent"},
        ],
        "attachments": [
            {"filename": None, "url": None, "size": -5, "type": None},
            {"filename": "a" * 5_000 + ".pdf", "size": 10**30, "type": "x/" + "y" * 5_000},
        ],
        "tags": [f"tag{i}" for i in range(10_000)],
        "resolution": MEGABYTE,
        "createdAt": "garbage",
        "updatedAt": 12345,
        "resolvedAt": "",
    }
}


async def test_huge_and_odd_values_are_shown_sensibly_and_every_pane_works() -> None:
    with FaultServer() as server:
        server.route("/v2/support-tickets/support_ticket_odd", Reply(200, ODD_TICKET))
        app = make_app(server.url, token="t")
        async with app.run_test(size=(120, 40)) as pilot:
            await open_ticket(pilot, "support_ticket_odd")
            thread = app.query_one(ThreadView)
            assert thread.message_count == 4
            first = thread.message_lines(0)
            assert (
                first[0].strip().startswith("┃ robot · unknown") and "not a date" in first[0]
            )  # selected: the first message
            assert "(no text)" in thread.message_lines(2)[1]
            assert all("y" * 10 in line for line in thread.message_lines(1)[1:-2])
            assert "still here" in thread.message_lines(3)[1]
            fields = app.query_one(DetailsPane).fields_text
            assert "… and 9,950 more" in fields
            assert "more characters)" in fields  # the 100,000-character title is cut, and says so
            assert "garbage" in fields and "12345" in fields and "escalated" in fields
            assert app.query_one("#details-description", PlainText).text == MEGABYTE
            options = app.query_one(AttachmentList)
            prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
            assert "unknown size" in prompts[0] and "(no name)" in prompts[0]
            assert "unknown size" in prompts[1]  # 10**30 bytes is no real file: shown as unknown
            name, kind = prompts[1].split("\n")  # a 5,000-character name: cut, its end still there
            assert len(name) < 200 and "(4,884 characters cut)" in name and name.endswith("aaa.pdf")
            assert len(kind) < 200 and "more characters" in kind
            for key in ("end", "home", "1", "end", "3", "2", "pagedown"):
                await pilot.press(key)
            await pilot.pause()
            assert app.is_running
