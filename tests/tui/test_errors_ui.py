"""Every failure a server or network can produce, as the agent sees it, against a real server."""

from __future__ import annotations

import socket

import pytest
from textual.widgets import ContentSwitcher

from app.demo.samples import SAMPLE_IDS
from tests.fault_server import FaultServer, Reply
from tests.helpers import EXAMPLE_ID, make_app, open_ticket, settle

TOKEN = "tok_SECRET_never_on_screen"
TICKET_PATH = f"/v2/support-tickets/{EXAMPLE_ID}"
FAST_RETRIES = {"retry_wait_initial": 0.01, "retry_wait_max": 0.02, "retry_wait_jitter": 0.0}
HTML = "<html><body><h1>502 Bad Gateway</h1></body></html>"


def _notice(app) -> tuple[str, str, str]:
    return tuple(str(app.query_one(f"#notice-{part}").render()) for part in ("title", "body", "hint"))


def _example_body() -> dict:
    return {
        "success": True,
        "data": {
            "_id": EXAMPLE_ID,
            "title": "API Integration Issue",
            "status": "in_progress",
            "priority": "high",
            "threads": [],
            "attachments": [],
        },
    }


CASES = {
    "404 html": (Reply(404, HTML), "Ticket not found", EXAMPLE_ID),
    "404 documented": (
        Reply(404, {"error": "Support ticket not found", "message": "SUPPORT_TICKET_NOT_FOUND"}),
        "Ticket not found",
        EXAMPLE_ID,
    ),
    "401 empty": (Reply(401), "Not authorised", "not accepted (401)"),
    "403 json": (Reply(403, {"code": "Forbidden", "message": "no"}), "Not authorised", "403"),
    "429": (Reply(429, {"error": "Too many"}, headers={"Retry-After": "0"}), "Rate limited", "Too many requests"),
    "500 json": (Reply(500, {"error": "boom"}), "Server error", "HTTP 500"),
    "503 html": (Reply(503, HTML), "Server error", "HTTP 503"),
    "504 empty": (Reply(504), "Server error", "HTTP 504"),
    "200 html": (Reply(200, HTML), "Unexpected response", "not valid JSON"),
    "200 truncated": (Reply(200, b'{"success": true, "data": {"_id": "x"'), "Unexpected response", "not valid JSON"),
    "200 wrong shape": (
        Reply(200, {"data": ["not", "a", "ticket"]}),
        "Unexpected response",
        "does not look like a ticket",
    ),
    "200 slower than the deadline": (Reply(200, _example_body(), delay=5), "Timed out", "did not answer"),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
async def test_each_failure_has_its_own_clear_message_and_the_app_keeps_working(case: str) -> None:
    reply, title, words = CASES[case]
    with FaultServer() as server:
        server.route(TICKET_PATH, reply)
        ok = _example_body()
        ok["data"]["_id"] = "support_ticket_ok"
        server.route("/v2/support-tickets/support_ticket_ok", Reply(200, ok))
        # Only the slow server needs a short deadline; the others must not race one on a busy machine.
        deadline = 0.5 if reply.delay else 30.0
        app = make_app(server.url, token=TOKEN, deadline=deadline, **FAST_RETRIES)
        async with app.run_test(size=(120, 40)) as pilot:
            await open_ticket(pilot, EXAMPLE_ID)
            shown_title, body, hint = _notice(app)
            assert shown_title == title
            assert words in body
            assert hint, "every error says what to do next"
            assert TOKEN not in app.export_screenshot()
            # Still alive: the next lookup works.
            await open_ticket(pilot, "support_ticket_ok")
            assert app.query_one(ContentSwitcher).current == "ticket"


async def test_connection_refused_says_network_unreachable() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = make_app(f"http://127.0.0.1:{port}", token=TOKEN, **FAST_RETRIES)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, EXAMPLE_ID)
        title, body, _ = _notice(app)
        assert title == "Network unreachable"
        assert "refused" in body


