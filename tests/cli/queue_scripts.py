"""What the tests of ``ticketview --queue --json|--markdown|--csv`` share: a token in the environment,
a scripted list server, the queue's 120 rows, and ways to read what a run asked and printed.

Import the fixtures by name: ``from tests.cli.queue_scripts import server_fixture, token_env_fixture  # noqa: F401``
(the token is set for every test of a module that imports it).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from app.cli import main
from tests.fault_server import FaultServer, Recorded, Reply
from tests.queue_helpers import LIST_PATH, item, list_endpoint

__all__ = ["LIST_PATH", "item", "list_endpoint"]

TOKEN = "tok_SECRET_queue_scripts"
PROXY_VARIABLES = {"http_proxy", "https_proxy", "all_proxy", "no_proxy"}
ROWS = [item(f"T-{n:03}", f"Ticket {n}", updatedAt=f"2024-11-{1 + n % 28:02}T{n % 24:02}:00:00Z") for n in range(120)]


@pytest.fixture(name="token_env", autouse=True)
def token_env_fixture(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VERIFIK_TOKEN", TOKEN)
    for name in ("VERIFIK_BASE_URL", "TICKETVIEW_TIMEOUT", "TICKETVIEW_TIMEZONE", *PROXY_VARIABLES):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


@pytest.fixture(name="server")
def server_fixture() -> Iterator[FaultServer]:
    with FaultServer() as fault:
        yield fault


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``ticketview *args`` in this process: exit code, stdout, stderr."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def queries(server: FaultServer) -> list[dict[str, str]]:
    """The list requests' query parameters, in order."""
    return [
        {name: values[-1] for name, values in parse_qs(urlsplit(request.path).query).items()}
        for request in server.hits(LIST_PATH)
    ]


def ids(text: str) -> list[str]:
    return [entry["_id"] for entry in json.loads(text)]


def expected_order(rows: list[dict[str, Any]]) -> list[str]:
    """The IDs in the order the API lists them (newest update first, as the demo API's rules say)."""
    return [row["_id"] for row in sorted(rows, key=lambda row: (row["updatedAt"], row["_id"]), reverse=True)]


def envelope(rows: list[dict[str, Any]], *, page: int = 1, pages: int | None = None, total: int | None = None) -> dict:
    return {"success": True, "data": rows, "pagination": {"page": page, "limit": 50, "pages": pages, "total": total}}


def page_of(request: Recorded) -> int:
    return int(parse_qs(urlsplit(request.path).query)["page"][0])


def slow_pages(seconds: float) -> Callable[[Recorded], Reply]:
    """The list endpoint over ``ROWS``, each answer ``seconds`` late."""
    good = list_endpoint(ROWS)

    def reply(request: Recorded) -> Reply:
        answer = good(request)
        return Reply(answer.status, answer.body, delay=seconds)

    return reply
