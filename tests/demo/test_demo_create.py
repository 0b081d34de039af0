"""The demo API's create endpoint, over real HTTP on 127.0.0.1: the API page's checks and answers,
and new tickets that open and are listed for the rest of the run."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import httpx
import pytest

from app.core.api.models import parse_ticket
from app.demo.server import DemoServer, start_demo_server

PATH = "/v2/support-tickets"
GOOD = {
    "title": "API Integration Issue",
    "description": "Having trouble integrating the biometric validation API.",
    "priority": "high",
    "category": "technical",
    "tags": ["api", "authentication"],
    "attachments": [
        {"filename": "error_logs.txt", "url": "https://storage.example/e.txt", "size": 1024, "type": "text/plain"}
    ],
}


@pytest.fixture
def client(own_demo: DemoServer) -> Iterator[httpx.Client]:
    """A client of a demo API of this test's own: what it creates never reaches the shared one's queue."""
    with httpx.Client(base_url=own_demo.base_url, timeout=30) as http:
        yield http


def test_a_new_ticket_is_answered_as_the_api_page_shows_it(client: httpx.Client) -> None:
    before = datetime.now(UTC) - timedelta(seconds=1)
    answer = client.post(PATH, json=GOOD)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/json")
    body = answer.json()
    assert body["success"] is True
    data = body["data"]
    assert data["_id"].startswith("support_ticket_") and data["_id"].removeprefix("support_ticket_").isdigit()
    assert {key: data[key] for key in ("title", "description", "priority", "category", "tags", "attachments")} == GOOD
    assert (data["status"], data["assignedTo"], data["resolution"], data["resolvedAt"]) == ("open", None, None, None)
    assert data["client"].startswith("client_")
    (thread,) = data["threads"]
    assert thread == {
        "author": data["client"],
        "message": GOOD["description"],
        "timestamp": data["createdAt"],
        "type": "user",
    }
    created = datetime.fromisoformat(data["createdAt"])
    assert data["updatedAt"] == data["createdAt"] and before <= created <= datetime.now(UTC)
    assert parse_ticket(answer.content).id == data["_id"]  # the client's own parser reads it


def test_the_new_ticket_opens_and_heads_the_queue_and_its_counts(client: httpx.Client) -> None:
    counts_before = client.get(PATH, params={"countByStatus": "true"}).json()["counts"]
    first = client.post(PATH, json=GOOD).json()["data"]
    second = client.post(PATH, json={**GOOD, "title": "Second", "priority": "low"}).json()["data"]
    assert first["_id"] != second["_id"]

    opened = client.get(f"{PATH}/{first['_id']}")
    assert opened.status_code == 200 and opened.json()["data"] == first

    listed = client.get(PATH, params={"countByStatus": "true", "limit": "5"}).json()
    assert [item["_id"] for item in listed["data"][:2]] == [second["_id"], first["_id"]]  # newest first
    assert "threads" not in listed["data"][0] and listed["data"][0]["title"] == "Second"
    assert listed["counts"]["open"] == counts_before["open"] + 2
    high = client.get(PATH, params={"priority": "high", "status": "open"}).json()["data"]
    assert first["_id"] in [item["_id"] for item in high] and second["_id"] not in [item["_id"] for item in high]


def test_new_tickets_last_the_run_only(own_demo: DemoServer) -> None:
    made = httpx.post(f"{own_demo.base_url}{PATH}", json=GOOD).json()["data"]["_id"]
    other = start_demo_server()
    try:
        assert httpx.get(f"{other.base_url}{PATH}/{made}").status_code == 404
    finally:
        other.stop()


@pytest.mark.parametrize(
    ("change", "error", "code"),
    [
        ({"title": None}, "Title is required", "TITLE_REQUIRED"),
        ({"title": "   "}, "Title is required", "TITLE_REQUIRED"),
        ({"title": 5}, "Title must be text", "INVALID_TITLE"),
        ({"title": "x" * 201}, "Title is too long (at most 200 characters)", "TITLE_TOO_LONG"),
        ({"description": ""}, "Description is required", "DESCRIPTION_REQUIRED"),
        ({"priority": "asap"}, "Invalid priority level", "INVALID_PRIORITY"),
        ({"priority": "High"}, "Invalid priority level", "INVALID_PRIORITY"),
        ({"priority": None}, "Priority is required", "PRIORITY_REQUIRED"),
        ({"category": "sales"}, "Invalid category", "INVALID_CATEGORY"),
        ({"category": ["technical"]}, "Invalid category", "INVALID_CATEGORY"),
        ({"tags": "api"}, "Tags must be a list of text", "INVALID_TAGS"),
        ({"tags": [1]}, "Tags must be a list of text", "INVALID_TAGS"),
        ({"attachments": [{"filename": "a"}]}, "Attachments must be a list of {filename, url, size, type}",
         "INVALID_ATTACHMENTS"),
    ],
)  # fmt: skip
def test_a_bad_field_is_refused_in_the_apis_words(
    client: httpx.Client, change: dict[str, object], error: str, code: str
) -> None:
    body = {key: value for key, value in {**GOOD, **change}.items() if value is not None}
    answer = client.post(PATH, json=body)
    assert answer.status_code == 400 and answer.json() == {"error": error, "message": code}
    assert client.get(PATH, params={"limit": "100"}).json()["pagination"]["total"] == 47  # nothing was kept


@pytest.mark.parametrize("content", [b"", b"{not json", b"[1, 2]", b'"text"', b"\xff\xfe", b"[" * 50_000])
def test_a_body_that_is_not_a_json_object_is_400(client: httpx.Client, content: bytes) -> None:
    answer = client.post(PATH, content=content, headers={"Content-Type": "application/json"})
    assert answer.status_code == 400 and answer.json()["message"] == "INVALID_JSON"


def _raw(server: DemoServer, request: bytes) -> bytes:
    target = urlsplit(server.base_url)
    with socket.create_connection((target.hostname, target.port), timeout=10) as connection:
        connection.sendall(request)
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_a_body_over_256_kib_is_413_unread(own_demo: DemoServer) -> None:
    # only the headers are sent: a server that tried to read the body would wait, not answer
    answer = _raw(own_demo, f"POST {PATH} HTTP/1.1\r\nHost: x\r\nContent-Length: {256 * 1024 + 1}\r\n\r\n".encode())
    assert answer.startswith(b"HTTP/1.1 413") and b"PAYLOAD_TOO_LARGE" in answer


def test_a_body_of_unknown_length_is_411(own_demo: DemoServer) -> None:
    answer = _raw(own_demo, f"POST {PATH} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n".encode())
    assert answer.startswith(b"HTTP/1.1 411") and b"LENGTH_REQUIRED" in answer


def test_post_elsewhere_is_405_and_the_collection_says_it_takes_post(client: httpx.Client) -> None:
    answer = client.post(f"{PATH}/support_ticket_123456789", json=GOOD)
    assert answer.status_code == 405 and answer.headers["allow"] == "GET, HEAD"
    answer = client.put(PATH, json=GOOD)
    assert answer.status_code == 405 and answer.headers["allow"] == "GET, HEAD, POST"


def test_the_connection_is_kept_alive_after_a_post(client: httpx.Client) -> None:
    client.post(PATH, json=GOOD)
    client.post(PATH, content=b"{bad")
    assert client.get(f"{PATH}/support_ticket_123456789").status_code == 200  # the same connection parses on


def test_concurrent_posts_each_make_one_ticket(own_demo: DemoServer) -> None:
    def create(number: int) -> str:
        with httpx.Client(base_url=own_demo.base_url, timeout=30) as http:
            return str(http.post(PATH, json={**GOOD, "title": f"T{number}"}).json()["data"]["_id"])

    with ThreadPoolExecutor(8) as pool:
        made = list(pool.map(create, range(40)))
    assert len(set(made)) == 40
    listed = httpx.get(f"{own_demo.base_url}{PATH}", params={"limit": "100"}).json()
    assert listed["pagination"]["total"] == 47 + 40
    assert set(made) <= {item["_id"] for item in listed["data"]}


def test_json_with_escapes_and_any_script_round_trips(client: httpx.Client) -> None:
    title = 'Línea "uno", =1+1 \u202e 日本'
    made = client.post(PATH, content=json.dumps({**GOOD, "title": title}).encode()).json()["data"]
    assert client.get(f"{PATH}/{made['_id']}").json()["data"]["title"] == title
