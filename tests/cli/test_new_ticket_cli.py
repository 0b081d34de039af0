"""``ticketview --new``: flags, a description from a file or standard input, the editor's form, the
kept draft and ``--resume``, against real servers on 127.0.0.1 (the demo API, a recording one)."""

from __future__ import annotations

import json
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import build_parser, main
from app.commands.new_ticket import create_ticket
from app.core.config.settings import load_settings
from app.demo.server import DemoServer
from tests.bench.common import Terminal, app_env, ticketview_command
from tests.fault_server import FaultServer, Reply, clear_proxy_env
from tests.helpers import run_process

TOKEN = "cli-s3cret-token-value"
PATH = "/v2/support-tickets"
FIELDS = ["--title", "Card declined", "--priority", "high", "--category", "billing", "--description", "It fails."]
CREATED = {
    "success": True,
    "data": {"_id": "support_ticket_1234", "title": "Card declined", "status": "open", "threads": []},
}


@pytest.fixture(autouse=True, name="own_folders")
def own_folders_fixture(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test has its own data folder (drafts), a token, and no editor of the machine's.

    Another test file gets it (and ``api``) with an import: pytest finds them by name."""
    clear_proxy_env(monkeypatch)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("VERIFIK_TOKEN", TOKEN)
    for name in ("VISUAL", "EDITOR"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(name="api")
def api_fixture() -> Iterator[FaultServer]:
    """A recording server that creates every ticket it is sent."""
    with FaultServer() as server:
        server.route(PATH, Reply(201, CREATED))
        yield server


def sent(server: FaultServer) -> list[dict[str, object]]:
    """The bodies of the POSTs ``server`` received."""
    return [json.loads(request.body) for request in server.requests if request.method == "POST"]


def drafts_in(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "data").glob("ticketview/drafts/*.json"))


def run_cli(argv: list[str], tmp_path: Path, *, stdin: bytes | None = None) -> tuple[int, str, str]:
    """``ticketview argv`` as its own process (standard input not a terminal)."""
    import subprocess

    env = app_env(VERIFIK_TOKEN=TOKEN, XDG_DATA_HOME=str(tmp_path / "data"))
    if stdin is None:
        done = run_process(ticketview_command() + argv, cwd=tmp_path, env=env)
    else:
        done = subprocess.run(
            ticketview_command() + argv,
            cwd=tmp_path,
            env=env,
            input=stdin,
            capture_output=True,
            timeout=60,
            check=False,
        )
        return done.returncode, done.stdout.decode(), done.stderr.decode()
    return done.returncode, done.stdout, done.stderr


# --- from flags ---------------------------------------------------------------------------------


def test_flags_open_a_ticket_that_the_queue_lists_first(own_demo: DemoServer, tmp_path: Path) -> None:
    code, out, err = run_cli(["--new", "--base-url", own_demo.base_url, *FIELDS, "--tag", "cards"], tmp_path)
    assert (code, err) == (0, "")
    ticket_id = out.strip()
    assert out == ticket_id + "\n" and ticket_id.startswith("support_ticket_")
    code, out, _ = run_cli([ticket_id, "--json", "--base-url", own_demo.base_url], tmp_path)
    shown = json.loads(out)
    assert (shown["title"], shown["status"], shown["tags"]) == ("Card declined", "open", ["cards"])
    code, out, _ = run_cli(["--queue", "--json", "--limit", "1", "--base-url", own_demo.base_url], tmp_path)
    assert [item["_id"] for item in json.loads(out)] == [ticket_id]


def test_a_title_with_quotes_commas_newlines_and_a_leading_equals_is_sent_as_written(
    api: FaultServer, capsys: pytest.CaptureFixture[str]
) -> None:
    title = '=HYPERLINK("http://x"), "quoted",\nsecond line'
    argv = ["--new", "--base-url", api.url, "--title", title, "--priority", "Urgent", "--category", "feature request"]
    assert main([*argv, "--description", "a,b\n=c", "--tag", "a, b", "--tag", "b"]) == 0
    assert capsys.readouterr().out == "support_ticket_1234\n"
    assert sent(api) == [
        {
            "title": '=HYPERLINK("http://x"), "quoted", second line',
            "description": "a,b\n=c",
            "priority": "urgent",
            "category": "feature_request",
            "tags": ["a", "b"],
        }
    ]
    assert api.requests[0].authorization == f"Bearer {TOKEN}"


def test_json_prints_the_whole_new_ticket(api: FaultServer, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--new", "--base-url", api.url, *FIELDS, "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["_id"] == "support_ticket_1234" and printed["status"] == "open"


def test_the_description_is_read_from_standard_input(api: FaultServer, tmp_path: Path) -> None:
    argv = ["--new", "--base-url", api.url, "--title", "T", "--priority", "low", "--category", "general"]
    code, out, err = run_cli([*argv, "--description-file", "-"], tmp_path, stdin=b"Piped\nlog line\n")
    assert (code, out, err) == (0, "support_ticket_1234\n", "")
    assert sent(api)[0]["description"] == "Piped\nlog line"


def test_the_description_is_read_from_a_file(api: FaultServer, tmp_path: Path) -> None:
    (tmp_path / "d.md").write_text("From a file ✓\n", encoding="utf-8")
    argv = ["--new", "--base-url", api.url, "--title", "T", "--priority", "low", "--category", "general"]
    assert main([*argv, "--description-file", str(tmp_path / "d.md")]) == 0
    assert sent(api)[0]["description"] == "From a file ✓"


def test_demo_new_creates_on_the_in_process_demo_api(tmp_path: Path) -> None:
    code, out, err = run_cli(["--demo", "--new", *FIELDS, "--json"], tmp_path)
    assert code == 0, err
    assert json.loads(out)["_id"].startswith("support_ticket_")


# --- usage errors: exit 2, nothing sent ---------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--title", "T", "--priority", "low"], "missing --description, --category"),
        (["--title", "T", "--priority", "low", "--category", "general"], "missing --description or --description-file"),
        ([*FIELDS[:6], "--description", " \n "], "missing --description"),
        (["--title", "x" * 201, *FIELDS[2:]], "--title: The title is 201 characters; at most 200."),
        ([*FIELDS, *(f"--tag=t{n}" for n in range(21))], "--tag: 21 tags; at most 20."),
        ([*FIELDS, "--offline"], "--offline sends nothing"),
    ],
)
def test_a_usage_error_exits_2_before_any_request(
    api: FaultServer, capsys: pytest.CaptureFixture[str], argv: list[str], words: str
) -> None:
    assert main(["--new", "--base-url", api.url, *argv]) == 2
    assert words in capsys.readouterr().err
    assert api.requests == []


@pytest.mark.parametrize(
    ("content", "words"),
    [(b"\xff\xfe latin", "not UTF-8 text"), (b"x" * 200_001, "at most 50,000 characters")],
)
def test_a_description_file_that_cannot_be_used_exits_2_before_any_request(
    api: FaultServer, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, words: str
) -> None:
    (tmp_path / "d.txt").write_bytes(content)
    assert main(["--new", "--base-url", api.url, *FIELDS[:6], "--description-file", str(tmp_path / "d.txt")]) == 2
    assert words in capsys.readouterr().err
    assert api.requests == []


def test_an_unknown_priority_is_refused_by_the_parser(api: FaultServer, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--new", "--base-url", api.url, *FIELDS[:2], "--priority", "asap"])
    assert stopped.value.code == 2 and "asap" in capsys.readouterr().err
    assert api.requests == []


# --- failures keep the draft; --resume sends it -------------------------------------------------


def test_a_server_error_keeps_the_draft_and_resume_sends_it(
    api: FaultServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    api.route(PATH, [Reply(500, {"error": "boom"}), Reply(201, CREATED)])
    assert main(["--new", "--base-url", api.url, *FIELDS, "--tag", "cards"]) == 4
    err = capsys.readouterr().err
    assert (
        "may have been created" in err
        and "If it is not in the queue, send it again with: ticketview --new --resume" in err
    )
    assert "ticketview --new --resume" in err
    (draft,) = drafts_in(tmp_path)
    assert stat.S_IMODE(draft.stat().st_mode) == 0o600
    assert "draft in ~/" in err or str(draft) in err
    assert TOKEN not in err and TOKEN not in draft.read_text()

    assert main(["--new", "--resume", "--base-url", api.url, "--priority", "urgent"]) == 0  # a flag overrides
    assert capsys.readouterr().out == "support_ticket_1234\n"
    first, second = sent(api)
    assert second == {**first, "priority": "urgent"} and first["tags"] == ["cards"]
    assert drafts_in(tmp_path) == []  # sent: the draft is gone


@pytest.mark.parametrize(
    ("reply", "code", "words"),
    [
        (Reply(400, {"error": "Title is required", "message": "TITLE_REQUIRED"}), 1, "Title is required"),
        (Reply(401, {"error": "Unauthorized"}), 3, "not accepted (401)"),
        (Reply(429, {"error": "Slow down"}), 1, "not created"),
        (Reply(201, CREATED, hang_up=True), 4, "may have been created"),
    ],
)
def test_every_failure_keeps_the_draft(
    api: FaultServer, tmp_path: Path, capsys: pytest.CaptureFixture[str], reply: Reply, code: int, words: str
) -> None:
    api.route(PATH, reply)
    assert main(["--new", "--base-url", api.url, *FIELDS]) == code
    err = capsys.readouterr().err
    assert words in err and "kept as a draft" in err and TOKEN not in err
    assert len(api.requests) == 1
    assert len(drafts_in(tmp_path)) == 1


def test_no_token_keeps_the_draft_and_sends_nothing(
    api: FaultServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("VERIFIK_TOKEN")
    assert main(["--new", "--base-url", api.url, *FIELDS]) == 3
    assert "kept as a draft" in capsys.readouterr().err
    assert api.requests == [] and len(drafts_in(tmp_path)) == 1


def test_resume_without_a_draft_says_so(api: FaultServer, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--new", "--resume", "--base-url", api.url]) == 1
    assert "no kept draft" in capsys.readouterr().err
    assert api.requests == []


def test_resume_off_a_terminal_with_fields_missing_names_them(
    api: FaultServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    api.route(PATH, Reply(503))
    assert main(["--new", "--base-url", api.url, *FIELDS]) == 4
    capsys.readouterr()
    draft = drafts_in(tmp_path)[0]
    record = json.loads(draft.read_text())
    draft.write_text(json.dumps({**record, "category": ""}))
    assert main(["--new", "--resume", "--base-url", api.url]) == 2
    assert "missing --category" in capsys.readouterr().err
    assert len(api.requests) == 1


# --- the editor ---------------------------------------------------------------------------------

EDITOR = """\
import pathlib, sys
path = pathlib.Path(sys.argv[-1])
pathlib.Path(sys.argv[1]).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
path.write_text(pathlib.Path(sys.argv[2]).read_text(encoding="utf-8"), encoding="utf-8")
"""
"""A stand-in editor: saves the form it was given to argv[1], leaves argv[2]'s text in its place."""


def stand_in_editor(tmp_path: Path, text: str) -> tuple[str, Path]:
    """The VISUAL that leaves ``text`` in the form, and where the form it was shown is saved."""
    (tmp_path / "editor.py").write_text(EDITOR)
    (tmp_path / "typed.txt").write_text(text, encoding="utf-8")
    shown = tmp_path / "shown.txt"
    return f"{sys.executable} {tmp_path / 'editor.py'} {shown} {tmp_path / 'typed.txt'}", shown


FORM = """\
---
title: Can't log in, "again" =1
priority: High
category: account
tags: login, sso
---
# Steps

1. Open the app
"""


def test_on_a_terminal_the_editor_fills_in_what_is_missing(api: FaultServer, tmp_path: Path) -> None:
    visual, shown = stand_in_editor(tmp_path, FORM)
    env = app_env(VERIFIK_TOKEN=TOKEN, XDG_DATA_HOME=str(tmp_path / "data"), VISUAL=visual)
    argv = ticketview_command() + ["--new", "--base-url", api.url, "--title", "From the flag"]
    with Terminal(argv, env=env, size=(80, 24)) as terminal:
        terminal.wait_for("support_ticket_1234")
        assert terminal.process.wait(timeout=30) == 0
    assert "title: From the flag\n" in shown.read_text() and "# low, medium, high, urgent" in shown.read_text()
    assert sent(api) == [
        {
            "title": 'Can\'t log in, "again" =1',
            "description": "# Steps\n\n1. Open the app",
            "priority": "high",
            "category": "account",
            "tags": ["login", "sso"],
        }
    ]


def run_with_editor(api: FaultServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, *extra: str) -> int:
    """``ticketview --new extra`` in this process, as on a terminal, with the stand-in editor."""
    visual, _ = stand_in_editor(tmp_path, text)
    monkeypatch.setenv("VISUAL", visual)
    args = build_parser().parse_args(["--new", *extra])
    settings = load_settings(base_url=api.url)

    def run(command: list[str]) -> int:
        import subprocess

        return subprocess.run(command, check=False).returncode

    return create_ticket(settings, args, interactive=True, run_editor=run)


def test_an_empty_form_cancels_and_sends_nothing(
    api: FaultServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_with_editor(api, tmp_path, monkeypatch, "---\ntitle:\npriority: high\n---\n\n") == 1
    assert "cancelled" in capsys.readouterr().err
    assert api.requests == [] and drafts_in(tmp_path) == []


def test_a_form_without_a_description_cancels_but_keeps_what_was_written(
    api: FaultServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_with_editor(api, tmp_path, monkeypatch, "---\ntitle: Only a title\n---\n") == 1
    err = capsys.readouterr().err
    assert "no description" in err and "ticketview --new --resume" in err
    assert api.requests == []
    assert json.loads(drafts_in(tmp_path)[0].read_text())["title"] == "Only a title"


def test_invalid_values_in_the_form_are_named_and_kept_and_resume_reopens_them(
    api: FaultServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = FORM.replace("High", "asap").replace("category: account", "category: account\nowner: me")
    assert run_with_editor(api, tmp_path, monkeypatch, bad) == 2
    err = capsys.readouterr().err
    assert "priority: Unknown priority 'asap'" in err and "Line 5 " in err and "owner" in err
    assert api.requests == []
    # --resume on a terminal opens the kept draft again; fixed there, it is sent and forgotten
    _, shown = stand_in_editor(tmp_path, FORM)
    assert run_with_editor(api, tmp_path, monkeypatch, FORM, "--resume") == 0
    assert "priority: asap\n" in shown.read_text() and 'title: Can\'t log in, "again" =1\n' in shown.read_text()
    assert sent(api)[0]["priority"] == "high" and drafts_in(tmp_path) == []


def test_an_editor_that_fails_sends_nothing(
    api: FaultServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("VISUAL", "false")
    args = build_parser().parse_args(["--new", "--title", "Kept"])

    def run(command: list[str]) -> int:
        return 1

    assert create_ticket(load_settings(base_url=api.url), args, interactive=True, run_editor=run) == 2
    err = capsys.readouterr().err
    assert "ended with status 1" in err and "kept as a draft" in err
    assert api.requests == []


def test_off_a_terminal_the_editor_never_opens(api: FaultServer, tmp_path: Path) -> None:
    visual, shown = stand_in_editor(tmp_path, FORM)
    env = app_env(VERIFIK_TOKEN=TOKEN, XDG_DATA_HOME=str(tmp_path / "data"), VISUAL=visual)
    done = run_process(ticketview_command() + ["--new", "--base-url", api.url], cwd=tmp_path, env=env)
    assert done.returncode == 2 and "missing --title, --description, --priority, --category" in done.stderr
    assert not shown.exists() and api.requests == []