async def test_no_token_opens_and_says_how_to_set_one_then_refuses_plainly(demo_server) -> None:
    app = make_app(demo_server.base_url)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        title, _, hint = _notice(app)
        assert title == "No API token is set" and "VERIFIK_TOKEN" in hint
        await open_ticket(pilot, EXAMPLE_ID)
        title, _, hint = _notice(app)
        assert title == "No API token" and "VERIFIK_TOKEN" in hint


async def test_requests_carry_the_token_and_headers_with_the_id_as_one_segment() -> None:
    with FaultServer() as server:
        app = make_app(server.url, token=TOKEN)
        async with app.run_test(size=(120, 40)) as pilot:
            await open_ticket(pilot, "a/b ../x?y#z")
            request = server.requests[-1]
            assert request.path == "/v2/support-tickets/a%2Fb%20..%2Fx%3Fy%23z"
            assert request.authorization == f"Bearer {TOKEN}"
            assert request.headers["content-type"] == "application/json"


async def test_a_slow_old_answer_never_replaces_a_newer_ticket() -> None:
    slow = _example_body()
    slow["data"]["title"] = "The OLD ticket"
    fast = _example_body()
    fast["data"]["_id"] = "support_ticket_new"
    fast["data"]["title"] = "The NEW ticket"
    with FaultServer() as server:
        server.route(TICKET_PATH, Reply(200, slow, delay=0.4))
        server.route("/v2/support-tickets/support_ticket_new", Reply(200, fast))
        app = make_app(server.url, token=TOKEN)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("slash")
            app.query_one("#id-input").value = EXAMPLE_ID
            await pilot.press("enter")
            await open_ticket(pilot, "support_ticket_new")
            await settle(pilot)
            assert app.ticket.title == "The NEW ticket"
            assert len(server.hits(TICKET_PATH)) == 1
            assert app.query_one(ContentSwitcher).current == "ticket"


async def test_escape_cancels_a_fetch_in_flight(demo_server) -> None:
    with FaultServer() as server:
        server.route(TICKET_PATH, Reply(200, _example_body(), delay=30))
        app = make_app(server.url, token=TOKEN, deadline=60)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("slash")
            app.query_one("#id-input").value = EXAMPLE_ID
            await pilot.press("enter")
            await pilot.pause()
            assert _notice(app)[0].startswith("Loading")
            await pilot.press("escape")
            await settle(pilot)
            assert _notice(app)[0] == "Look up a ticket"
            assert app.ticket is None


async def test_a_retry_shows_a_countdown_and_can_be_cancelled() -> None:
    with FaultServer() as server:
        server.route(TICKET_PATH, Reply(503, HTML, headers={"Retry-After": "20"}))
        app = make_app(server.url, token=TOKEN, deadline=60)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("slash")
            app.query_one("#id-input").value = EXAMPLE_ID
            await pilot.press("enter")
            for _ in range(200):
                await pilot.pause(0.01)
                if "Trying again" in _notice(app)[1]:
                    break
            body = _notice(app)[1]
            assert "Trying again in 20 s (attempt 2 of 3)" in body and "503" in body
            await pilot.press("escape")
            await settle(pilot)
            assert len(server.hits(TICKET_PATH)) == 1


async def test_hostile_ticket_text_is_shown_literally_and_never_reaches_the_terminal(demo_server) -> None:
    hostile = next(ticket_id for ticket_id, _ in SAMPLE_IDS if "hostile" in ticket_id)
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(160, 50)) as pilot:
        await open_ticket(pilot, hostile)
        thread = app.query_one("#conversation")
        drawn = "\n".join(line for index in range(thread.message_count) for line in thread.message_lines(index))
        assert "[@click=app.quit]" in drawn
        assert "^[" in drawn
        for bad in ("\x1b", "\x9b", "\x07", "\u202e"):
            assert bad not in drawn
        screen = app.export_screenshot()
        assert "\x1b" not in screen and "\u202e" not in screen
        # Clicking on the text acts on nothing: the app is still running.
        await pilot.click("#conversation", offset=(10, 2))
        await pilot.click("#ticket-header", offset=(5, 0))
        await pilot.pause()
        assert app.is_running
