"""The ``ticketview`` command as a user runs it: a real process, real servers on 127.0.0.1.

Every case is one ``python -m app`` process. They are all started at once by a module fixture and
the tests read their results, so the whole file costs about one slow process, not the sum of them
(a refused connection is retried with backoff, which the command line cannot shorten).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app import __version__
from app.demo.server import DemoServer
from tests.fault_server import FaultServer, Recorded, Reply
from tests.helpers import run_process
from tests.sample_tickets import EXAMPLE, HOSTILE

TOKEN = "tok_SECRET_do_not_print"
EXAMPLE_ID = "support_ticket_123456789"
MISSING_ID = "no_such_ticket_42"
ODD_ID = "a/b?c d..e"
ODD_PATH = "/v2/support-tickets/a%2Fb%3Fc%20d..e"
DOTS_PATH = "/v2/support-tickets/%2E%2E"
PROXY_VARIABLES = {"http_proxy", "https_proxy", "all_proxy", "no_proxy"}
UNSAFE = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def tickets(name: str) -> str:
    return f"/v2/support-tickets/{name}"


def echo_token(status: int, **headers: str) -> object:
    """A route that answers ``status`` with an error body quoting the Authorization header back."""

    def reply(request: Recorded) -> Reply:
        said = request.authorization or ""
        return Reply(
            status,
            {"error": f"Rejected {said}", "message": f"header was {said}"},
            headers=headers,
        )

    return reply


@dataclass(frozen=True)
class Case:
    args: tuple[str, ...]
    token: bool = True
    """Whether VERIFIK_TOKEN is set in the environment."""
    env: tuple[tuple[str, str], ...] = ()
    """More environment variables."""


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str


@pytest.fixture(scope="module")
def fault() -> Iterator[FaultServer]:
    """One fault server; each ticket path plays one scenario."""
    with FaultServer() as server:
        server.route(
            tickets("T401"),
            Reply(401, {"error": "Unauthorized", "message": "INVALID_TOKEN"}),
        )
        server.route(tickets("T400"), echo_token(400))  # type: ignore[arg-type]
        server.route(tickets("T503"), echo_token(503, **{"Retry-After": "0"}))  # type: ignore[arg-type]
        html = "<!DOCTYPE html><html><body><h1>Welcome to nginx!</h1></body></html>"
        server.route(tickets("HTML"), Reply(200, html, headers={"Content-Type": "text/html"}))
        server.route(ODD_PATH, Reply(200, {"success": True, "data": HOSTILE | {"_id": ODD_ID}}))
        server.route(DOTS_PATH, Reply(200, {"data": HOSTILE | {"_id": ".."}}))
        edges = {
            "_id": "T-EDGE",
            "title": {"an": "object"},
            "description": "the rest of the ticket",
            "updatedAt": "9999-12-31T23:59:59-23:59",
            "threads": [None, {"message": "still here", "timestamp": "0001-01-01T00:00:00+14:00"}],
            "attachments": [{"filename": "big.bin", "size": int("9" * 300)}],
            "tags": ["api", ["nested"]],
        }
        server.route(tickets("T-EDGE"), Reply(200, {"data": edges}))
        yield server


@pytest.fixture(scope="module")
def closed_port() -> Iterator[int]:
    """A loopback port that refuses connections: bound (so nobody else takes it) but not listening."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


def cases(demo: str, fault: str, closed: str) -> dict[str, Case]:
    return {
        "json": Case((EXAMPLE_ID, "--json", "--base-url", demo)),
        "markdown": Case((EXAMPLE_ID, "--markdown"), env=(("VERIFIK_BASE_URL", demo),)),
        "demo json": Case(("--demo", EXAMPLE_ID, "--json"), token=False),
        "not found": Case((MISSING_ID, "--json", "--base-url", demo)),
        "401": Case(("T401", "--json", "--base-url", fault)),
        "400 echoing the token": Case(("T400", "--json", "--base-url", fault)),
        "no token": Case(("T-NOTOKEN", "--json", "--base-url", fault), token=False),
        "refused": Case((EXAMPLE_ID, "--json", "--base-url", closed)),
        "503 thrice": Case(("T503", "--json", "--base-url", fault)),
        "html 200": Case(("HTML", "--json", "--base-url", fault)),
        "odd id, hostile json": Case((ODD_ID, "--json", "--base-url", fault)),
        "dots id, hostile markdown": Case(("..", "--markdown", "--base-url", fault)),
        "json without id": Case(("--json", "--base-url", demo)),
        "json and markdown": Case((EXAMPLE_ID, "--json", "--markdown", "--base-url", demo)),
        "edge values, markdown": Case(("T-EDGE", "--markdown", "--base-url", fault)),
        "edge values, json": Case(("T-EDGE", "--json", "--base-url", fault)),
        "an id with escape codes": Case(("T-\x1b]0;pwned\x07", "--json", "--base-url", fault)),
        "a plain-http base url elsewhere": Case((EXAMPLE_ID, "--json", "--base-url", "http://api.example.com")),
        "version": Case(("--version",)),
        "help": Case(("--help",)),
    }


