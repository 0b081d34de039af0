"""Errors read once, and their hints suggest what works where the user is.

The command line prints ``title: message`` and then the hint; the app shows the title as a heading
over the message. Neither may say the same thing twice, and a hint printed by a one-shot command
cannot ask for a key press.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.cli import main
from app.core.api.http_errors import status_error
from app.core.api.models import Ticket
from app.core.browsing.notices import error_notice, next_step
from app.core.errors import (
    ApiRejected,
    AuthError,
    DownloadError,
    InvalidResponse,
    MissingToken,
    NetworkError,
    NotCached,
    RateLimited,
    RequestTimeout,
    ServerError,
    TicketNotFound,
    TicketViewError,
    Unauthorized,
)
from app.core.storage.offline import offline_hint
from app.core.storage.user_data import UserData
from app.demo.printed_urls import lasting_url
from app.demo.records import PLACEHOLDER_ORIGIN
from app.demo.samples import EXAMPLE_ID, example_ticket

EVERY_ERROR: list[TicketViewError] = [
    ApiRejected("It answered HTTP 422."),
    status_error(422, b'{"message": "bad field"}', "application/json", "T1"),
    TicketNotFound("T1"),
    RateLimited(30, attempts=3),
    RateLimited(),
    AuthError("The API token contains spaces."),
    MissingToken(),
    Unauthorized(401),
    Unauthorized(403),
    ServerError(502, "Bad Gateway"),
    NetworkError("Could not connect to 127.0.0.1:9: connection refused."),
    RequestTimeout(30),
    InvalidResponse("The response is not JSON."),
    DownloadError("The file could not be saved in /tmp: disk full."),
    DownloadError("It stopped short: got 10 of 20 bytes."),
    NotCached("T1"),
]


@pytest.fixture
def own_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """This user's data and cache folders, empty, and no token."""
    for name, folder in (("XDG_DATA_HOME", "data"), ("XDG_CACHE_HOME", "cache")):
        monkeypatch.setenv(name, str(tmp_path / folder))
    monkeypatch.delenv("VERIFIK_TOKEN", raising=False)


def demo_cache_holds_the_example() -> None:
    """What a run of ``ticketview --demo`` that opened the example leaves on this machine."""
    data = json.loads(json.dumps(example_ticket().data).replace(PLACEHOLDER_ORIGIN, "http://127.0.0.1:41234"))
    UserData.for_user("demo").cache.save(Ticket.model_validate(data), datetime(2024, 2, 1, tzinfo=UTC))


@pytest.mark.parametrize("error", EVERY_ERROR, ids=lambda error: type(error).__name__)
def test_no_error_says_its_title_again(error: TicketViewError) -> None:
    printed = f"{error.title}: {error.message}".lower()
    assert error.title.lower() not in error.message.lower(), printed
    # the heading's key words are not all repeated (as in "No API token: No API token is set")
    words = [word for word in error.title.lower().split() if len(word) > 3]
    assert not words or not all(word in error.message.lower() for word in words), printed


@pytest.mark.parametrize("error", EVERY_ERROR, ids=lambda error: type(error).__name__)
def test_hints_name_no_key_as_the_command_line_prints_them_too(error: TicketViewError) -> None:
    assert "press" not in error.hint.lower()


def test_the_app_adds_its_refresh_key_where_asking_again_may_help() -> None:
    assert next_step(ServerError(503)).endswith("Press r to try again.")
    assert error_notice(RequestTimeout(30), "T1").hint.endswith("Press r to try again.")
    assert "Press r" not in next_step(TicketNotFound("T1")) and "Press r" not in next_step(MissingToken())


def test_no_token_reads_once_on_the_command_line(own_folders: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["T1", "--json", "--base-url", "http://127.0.0.1:9"]) == 3
    first = capsys.readouterr().err.splitlines()[0]
    assert first.startswith("ticketview: No API token: ") and first.lower().count("token") == 1


def test_offline_names_the_demo_when_the_demos_cache_has_the_ticket(
    own_folders: None, capsys: pytest.CaptureFixture[str]
) -> None:
    demo_cache_holds_the_example()
    assert main([EXAMPLE_ID, "--offline", "--json"]) == 4
    err = capsys.readouterr().err
    assert "Not available offline" in err and f"ticketview --demo --offline {EXAMPLE_ID} --json" in err
    assert "without --offline" not in err  # that needs a token, which is not set

    assert main(["--demo", "--offline", EXAMPLE_ID, "--json"]) == 0  # the suggestion works
    printed = json.loads(capsys.readouterr().out)
    assert printed["_id"] == EXAMPLE_ID


def test_offline_without_a_token_says_to_set_one_first(own_folders: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["T-never-seen", "--offline", "--markdown"]) == 4
    err = capsys.readouterr().err
    assert "Set a token" in err and "ticketview T-never-seen" in err


def test_offline_hints_fit_each_situation() -> None:
    def hint(**situation: bool) -> str:
        return offline_hint("T 1", **({"demo": False, "needs_token": False, "in_demo_cache": False} | situation))

    assert hint() == "Open it once without --offline, which caches it: ticketview 'T 1'"
    assert hint(demo=True).endswith("ticketview --demo 'T 1'")
    assert "Set a token" in hint(needs_token=True)
    assert hint(needs_token=True, in_demo_cache=True).endswith("ticketview --demo --offline 'T 1'")


def test_demo_json_prints_attachment_urls_that_outlive_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--demo", EXAMPLE_ID, "--json"]) == 0
    url = json.loads(capsys.readouterr().out)["attachments"][0]["url"]
    assert url == f"http://demo.invalid/attachments/{EXAMPLE_ID}/error_logs.txt"


def test_demo_urls_from_an_earlier_run_are_printed_the_same_way(
    own_folders: None, capsys: pytest.CaptureFixture[str]
) -> None:
    demo_cache_holds_the_example()
    assert main(["--demo", "--offline", EXAMPLE_ID, "--json"]) == 0
    url = json.loads(capsys.readouterr().out)["attachments"][0]["url"]
    assert url == f"http://demo.invalid/attachments/{EXAMPLE_ID}/error_logs.txt"


def test_only_a_local_demo_address_is_moved() -> None:
    assert (
        lasting_url("http://[::1]:5000/attachments/a%2Fb/x.txt?v=1")
        == "http://demo.invalid/attachments/a%2Fb/x.txt?v=1"
    )
    assert lasting_url("https://storage.verifik.co/a.txt") == "https://storage.verifik.co/a.txt"
    assert lasting_url("http://[broken") == "http://[broken" and lasting_url(None) is None
