"""Hosts the user trusts with the token (``trusted_hosts``), and the download size cap
(``max_download_bytes``), from the settings through the app to real servers on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.core.api.client import TicketClient
from app.core.api.models import Attachment
from app.core.attachments.downloads import download_attachment
from app.core.attachments.preview import fetch_preview
from app.core.config.settings import Settings, load_settings
from app.core.errors import DownloadError
from app.tui.app import TicketViewApp
from tests.fault_server import FaultServer, Reply, clear_proxy_env
from tests.helpers import build_app, open_ticket, settle
from widgets.attachments.download_row import DownloadRow

# isort: split
# pytest finds these fixtures by their names, fault_server and other_origin
from tests.fault_server import fault_server_fixture, other_origin_fixture  # noqa: F401

TOKEN = "s3cr3t-t0ken-value"
BEARER = f"Bearer {TOKEN}"
CONTENT = bytes(range(256)) * 40  # 10,240 bytes
TICKET_ID = "T-files"


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_proxy_env(monkeypatch)


@pytest.fixture
def third_origin() -> Iterator[FaultServer]:
    """A server on 127.0.0.3: an origin nobody trusts."""
    with FaultServer("127.0.0.3") as server:
        yield server


def serve_ticket(server: FaultServer, attachments: list[dict[str, object]]) -> None:
    ticket = {"_id": TICKET_ID, "title": "Files", "status": "open", "attachments": attachments}
    server.route(f"/v2/support-tickets/{TICKET_ID}", Reply(200, {"success": True, "data": ticket}))


def settings_from_env(api: FaultServer, folder: Path, **env: str) -> Settings:
    """Settings as the command line loads them, from the environment only."""
    return load_settings(
        environ={
            "VERIFIK_BASE_URL": api.url,
            "VERIFIK_TOKEN": TOKEN,
            "TICKETVIEW_DOWNLOAD_DIR": str(folder),
            "TICKETVIEW_CONFIG": str(folder / "absent.toml"),
            **env,
        }
    )


def rows(app: TicketViewApp) -> dict[str, str]:
    """Each download row's file name and status text."""
    return {
        str(row.attachment.filename): str(row.query_one(".download-status").render()) for row in app.query(DownloadRow)
    }


def files_in(folder: Path) -> list[str]:
    return sorted(entry.name for entry in folder.iterdir() if entry.name != "absent.toml")


# --- through the app -------------------------------------------------------------------------------


async def test_the_app_sends_the_token_to_trusted_hosts_and_nowhere_else(
    fault_server: FaultServer, other_origin: FaultServer, third_origin: FaultServer, tmp_path: Path
) -> None:
    other_origin.route("/f/trusted.txt", Reply(200, CONTENT))
    third_origin.route("/f/untrusted.txt", Reply(200, CONTENT))
    third_origin.route("/f/landed.txt", Reply(200, CONTENT))
    other_origin.route("/f/away.txt", Reply(302, headers={"Location": f"{third_origin.url}/f/landed.txt"}))
    serve_ticket(
        fault_server,
        [
            {"filename": "trusted.txt", "url": f"{other_origin.url}/f/trusted.txt", "size": len(CONTENT)},
            {"filename": "untrusted.txt", "url": f"{third_origin.url}/f/untrusted.txt", "size": len(CONTENT)},
            {"filename": "redirected.txt", "url": f"{other_origin.url}/f/away.txt", "size": len(CONTENT)},
        ],
    )
    folder = tmp_path / "downloads"
    settings = settings_from_env(fault_server, folder, TICKETVIEW_TRUSTED_HOSTS="127.0.0.2")
    app = build_app(settings.base_url, settings=settings, own_client=True)  # the app builds its own client
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, TICKET_ID)
        assert app.ticket is not None
        for attachment in app.ticket.attachments:
            await app.main.attachments.download(attachment)
        await settle(pilot)
        preview = await fetch_preview(app.client, app.ticket.attachments[0], limit=1024)
        assert preview is not None
        assert all(status.startswith("Saved to") for status in rows(app).values()), rows(app)

    assert fault_server.hits(f"/v2/support-tickets/{TICKET_ID}")  # the API itself (the queue may ask too)
    assert {r.authorization for r in fault_server.requests} == {BEARER}
    assert [(r.path, r.authorization) for r in other_origin.requests] == [
        ("/f/trusted.txt", BEARER),
        ("/f/away.txt", BEARER),
        ("/f/trusted.txt", BEARER),  # the preview
    ]
    assert [(r.path, r.authorization) for r in third_origin.requests] == [
        ("/f/untrusted.txt", None),
        ("/f/landed.txt", None),  # a redirect from a trusted host never carries it on
    ]
    assert files_in(folder) == ["redirected.txt", "trusted.txt", "untrusted.txt"]