def environment(home: Path, *, token: bool) -> dict[str, str]:
    """The parent's environment without VERIFIK_* or proxies, with a private HOME."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("VERIFIK_", "TICKETVIEW_")) and name.lower() not in PROXY_VARIABLES
    }
    env.update(NO_COLOR="1", HOME=str(home), TICKETVIEW_DOWNLOAD_DIR=str(home / "Downloads"))
    env["PYTHONIOENCODING"] = "utf-8"
    if token:
        env["VERIFIK_TOKEN"] = TOKEN
    return env


@pytest.fixture(scope="module")
def runs(
    demo_server: DemoServer,
    fault: FaultServer,
    closed_port: int,
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, Outcome]:
    """Run every case at once; their outcomes by name."""
    home = tmp_path_factory.mktemp("home")
    started: dict[str, subprocess.Popen[str]] = {}
    try:
        for name, case in cases(demo_server.base_url, fault.url, f"http://127.0.0.1:{closed_port}").items():
            started[name] = subprocess.Popen(
                [sys.executable, "-m", "app", *case.args],
                cwd=home,
                env=environment(home, token=case.token) | dict(case.env),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
            )
        outcomes = {}
        for name, process in started.items():
            out, err = process.communicate(timeout=60)
            outcomes[name] = Outcome(process.returncode, out, err)
        return outcomes
    finally:
        for process in started.values():
            if process.poll() is None:
                process.kill()
                process.wait()


def unsafe_chars(text: str) -> list[str]:
    return [char for char in text if char != "\n" and unicodedata.category(char) in UNSAFE]


# --- printing a ticket -----------------------------------------------------------------------------


def test_json_prints_the_ticket_and_exits_0(runs: dict[str, Outcome], demo_server: DemoServer) -> None:
    run = runs["json"]
    assert run.code == 0, run.err
    printed = json.loads(run.out)
    # the demo serves the API page's example, its attachment from the demo server itself
    assert printed["attachments"][0].pop("url") == f"{demo_server.base_url}/attachments/{EXAMPLE_ID}/error_logs.txt"
    expected = json.loads(json.dumps(EXAMPLE["data"]))
    del expected["attachments"][0]["url"]
    assert printed == expected
    assert run.err == ""


def test_markdown_prints_the_ticket_and_exits_0_with_the_base_url_from_the_environment(
    runs: dict[str, Outcome],
) -> None:
    run = runs["markdown"]
    assert run.code == 0, run.err
    assert run.out.startswith("# API Integration Issue\n")
    assert "In progress" in run.out and "**Client · client_123456789**" in run.out
    assert "- error_logs.txt (1.0 KiB, text/plain)" in run.out
    assert "\x1b" not in run.out  # NO_COLOR and a pipe: plain text
    assert run.err == ""


def test_demo_needs_no_token(runs: dict[str, Outcome]) -> None:
    run = runs["demo json"]
    assert run.code == 0, run.err
    assert json.loads(run.out)["_id"] == EXAMPLE_ID
    assert json.loads(run.out)["title"] == "API Integration Issue"


def test_a_hostile_ticket_prints_exactly_but_safely_as_json(
    runs: dict[str, Outcome],
) -> None:
    run = runs["odd id, hostile json"]
    assert run.code == 0, run.err
    assert unsafe_chars(run.out) == []
    assert json.loads(run.out) == HOSTILE | {"_id": ODD_ID}


def test_a_hostile_ticket_prints_safely_as_markdown(runs: dict[str, Outcome]) -> None:
    run = runs["dots id, hostile markdown"]
    assert run.code == 0, run.err
    assert unsafe_chars(run.out) == [] and "\r" not in run.out
    # (Markdown's own characters escaped: rendered, they show as typed)
    assert "# Refund ^\\[\\]0;pwned^G \\[bold\\]now\\[/\\] \\[@click=app.quit\\]x\\[/\\]" in run.out
    assert "invoice\\<U+202E>fdp.exe^\\[" in run.out


# --- failures and their exit codes -----------------------------------------------------------------


def test_not_found_exits_1_naming_the_id(runs: dict[str, Outcome]) -> None:
    run = runs["not found"]
    assert run.code == 1
    assert MISSING_ID in run.err and "not found" in run.err.lower()
    assert run.out == ""


def test_a_refused_token_exits_3_with_the_hint(runs: dict[str, Outcome]) -> None:
    run = runs["401"]
    assert run.code == 3 and "401" in run.err
    assert "VERIFIK_TOKEN" in run.err and run.out == ""


def test_no_token_exits_3_with_the_hint_and_asks_nobody(runs: dict[str, Outcome], fault: FaultServer) -> None:
    run = runs["no token"]
    assert run.code == 3
    assert "export VERIFIK_TOKEN=" in run.err and "--demo" in run.err
    assert fault.hits(tickets("T-NOTOKEN")) == []


def test_another_4xx_exits_1(runs: dict[str, Outcome]) -> None:
    run = runs["400 echoing the token"]
    assert run.code == 1 and "400" in run.err
    assert "Rejected Bearer <token>" in run.err  # the server quoted the token back; it was blanked out


def test_connection_refused_exits_4(runs: dict[str, Outcome]) -> None:
    run = runs["refused"]
    assert run.code == 4
    assert "connection refused" in run.err.lower() and run.out == ""


def test_503_thrice_is_retried_then_exits_4(runs: dict[str, Outcome], fault: FaultServer) -> None:
    run = runs["503 thrice"]
    assert run.code == 4
    assert "503" in run.err and "Rejected Bearer <token>" in run.err and run.out == ""
    assert len(fault.hits(tickets("T503"))) == 3


def test_html_with_200_exits_4(runs: dict[str, Outcome]) -> None:
    run = runs["html 200"]
    assert run.code == 4
    assert "unexpected response" in run.err.lower() and run.out == ""


# --- usage -----------------------------------------------------------------------------------------


def test_json_without_an_id_is_a_usage_error(runs: dict[str, Outcome]) -> None:
    run = runs["json without id"]
    assert run.code == 2 and "TICKET_ID" in run.err and run.out == ""


def test_json_and_markdown_together_are_a_usage_error(runs: dict[str, Outcome]) -> None:
    run = runs["json and markdown"]
    assert run.code == 2 and "not allowed with" in run.err and run.out == ""


def test_version(runs: dict[str, Outcome]) -> None:
    run = runs["version"]
    assert run.code == 0 and run.out.strip() == f"ticketview {__version__}"


def test_the_installed_console_script_runs(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("ticketview")
    if not script.exists():
        pytest.skip("the console script is not installed next to this Python")
    done = run_process([str(script), "--version"], cwd=tmp_path, env=environment(tmp_path, token=True))
    assert done.returncode == 0 and done.stdout.strip() == f"ticketview {__version__}"
    assert TOKEN not in done.stdout + done.stderr


def test_help_mentions_the_token_variable(runs: dict[str, Outcome]) -> None:
    run = runs["help"]
    assert run.code == 0 and "VERIFIK_TOKEN" in run.out
    for flag in ("--demo", "--base-url", "--download-dir", "--json", "--markdown"):
        assert flag in run.out


# --- the token and the request ---------------------------------------------------------------------


@pytest.mark.parametrize("name", list(cases("d", "f", "c")))
def test_the_token_is_never_printed(runs: dict[str, Outcome], name: str) -> None:
    run = runs[name]
    assert TOKEN not in run.out and TOKEN not in run.err


def test_the_request_carries_the_token_and_json_content_type(runs: dict[str, Outcome], fault: FaultServer) -> None:
    assert runs["odd id, hostile json"].code == 0
    [request] = fault.hits(ODD_PATH)
    assert request.method == "GET"
    assert request.authorization == f"Bearer {TOKEN}"
    assert request.headers["content-type"] == "application/json"


def test_an_id_is_one_encoded_path_segment(runs: dict[str, Outcome], fault: FaultServer) -> None:
    assert runs["odd id, hostile json"].code == 0 and runs["dots id, hostile markdown"].code == 0
    assert [request.path for request in fault.hits(ODD_PATH)] == [ODD_PATH]
    assert [request.path for request in fault.hits(DOTS_PATH)] == [DOTS_PATH]
    walked = [r.path for r in fault.requests if not r.path.startswith("/v2/support-tickets/")]
    assert walked == []


def test_edge_values_cost_only_themselves_in_the_one_shot_commands(runs: dict[str, Outcome]) -> None:
    markdown, as_json = runs["edge values, markdown"], runs["edge values, json"]
    assert markdown.code == 0 and as_json.code == 0, markdown.err + as_json.err
    assert "the rest of the ticket" in markdown.out and "still here" in markdown.out
    assert "(unreadable value)" in markdown.out and "(this message could not be read)" in markdown.out
    assert "unknown size" in markdown.out
    assert json.loads(as_json.out)["updatedAt"] == "9999-12-31T23:59:59-23:59"  # --json keeps what was sent


def test_an_id_with_escape_codes_is_a_usage_error_that_shows_it_safely(runs: dict[str, Outcome]) -> None:
    run = runs["an id with escape codes"]
    assert run.code == 2 and "control or invisible characters" in run.err
    assert "\x1b" not in run.err and "\x07" not in run.err and "^[" in run.err


def test_a_plain_http_base_url_elsewhere_is_refused_before_anything_is_sent(runs: dict[str, Outcome]) -> None:
    run = runs["a plain-http base url elsewhere"]
    assert run.code == 2 and "plain http" in run.err and TOKEN not in run.err + run.out
