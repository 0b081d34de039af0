"""The token never travels in clear: plain http only to this computer and never through a proxy, a
plain-http base URL elsewhere refused before anything is sent, a password in a base URL masked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.api.client import TicketClient
from app.core.config.settings import SettingsError, format_settings, load_settings
from app.core.net import base_url_problem, mask_password
from tests.fault_server import PROXY_VARIABLES, FaultServer, Reply

TOKEN = "tok-PROXY-5e1f"
TICKET = {"success": True, "data": {"_id": "T-1", "title": "Seen"}}


@pytest.fixture
def servers() -> Iterator[tuple[FaultServer, FaultServer]]:
    with FaultServer() as api, FaultServer() as proxy:
        api.route("/v2/support-tickets/T-1", Reply(200, TICKET))
        yield api, proxy


def environ(tmp_path: Path, **values: str) -> dict[str, str]:
    return {"TICKETVIEW_CONFIG": str(tmp_path / "absent.toml"), "HOME": str(tmp_path), **values}


@pytest.mark.parametrize("variable", ["HTTP_PROXY", "http_proxy", "ALL_PROXY"])
async def test_plain_http_to_this_computer_never_goes_through_a_proxy(
    servers: tuple[FaultServer, FaultServer], monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    api, proxy = servers
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(variable, proxy.url)
    monkeypatch.setenv("NO_PROXY", "")
    async with TicketClient(api.url, TOKEN) as client:
        ticket = await client.get_ticket("T-1")
    assert ticket.title == "Seen"
    assert proxy.requests == []  # the proxy saw nothing, so not the token
    assert api.requests[0].authorization == f"Bearer {TOKEN}"


async def test_the_token_is_never_sent_over_plain_http_to_another_computer(monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[str | None] = []

    import httpx

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request.headers.get("authorization"))
        return httpx.Response(200, json=TICKET)

    async with TicketClient("http://api.example.com", TOKEN, transport=httpx.MockTransport(answer)) as client:
        await client.get_ticket("T-1")
    assert sent == [None]


@pytest.mark.parametrize(
    "url",
    [
        "http://api.example.com",
        "http://10.0.0.5:8080",
        "HTTP://192.168.1.2",
        "ftp://api.verifik.co",
        "https://",
        "api.verifik.co",
    ],
)
def test_a_base_url_the_token_cannot_safely_go_to_is_a_usage_error(tmp_path: Path, url: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(base_url=url, environ=environ(tmp_path, VERIFIK_TOKEN=TOKEN))
    assert "base URL" in str(caught.value) and TOKEN not in str(caught.value)


@pytest.mark.parametrize(
    "url", ["https://api.verifik.co", "http://127.0.0.1:8080", "http://localhost:9", "http://[::1]:80"]
)
def test_https_and_this_computer_are_fine(url: str) -> None:
    assert base_url_problem(url) is None


def test_a_password_in_the_base_url_is_masked_wherever_it_is_shown(tmp_path: Path) -> None:
    url = "https://agent:s3cret-pass@api.verifik.co/v2"
    assert mask_password(url) == "https://agent:****@api.verifik.co/v2"
    settings = load_settings(environ=environ(tmp_path, VERIFIK_BASE_URL=url, VERIFIK_TOKEN=TOKEN))
    shown = format_settings(settings)
    assert "s3cret-pass" not in shown and "agent:****@api.verifik.co" in shown
    with pytest.raises(SettingsError) as caught:
        load_settings(environ=environ(tmp_path, VERIFIK_BASE_URL="http://agent:s3cret-pass@api.example.com"))
    assert "s3cret-pass" not in str(caught.value) and "agent:****@" in str(caught.value)


async def test_a_token_the_server_echoes_is_never_handed_on(
    servers: tuple[FaultServer, FaultServer], monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.core.api.models import Attachment
    from app.core.attachments.preview import fetch_preview
    from app.core.export import to_json

    api, _ = servers
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    echoed = {"_id": "T-2", "title": f"key {TOKEN}", "threads": [{"message": f"Authorization: Bearer {TOKEN}"}]}
    api.route("/v2/support-tickets/T-2", Reply(200, {"success": True, "data": echoed}))
    api.route("/v2/support-tickets", Reply(200, {"data": [echoed]}))
    api.route(
        "/f/log.txt",
        Reply(200, f"GET /v2 Authorization: Bearer {TOKEN}\n".encode(), headers={"Content-Type": "text/plain"}),
    )
    async with TicketClient(api.url, TOKEN) as client:
        ticket = await client.get_ticket("T-2")
        page = await client.list_tickets()
        preview = await fetch_preview(client, Attachment(filename="log.txt", url=f"{api.url}/f/log.txt"))
    assert TOKEN not in to_json(ticket) and ticket.title == "key <token>"
    assert TOKEN not in page.items[0].model_dump_json()
    assert TOKEN not in preview.text and "Bearer <token>" in preview.text


async def test_a_token_echoed_in_json_escapes_is_blanked_too(
    servers: tuple[FaultServer, FaultServer], monkeypatch: pytest.MonkeyPatch
) -> None:
    api, _ = servers
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    escaped = "".join(f"\\u{ord(char):04x}" for char in TOKEN)  # the same token, spelled in JSON escapes
    body = ('{"data": {"_id": "T-3", "title": "key ' + escaped + '", "description": "caf\\u00e9"}}').encode()
    api.route("/v2/support-tickets/T-3", Reply(200, body, headers={"Content-Type": "application/json"}))
    api.route("/v2/support-tickets", Reply(200, b'{"data": [{"_id": "T-3", "title": "' + escaped.encode() + b'"}]}'))
    async with TicketClient(api.url, TOKEN) as client:
        ticket = await client.get_ticket("T-3")
        page = await client.list_tickets()
    assert ticket.title == "key <token>" and ticket.description == "café"
    assert page.items[0].title == "<token>"