async def test_without_trusted_hosts_the_app_keeps_the_token_at_the_api(
    fault_server: FaultServer, other_origin: FaultServer, tmp_path: Path
) -> None:
    other_origin.route("/f/a.txt", Reply(200, CONTENT))
    serve_ticket(fault_server, [{"filename": "a.txt", "url": f"{other_origin.url}/f/a.txt", "size": len(CONTENT)}])
    settings = settings_from_env(fault_server, tmp_path)
    app = build_app(settings.base_url, settings=settings, own_client=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, TICKET_ID)
        assert app.ticket is not None
        await app.main.attachments.download(app.ticket.attachments[0])
        await settle(pilot)
    assert [r.authorization for r in other_origin.requests] == [None]
    assert files_in(tmp_path) == ["a.txt"]


async def test_the_size_cap_from_the_settings_refuses_big_files_before_and_during_download(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    fault_server.route("/f/listed-big.bin", Reply(200, CONTENT))
    fault_server.route("/f/declared-big.bin", Reply(200, CONTENT))
    fault_server.route("/f/endless.bin", Reply(200, lambda: iter([CONTENT] * 100)))  # no Content-Length
    fault_server.route("/f/small.bin", Reply(200, CONTENT[:2048]))
    serve_ticket(
        fault_server,
        [
            {"filename": "listed-big.bin", "url": f"{fault_server.url}/f/listed-big.bin", "size": len(CONTENT)},
            {"filename": "declared-big.bin", "url": f"{fault_server.url}/f/declared-big.bin"},
            {"filename": "endless.bin", "url": f"{fault_server.url}/f/endless.bin"},
            {"filename": "small.bin", "url": f"{fault_server.url}/f/small.bin", "size": 2048},
        ],
    )
    folder = tmp_path / "downloads"
    settings = settings_from_env(fault_server, folder, TICKETVIEW_MAX_DOWNLOAD="4KiB")
    assert settings.max_download_bytes == 4096
    app = build_app(settings.base_url, settings=settings, own_client=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, TICKET_ID)
        assert app.ticket is not None
        for attachment in app.ticket.attachments:
            await app.main.attachments.download(attachment)
        await settle(pilot)
        statuses = rows(app)
    refused = "Failed: The file is larger than the limit of 4.0 KiB; raise max_download_bytes"
    for name in ("listed-big.bin", "declared-big.bin", "endless.bin"):
        assert statuses[name].startswith(refused), statuses
    assert statuses["small.bin"].startswith("Saved to")
    assert fault_server.hits("/f/listed-big.bin") == []  # refused on the API's size, before any request
    assert files_in(folder) == ["small.bin"]  # nothing under a final name, no part file left behind


# --- the client on its own -------------------------------------------------------------------------


class _Recording(httpx.AsyncBaseTransport):
    """Answers 200 (or a redirect from ``redirects``), recording each URL and its Authorization header."""

    def __init__(self, redirects: dict[str, str] | None = None) -> None:
        self.redirects = redirects or {}
        self.seen: list[tuple[str, str | None]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.seen.append((str(request.url), request.headers.get("authorization")))
        if (location := self.redirects.get(str(request.url))) is not None:
            return httpx.Response(302, headers={"Location": location})
        return httpx.Response(200, content=b"data")


async def _fetch_all(client: TicketClient, urls: list[str]) -> None:
    for url in urls:
        try:
            async with client.stream(url) as response:
                await response.aread()
        except DownloadError:
            pass


async def test_a_trusted_host_name_gets_the_token_over_https_on_any_port_only() -> None:
    transport = _Recording({"https://files.example.test/away": "https://other.example.test/x"})
    async with TicketClient(
        "https://api.example.test", TOKEN, transport=transport, trusted_hosts=["Files.Example.Test"]
    ) as client:
        await _fetch_all(
            client,
            [
                "https://files.example.test/a",
                "https://files.example.test:8443/b",
                "http://files.example.test/c",  # refused before any request
                "https://sub.files.example.test/d",
                "https://other.example.test/e",
                "https://files.example.test/away",
            ],
        )
    assert transport.seen == [
        ("https://files.example.test/a", BEARER),
        ("https://files.example.test:8443/b", BEARER),
        ("https://sub.files.example.test/d", None),
        ("https://other.example.test/e", None),
        ("https://files.example.test/away", BEARER),
        ("https://other.example.test/x", None),
    ]


async def test_a_trusted_origin_gets_the_token_on_its_own_scheme_and_port_only() -> None:
    transport = _Recording()
    async with TicketClient(
        "https://api.example.test", TOKEN, transport=transport, trusted_hosts=["https://cdn.example.test:8443"]
    ) as client:
        await _fetch_all(
            client, ["https://cdn.example.test:8443/a", "https://cdn.example.test/b", "https://cdn.example.test:9443/c"]
        )
    assert [auth for _, auth in transport.seen] == [BEARER, None, None]


async def test_a_trusted_loopback_origin_over_http(other_origin: FaultServer, tmp_path: Path) -> None:
    other_origin.route("/f", Reply(200, CONTENT))
    item = Attachment(filename="f.bin", url=f"{other_origin.url}/f", size=len(CONTENT))
    for trusted, expected in ((other_origin.url, BEARER), ("http://127.0.0.2:1", None)):
        async with TicketClient("https://api.example.test", TOKEN, trusted_hosts=[trusted]) as client:
            await download_attachment(client, item, tmp_path)
        assert other_origin.requests[-1].authorization == expected
