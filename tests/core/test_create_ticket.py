"""Creating a ticket: one POST against real servers on loopback (the demo API and a fault server).

Every failure is checked for the one thing that matters with a POST: it was sent exactly once,
and the words say whether the ticket may exist.
"""

from __future__ import annotations

import asyncio
import json
import socket

import httpx
import pytest

from app.core.api.client import TicketClient
from app.core.api.new_ticket import NewTicket
from app.core.errors import (
    ApiRejected,
    CreateRefused,
    InvalidResponse,
    NetworkError,
    RateLimited,
    RequestTimeout,
    ServerError,
    TicketViewError,
    Unauthorized,
)
from app.demo.server import DemoServer
from tests.fault_server import FaultServer, Reply, clear_proxy_env

# isort: split
from tests.fault_server import fault_server_fixture  # noqa: F401

TOKEN = "s3cr3t-t0ken-value"
PATH = "/v2/support-tickets"
NEW = NewTicket.of(
    title="Biometric API answers 401",
    description="Every call since this morning answers 401.\nThe key is new.",
    priority="high",
    category="technical",
    tags=["api", "auth"],
)
CREATED = {
    "success": True,
    "data": {
        "_id": "support_ticket_900000001",
        "title": NEW.title,
        "description": NEW.description,
        "status": "open",
        "priority": "high",
        "category": "technical",
        "client": "client_1",
        "assignedTo": None,
        "threads": [{"author": "client_1", "message": NEW.description, "type": "user"}],
        "tags": ["api", "auth"],
    },
}


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_proxy_env(monkeypatch)


def client_for(url: str, token: str | None = TOKEN, **options: float) -> TicketClient:
    settings: dict[str, float] = {"connect_timeout": 2.0, "read_timeout": 2.0, "deadline": 10.0}
    settings.update(options)
    return TicketClient(url, token, require_token=token is not None, **settings)  # type: ignore[arg-type]


async def create_error(url: str, new: NewTicket = NEW, **options: float) -> TicketViewError:
    async with client_for(url, **options) as client:
        with pytest.raises(TicketViewError) as caught:
            await client.create_ticket(new)
    assert TOKEN not in str(caught.value) and TOKEN not in caught.value.hint
    return caught.value


# --- the demo API -------------------------------------------------------------------------


async def test_a_ticket_is_created_on_the_demo_api_and_opens_like_the_others(own_demo: DemoServer) -> None:
    async with client_for(own_demo.base_url, token=None) as client:
        created = await client.create_ticket(NEW)
        fetched = await client.get_ticket(created.id)
    assert created.id.startswith("support_ticket_") and created.id.removeprefix("support_ticket_").isdigit()
    assert (created.title, created.status, created.priority, created.category) == (
        NEW.title,
        "open",
        "high",
        "technical",
    )
    assert created.assigned_to is None and created.tags == ["api", "auth"]
    assert [(t.type, t.message) for t in created.threads] == [("user", NEW.description)]
    assert fetched.id == created.id and fetched.description == NEW.description


@pytest.mark.parametrize(
    ("body", "field", "code", "words"),
    [
        ({"title": " ", "description": "d", "priority": "low", "category": "general"}, "title", "TITLE_REQUIRED",
         "Title is required"),
        ({"title": "t", "description": "d", "priority": "asap", "category": "general"}, "priority",
         "INVALID_PRIORITY", "Invalid priority level"),
    ],
)  # fmt: skip
async def test_the_demo_apis_refusals_name_their_field(
    own_demo: DemoServer, body: dict[str, str], field: str, code: str, words: str
) -> None:
    # sent as raw JSON: NewTicket itself never lets such a ticket go out
    async with httpx.AsyncClient() as raw:
        answer = await raw.post(f"{own_demo.base_url}{PATH}", json=body)
    assert answer.status_code == 400 and answer.json() == {"error": words, "message": code}

    with FaultServer() as relay:  # the client reading the demo API's very answer
        relay.route(PATH, Reply(400, answer.json()))
        error = await create_error(relay.url)
    assert isinstance(error, CreateRefused)
    assert (error.field, error.code, error.status, error.message) == (field, code, 400, words)
    assert error.exit_code == 1 and not error.may_have_been_created


async def test_a_ticket_with_problems_is_never_sent(fault_server: FaultServer) -> None:
    error = await create_error(fault_server.url, NEW.with_values(priority="asap"))
    assert isinstance(error, CreateRefused) and error.field == "priority"
    assert "Nothing was sent" in error.message
    assert fault_server.requests == []


# --- one POST, whatever goes wrong -------------------------------------------------------------


async def test_the_body_and_the_token_go_in_one_post(fault_server: FaultServer) -> None:
    fault_server.route(PATH, Reply(201, CREATED))
    async with client_for(fault_server.url) as client:
        created = await client.create_ticket(NEW)
    assert created.id == "support_ticket_900000001"
    (post,) = fault_server.requests
    assert (post.method, post.path, post.authorization) == ("POST", PATH, f"Bearer {TOKEN}")
    assert post.headers["content-type"] == "application/json"
    assert json.loads(post.body) == NEW.body()


@pytest.mark.parametrize("status", [500, 502, 503, 504])
async def test_a_server_error_after_the_body_was_read_is_not_retried_and_may_have_created_it(
    fault_server: FaultServer, status: int
) -> None:
    fault_server.route(PATH, Reply(status, "<html>Bad gateway</html>", {"Content-Type": "text/html"}))
    error = await create_error(fault_server.url)
    assert isinstance(error, ServerError) and error.exit_code == 4
    assert error.may_have_been_created and not error.retryable
    assert "may have been created" in error.message and "queue" in error.hint
    (post,) = fault_server.requests
    assert json.loads(post.body) == NEW.body()


