"""Property test: whatever a ticket holds, the app draws it without crashing and without letting a
control character, bidi override or markup through to the terminal."""

from __future__ import annotations

import asyncio
import json
import unicodedata

import httpx
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.helpers import build_app, settle
from widgets.conversation.thread_view import ThreadView

NASTY = [
    "[bold red]x[/]",
    "[@click=app.quit]x[/]",
    "[link=https://evil.example]x[/link]",
    "[/",
    "[0]",
    "[",
    "\\",
    "\x1b[2J",
    "\x1b]0;pwned\x07",
    "\x1b]52;c;aGk=\x07",
    "\x1b]8;;https://evil\x1b\\x\x1b]8;;\x1b\\",
    "\x9b31m",
    "\r",
    "\x08",
    "\x07",
    "\x00",
    "\u202e",
    "\u2066",
    "\u200b",
    "\ufeff",
    "\ud800",
    "\u2028",
]
hostile_text = st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=20)), max_size=6).map("".join)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | hostile_text,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=8,
)
field_value = st.one_of(hostile_text, hostile_text, json_values)
TEXT_FIELDS = [
    "title",
    "description",
    "status",
    "priority",
    "category",
    "client",
    "assignedTo",
    "resolution",
    "createdAt",
    "updatedAt",
    "resolvedAt",
]


@st.composite
def tickets(draw) -> dict:
    data = {"_id": "support_ticket_prop"}
    for name in TEXT_FIELDS:
        data[name] = draw(field_value)
    data["tags"] = draw(st.one_of(st.lists(field_value, max_size=4), json_values))
    data["threads"] = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "author": field_value,
                    "message": field_value,
                    "timestamp": field_value,
                    "type": st.one_of(st.sampled_from(["user", "agent", "system"]), field_value),
                }
            ),
            max_size=4,
        )
    )
    data["attachments"] = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "filename": field_value,
                    "url": field_value,
                    "size": json_values,
                    "type": field_value,
                }
            ),
            max_size=3,
        )
    )
    return {"success": True, "data": data}


def _unsafe(text: str) -> list[str]:
    """Characters that must never be drawn: controls (but newline), format, surrogates, separators."""
    return [ch for ch in text if ch != "\n" and unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp")]


async def _show_all(bodies: list[dict]) -> None:
    queue = [json.dumps(body, ensure_ascii=True).encode() for body in bodies]

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v2/support-tickets":  # the queue, which a token opens on: empty here
            return httpx.Response(
                200, json={"data": [], "pagination": {"page": 1, "limit": 50, "total": 0, "pages": 1}}
            )
        return httpx.Response(200, content=queue.pop(0), headers={"content-type": "application/json"})

    app = build_app("http://127.0.0.1:9", token="t", transport=httpx.MockTransport(answer))
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in bodies:
            app.main.tickets.fetch("support_ticket_prop")
            await settle(pilot)
            title = str(app.query_one("#notice-title").render())
            assert title != "Something went wrong", str(app.query_one("#notice-body").render())
            if app.ticket is not None:
                thread = app.query_one(ThreadView)
                for index in range(thread.message_count):
                    for line in thread.message_lines(index):
                        assert not _unsafe(line), line
                for pane in ("1", "3", "2"):
                    await pilot.press(pane)
            screen = app.export_screenshot()
            assert not _unsafe(screen.replace("\n", "")), "raw control character drawn"
        assert app.is_running


# No shrinking: each example runs the whole app, and a failing example is printed as generated.
@settings(
    max_examples=12,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(tickets(), min_size=3, max_size=3))
def test_any_ticket_content_is_drawn_safely(bodies: list[dict]) -> None:
    asyncio.run(_show_all(bodies))
