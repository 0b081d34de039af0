"""Integration tests of the built-in demo API, over real HTTP on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import struct
import subprocess
import sys
import zlib
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest

from app.core.api.models import parse_ticket
from app.demo.huge import huge_ticket
from app.demo.samples import SAMPLE_IDS
from app.demo.server import DemoServer, start_demo_server
from tests.sample_tickets import EXAMPLE_BODY

EXAMPLE_ID = "support_ticket_123456789"
NOT_FOUND = {"error": "Not found", "message": "NOT_FOUND"}
TICKET_NOT_FOUND = {"error": "Support ticket not found", "message": "SUPPORT_TICKET_NOT_FOUND"}
INVALID = {"success": False, "error": "Invalid query parameters", "code": "INVALID_PARAMETERS"}


@pytest.fixture
def client(demo_server: DemoServer) -> Iterator[httpx.Client]:
    """A client of the session's demo API."""
    with httpx.Client(base_url=demo_server.base_url, timeout=30) as http:
        yield http


def _raw_request(server: DemoServer, request: bytes) -> bytes:
    """Send raw bytes on a fresh connection and return everything the server answers."""
    target = urlsplit(server.base_url)
    with socket.create_connection((target.hostname, target.port), timeout=10) as connection:
        connection.sendall(request)
        connection.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def _strings(value: object) -> Iterator[str]:
    """Every string inside a decoded JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _all_items(client: httpx.Client, **params: str) -> list[dict]:
    return client.get("/v2/support-tickets", params={"limit": "100", **params}).json()["data"]


# --- single tickets --------------------------------------------------------------------------


def test_example_ticket_is_the_api_page_example(demo_server: DemoServer, client: httpx.Client) -> None:
    expected = json.loads(EXAMPLE_BODY)  # only the attachment's origin may differ
    here = f"{demo_server.base_url}/attachments/{EXAMPLE_ID}/error_logs.txt"
    expected["data"]["attachments"][0]["url"] = here
    response = client.get(f"/v2/support-tickets/{EXAMPLE_ID}", headers={"Authorization": "Bearer anything"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == expected
    assert list(response.json()["data"]) == list(expected["data"])  # same field order too
    ticket = parse_ticket(response.content)
    assert ticket.id == EXAMPLE_ID and ticket.assigned_to == "agent_123456789"
    log = client.get(ticket.attachments[0].url)
    assert len(log.content) == 1024 and b"401" in log.content and log.content.endswith(b"\n")


@pytest.mark.parametrize("ticket_id", [ticket_id for ticket_id, _ in SAMPLE_IDS])
def test_every_sample_parses_and_its_attachments_download(
    demo_server: DemoServer, client: httpx.Client, ticket_id: str
) -> None:
    response = client.get(f"/v2/support-tickets/{ticket_id}")
    assert response.status_code == 200
    ticket = parse_ticket(response.content)
    assert ticket.id == ticket_id and ticket.title and ticket.threads
    for attachment in ticket.attachments:
        assert attachment.url and attachment.url.startswith(f"{demo_server.base_url}/attachments/")
        download = client.get(attachment.url)
        assert download.status_code == 200, attachment.filename
        assert len(download.content) == attachment.size
        assert download.headers["content-length"] == str(attachment.size)
        assert download.headers["content-type"] == attachment.type


def test_sample_ids_are_unique_and_described() -> None:
    ids = [ticket_id for ticket_id, _ in SAMPLE_IDS]
    assert ids[0] == EXAMPLE_ID and len(set(ids)) == len(ids) == 8
    assert all(description.strip() for _, description in SAMPLE_IDS)
    assert "10,000" in dict(SAMPLE_IDS)["support_ticket_huge"]


def test_sample_kinds_are_what_the_start_screen_promises(client: httpx.Client) -> None:
    tickets = {
        ticket_id: parse_ticket(client.get(f"/v2/support-tickets/{ticket_id}").content) for ticket_id, _ in SAMPLE_IDS
    }
    resolved = next(ticket for ticket in tickets.values() if ticket.status == "resolved")
    assert resolved.resolution and resolved.resolved_at and any(m.type == "system" for m in resolved.threads)
    assert any(len(t.threads) >= 60 and "\n\n" in (t.threads[0].message or "") for t in tickets.values())
    unassigned = next(ticket for ticket in tickets.values() if ticket.assigned_to is None)
    assert unassigned.attachments == [] and (unassigned.status, unassigned.priority) == ("open", "urgent")
    types = {attachment.type for ticket in tickets.values() for attachment in ticket.attachments}
    kinds = {"text/plain", "application/json", "text/csv", "application/yaml", "image/png", "application/pdf"}
    assert kinds <= types


def test_showcase_files_are_real_files(client: httpx.Client) -> None:
    ticket = parse_ticket(client.get("/v2/support-tickets/support_ticket_427361905").content)
    files = {attachment.type: client.get(attachment.url or "").content for attachment in ticket.attachments}
    png = files["image/png"]
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    length, kind = struct.unpack(">I4s", png[8:16])
    (crc,) = struct.unpack(">I", png[16 + length : 20 + length])
    assert kind == b"IHDR" and crc == zlib.crc32(png[12 : 16 + length])
    pdf = files["application/pdf"]
    start_xref = int(pdf.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert pdf.startswith(b"%PDF-1.") and pdf.endswith(b"%%EOF\n") and pdf[start_xref:].startswith(b"xref")
    assert json.loads(files["application/json"])["event"]
    assert files["text/csv"].splitlines()[0].startswith(b"date,")
    assert 38 * 1024 <= len(files["text/plain"]) <= 48 * 1024
    assert len(files["application/octet-stream"]) == 8 * 1024 * 1024


def test_hostile_ticket_carries_its_traps_intact(client: httpx.Client) -> None:
    response = client.get("/v2/support-tickets/support_ticket_hostile")
    assert response.content.isascii()  # escaped JSON: dumping the body cannot steer a terminal
    ticket = parse_ticket(response.content)
    text = "\n".join(_strings(response.json()))
    for trap in ("[@click=app.quit]", "[link=https://evil.example]", "\u001b[2J", "\u001b]52;c;aGk=\u0007"):
        assert trap in text
    assert "\u009b" in text and (ticket.status, ticket.priority) == ("escalated", "p0")
    assert "bot" in {message.type for message in ticket.threads}
    assert {"invoice\u202efdp.exe", "../../etc/passwd"} <= {a.filename for a in ticket.attachments}


def test_huge_ticket_has_10000_messages_and_200_attachments(client: httpx.Client) -> None:
    response = client.get("/v2/support-tickets/support_ticket_huge")
    ticket = parse_ticket(response.content)
    assert len(ticket.threads) == 10_000 and len(ticket.attachments) == 200
    assert {message.type for message in ticket.threads} == {"user", "agent", "system"}
    assert all(40 <= len((m.message or "").split()) <= 70 for m in ticket.threads if m.type != "system")
    assert ticket.updated_at == ticket.threads[-1].timestamp
    assert client.get("/v2/support-tickets/support_ticket_huge").content == response.content


def test_an_added_variant_is_served_by_its_server_only() -> None:
    server = start_demo_server()
    try:
        server.add_ticket(huge_ticket(messages=3, attachments=2))
        ticket = parse_ticket(httpx.get(f"{server.base_url}/v2/support-tickets/support_ticket_huge").content)
        assert len(ticket.threads) == 3 and len(ticket.attachments) == 2
        download = httpx.get(ticket.attachments[1].url or "")
        assert download.status_code == 200 and len(download.content) == ticket.attachments[1].size
    finally:
        server.stop()


# --- errors and odd requests -----------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/v2/support-tickets/nope", f"/v2/support-tickets/{EXAMPLE_ID}%2Fextra", "/v2/support-tickets/..%2Fx"]
    + ["/v2/support-tickets/%ZZ%C3%28", "/v2/support-tickets/%00"],
)
def test_unknown_ticket_is_404_with_the_documented_body(client: httpx.Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404 and response.json() == TICKET_NOT_FOUND


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/v2",
        "/v2/support-tickets/a/b",
        "/support-tickets/support_ticket_123456789",
        f"/v2%2Fsupport-tickets%2F{EXAMPLE_ID}",
        "/attachments",
        f"/attachments/{EXAMPLE_ID}",
        f"/attachments/{EXAMPLE_ID}/nope.txt",
        f"/attachments/{EXAMPLE_ID}%2Ferror_logs.txt",
        f"/attachments/{EXAMPLE_ID}/error_logs.txt/more",
        "/attachments/support_ticket_huge/kiosk_log_0000.txt",
        "/attachments/nope/..%2F..%2Fetc%2Fpasswd",
    ],
)
def test_other_paths_are_404_not_found(client: httpx.Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404 and response.json() == NOT_FOUND


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "OPTIONS", "BREW"])
def test_other_methods_are_405(client: httpx.Client, method: str) -> None:
    response = client.request(method, f"/v2/support-tickets/{EXAMPLE_ID}", content=b"{}")
    assert response.status_code == 405 and response.headers["allow"] == "GET, HEAD"
    assert client.get(f"/v2/support-tickets/{EXAMPLE_ID}").status_code == 200


def test_head_answers_headers_only(client: httpx.Client) -> None:
    response = client.head("/attachments/support_ticket_427361905/device_capture.bin")
    assert response.status_code == 200 and response.content == b""
    assert response.headers["content-length"] == str(8 * 1024 * 1024)


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"GARBAGE\r\n\r\n",
        b"GET\r\n\r\n",
        b"GET /v2/support-tickets/x HTTP/9.9\r\n\r\n",
        b"GET http://[oops/v2 HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET //v2/support-tickets HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET * HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET / HTTP/1.1\r\nContent-Length: nope\r\n\r\n",
        b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n",
        b"",
    ],
)
def test_malformed_requests_neither_crash_nor_print(
    demo_server: DemoServer, client: httpx.Client, capfd: pytest.CaptureFixture[str], request_bytes: bytes
) -> None:
    answer = _raw_request(demo_server, request_bytes)
    if answer.startswith(b"HTTP/"):
        answer = answer.split(b"\r\n\r\n", 1)[1]
    assert answer == b"" or isinstance(json.loads(answer), dict)  # HTTP/0.9 style: a bare body
    assert client.get(f"/v2/support-tickets/{EXAMPLE_ID}").status_code == 200
    assert capfd.readouterr().err == ""


def test_a_client_leaving_mid_download_is_harmless(
    demo_server: DemoServer, client: httpx.Client, capfd: pytest.CaptureFixture[str]
) -> None:
    target = urlsplit(demo_server.base_url)
    with socket.create_connection((target.hostname, target.port), timeout=10) as connection:
        connection.sendall(b"GET /attachments/support_ticket_427361905/device_capture.bin HTTP/1.1\r\n\r\n")
        assert connection.recv(12) == b"HTTP/1.1 200"
    assert client.get(f"/v2/support-tickets/{EXAMPLE_ID}").status_code == 200
    assert capfd.readouterr().err == ""


def test_a_get_with_a_body_keeps_the_connection_usable(demo_server: DemoServer) -> None:
    request = "GET /v2/support-tickets/nope HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
    answer = _raw_request(demo_server, (request + "GET /v2 HTTP/1.1\r\nHost: x\r\n\r\n").encode())
    assert answer.count(b"HTTP/1.1 404") == 2


# --- the list ------------------------------------------------------------------------------------


def test_list_defaults_and_shape(client: httpx.Client) -> None:
    body = client.get("/v2/support-tickets").json()
    total = body["pagination"]["total"]
    assert body["success"] is True and "counts" not in body
    assert body["pagination"] == {"page": 1, "limit": 10, "total": total, "pages": -(-total // 10)}
    assert 40 <= total <= 60 and len(body["data"]) == 10
    assert all("threads" not in item and "attachments" not in item for item in body["data"])
    everything = _all_items(client)
    assert len(everything) == total and EXAMPLE_ID in {item["_id"] for item in everything}
    stamps = [item["updatedAt"] for item in everything]
    assert stamps == sorted(stamps, reverse=True)
    assert len({item["assignedTo"] for item in everything}) >= 4
    categories = {item["category"] for item in everything}
    assert {"technical", "billing", "account", "feature_request", "general"} <= categories


def test_list_pages_cover_everything_once(client: httpx.Client) -> None:
    everything = _all_items(client)
    pages = -(-len(everything) // 7)
    seen: list[dict] = []
    for page in range(1, pages + 1):
        body = client.get("/v2/support-tickets", params={"page": page, "limit": 7}).json()
        assert body["pagination"] == {"page": page, "limit": 7, "total": len(everything), "pages": pages}
        seen += body["data"]
    assert seen == everything
    beyond = client.get("/v2/support-tickets", params={"page": pages + 1, "limit": 7}).json()
    assert beyond["data"] == [] and beyond["pagination"]["page"] == pages + 1
    assert client.get("/v2/support-tickets", params={"limit": 1000}).json()["pagination"]["limit"] == 100


@pytest.mark.parametrize(
    "params",
    [
        {"status": "resolved"},
        {"priority": "urgent"},
        {"category": "billing"},
        {"status": "open", "category": "technical"},
    ],
)
def test_list_filters(client: httpx.Client, params: dict[str, str]) -> None:
    everything = _all_items(client)
    expected = [item for item in everything if all(item[key] == value for key, value in params.items())]
    body = client.get("/v2/support-tickets", params={"limit": "100", **params}).json()
    assert expected and body["data"] == expected and body["pagination"]["total"] == len(expected)


def test_count_by_status_ignores_only_the_status_filter(client: httpx.Client) -> None:
    billing = _all_items(client, category="billing")
    body = client.get(
        "/v2/support-tickets", params={"countByStatus": "true", "category": "billing", "status": "closed"}
    ).json()
    for status in ("open", "pending", "in_progress", "resolved", "closed"):
        assert body["counts"][status] == sum(item["status"] == status for item in billing)
    assert all(item["status"] == "closed" and item["category"] == "billing" for item in body["data"])
    overall = client.get("/v2/support-tickets", params={"countByStatus": "true"}).json()
    assert sum(overall["counts"].values()) == overall["pagination"]["total"]
    assert "counts" not in client.get("/v2/support-tickets", params={"countByStatus": "false"}).json()


_INVALID_QUERIES = "page=abc page=0 page=1.5 page=-1 limit=0 limit=-3 limit=ten status=bogus status=escalated"
_INVALID_QUERIES += " priority=p0 category=sales countByStatus=maybe"


@pytest.mark.parametrize("query", _INVALID_QUERIES.split())
def test_list_rejects_invalid_parameters(client: httpx.Client, query: str) -> None:
    response = client.get(f"/v2/support-tickets?{query}")
    assert response.status_code == 400 and response.json() == INVALID


# --- the server itself ----------------------------------------------------------------------------


def test_server_imports_nothing_heavy_and_builds_nothing_at_start() -> None:
    code = (
        "import sys; from app.demo.server import start_demo_server; server = start_demo_server(); "
        "server.stop(); heavy = {'pydantic', 'httpx', 'textual', 'app.demo.catalog'} & set(sys.modules); "
        "print(sorted(heavy))"
    )
    command = [sys.executable, "-c", code]
    result = subprocess.run(command, capture_output=True, text=True, check=True, timeout=60)
    assert result.stdout.strip() == "[]" and result.stderr == ""


def test_stop_is_idempotent_and_closes_the_port() -> None:
    server = start_demo_server()
    assert server.base_url.startswith("http://127.0.0.1:") and not server.base_url.endswith("/")
    with httpx.Client() as http:
        assert http.get(f"{server.base_url}/v2/support-tickets/{EXAMPLE_ID}").status_code == 200
        server.stop()
        server.stop()
        with pytest.raises(httpx.TransportError):
            http.get(f"{server.base_url}/v2/support-tickets/{EXAMPLE_ID}")