async def test_a_connection_dropped_after_sending_is_not_retried_and_may_have_created_it(
    fault_server: FaultServer,
) -> None:
    fault_server.route(PATH, Reply(hang_up=True))
    error = await create_error(fault_server.url)
    assert isinstance(error, NetworkError) and error.may_have_been_created
    assert "may have been created" in error.message
    assert len(fault_server.requests) == 1


async def test_a_timeout_after_sending_is_not_retried_and_may_have_created_it(fault_server: FaultServer) -> None:
    fault_server.route(PATH, Reply(201, CREATED, delay=30))
    error = await create_error(fault_server.url, read_timeout=0.3)
    assert isinstance(error, RequestTimeout) and error.may_have_been_created
    assert "may have been created" in error.message
    assert len(fault_server.requests) == 1


async def test_the_whole_exchange_has_a_deadline(fault_server: FaultServer) -> None:
    fault_server.route(PATH, Reply(201, CREATED, drip=(1, 0.1)))  # answers, but a byte at a time
    error = await create_error(fault_server.url, deadline=0.5)
    assert isinstance(error, RequestTimeout) and error.may_have_been_created
    assert len(fault_server.requests) == 1


async def test_rate_limited_is_not_retried_and_was_not_created(fault_server: FaultServer) -> None:
    fault_server.route(PATH, Reply(429, {"error": "Too many"}, {"Retry-After": "0"}))
    error = await create_error(fault_server.url)
    assert isinstance(error, RateLimited) and not error.may_have_been_created
    assert "not created" in error.message
    assert len(fault_server.requests) == 1


@pytest.mark.parametrize("status", [401, 403])
async def test_authentication_failures_are_auth_errors(fault_server: FaultServer, status: int) -> None:
    fault_server.route(PATH, Reply(status, {"error": "Unauthorized"}))
    error = await create_error(fault_server.url)
    assert isinstance(error, Unauthorized) and error.exit_code == 3 and not error.may_have_been_created
    assert len(fault_server.requests) == 1


async def test_no_endpoint_at_the_base_url_says_to_check_it(fault_server: FaultServer) -> None:
    error = await create_error(fault_server.url)  # no route: 404
    assert isinstance(error, ApiRejected) and error.exit_code == 1 and "base" in error.hint.lower()


async def test_a_redirect_is_not_followed(fault_server: FaultServer) -> None:
    fault_server.route(PATH, Reply(307, b"", {"Location": "/elsewhere"}))
    error = await create_error(fault_server.url)
    assert error.may_have_been_created
    assert [request.path for request in fault_server.requests] == [PATH]


async def test_a_success_that_is_not_a_ticket_may_still_have_created_it(fault_server: FaultServer) -> None:
    fault_server.route(PATH, Reply(200, {"success": True, "data": "done"}))
    error = await create_error(fault_server.url)
    assert isinstance(error, InvalidResponse) and error.may_have_been_created


async def test_a_refused_connection_sent_nothing() -> None:
    with socket.socket() as spare:  # a port nothing listens on
        spare.bind(("127.0.0.1", 0))
        port = spare.getsockname()[1]
    error = await create_error(f"http://127.0.0.1:{port}")
    assert isinstance(error, NetworkError) and not error.may_have_been_created
    assert "Nothing was sent" in error.message


@pytest.mark.parametrize(
    ("answer", "field", "code"),
    [
        ({"error": "Description is required", "message": "DESCRIPTION_REQUIRED"}, "description", "DESCRIPTION_REQUIRED"),
        ({"error": "Invalid category", "message": "INVALID_CATEGORY"}, "category", "INVALID_CATEGORY"),
        ({"code": "INVALID_TAGS", "message": "Tags must be strings"}, "tags", "INVALID_TAGS"),
        ({"error": "Duplicate ticket", "message": "DUPLICATE"}, None, "DUPLICATE"),
        ({"error": "\x1b[31mRed\x1b]0;x\x07 words"}, None, None),
        (b"<html>nope</html>", None, None),
    ],
)  # fmt: skip
async def test_refusals_of_either_shape_map_to_fields_and_stay_display_safe(
    fault_server: FaultServer, answer: dict[str, str] | bytes, field: str | None, code: str | None
) -> None:
    fault_server.route(PATH, Reply(422, answer))
    error = await create_error(fault_server.url)
    assert isinstance(error, CreateRefused) and (error.field, error.code, error.status) == (field, code, 422)
    assert "\x1b" not in error.message and "\x07" not in error.message and error.message


async def test_a_token_echoed_in_a_refusal_is_blanked(fault_server: FaultServer) -> None:
    fault_server.route(PATH, Reply(400, {"error": f"Bad token {TOKEN}", "message": "BAD"}))
    error = await create_error(fault_server.url)  # create_error asserts the token is not in the words
    assert "<token>" in error.message


async def test_the_token_never_goes_over_plain_http_to_another_computer() -> None:
    sent: list[str | None] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request.headers.get("authorization"))
        return httpx.Response(401, json={"error": "Unauthorized"})

    async with TicketClient("http://api.example.com", TOKEN, transport=httpx.MockTransport(answer)) as client:
        with pytest.raises(Unauthorized):
            await client.create_ticket(NEW)
    assert sent == [None]


async def test_concurrent_creations_each_send_once(own_demo: DemoServer) -> None:
    async with client_for(own_demo.base_url, token=None) as client:
        made = await asyncio.gather(*(client.create_ticket(NEW.with_values(title=f"T{n}")) for n in range(8)))
    assert len({ticket.id for ticket in made}) == 8
