"""``ticketview --print-config`` and the command line's handling of config errors and --profile."""

from __future__ import annotations

import json
import os
import shlex
import sys
from pathlib import Path

import pytest

from app.cli import build_parser, main
from tests.helpers import run_process

TOKEN = "tok_SECRET_do_not_print"
FILE_TOKEN = "tok_FILE_secret_value"


def write_config(folder: Path, text: str, monkeypatch: pytest.MonkeyPatch, mode: int = 0o600) -> Path:
    path = folder / "config.toml"
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    monkeypatch.setenv("TICKETVIEW_CONFIG", str(path))
    return path


def command(code: str) -> str:
    return json.dumps(shlex.join([sys.executable, "-c", code]))


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def lines(out: str) -> dict[str, str]:
    """The printed settings by name."""
    return {line.split(":", 1)[0]: line.split(":", 1)[1].strip() for line in out.splitlines()}


@pytest.fixture(autouse=True)
def _no_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VERIFIK_TOKEN", raising=False)
    monkeypatch.delenv("VERIFIK_BASE_URL", raising=False)


def test_print_config_masks_an_env_token_and_says_where_each_value_came_from(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write_config(tmp_path, 'timeout = 12\n[profiles.work]\nbase_url = "https://work.example"\n', monkeypatch)
    monkeypatch.setenv("VERIFIK_TOKEN", TOKEN)
    monkeypatch.setenv("TICKETVIEW_MAX_DOWNLOAD", "500MiB")
    code, out, err = run(["--print-config", "--profile", "work", "--download-dir", str(tmp_path / "dl")], capsys)
    assert code == 0 and err == ""
    shown = lines(out)
    assert shown["config file"] == str(path)
    assert shown["profile"] == "work  (from --profile)"
    assert shown["base_url"] == "https://work.example  (from profile work)"
    assert shown["download_dir"] == f"{tmp_path / 'dl'}  (from --download-dir)"
    assert shown["timeout"] == "12 s  (from config file)"
    assert shown["max_download_bytes"] == "500MiB  (from env TICKETVIEW_MAX_DOWNLOAD)"
    assert shown["preview_bytes"] == "2MiB  (default)"
    assert shown["token"] == "********  (from env VERIFIK_TOKEN)"
    assert TOKEN not in out + err and "\x1b" not in out


def test_print_config_masks_a_token_from_the_command_or_the_file(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write_config(
        tmp_path,
        f'token = "{FILE_TOKEN}"\n[profiles.cmd]\ntoken_command = {command("print(" + repr(TOKEN) + ")")}\n',
        monkeypatch,
    )
    code, out, err = run(["--print-config"], capsys)
    assert code == 0 and lines(out)["token"] == "********  (from config file)"
    code, out2, err2 = run(["--print-config", "--profile", "cmd"], capsys)
    assert code == 0 and lines(out2)["token"] == "********  (from token_command in profile cmd)"
    everything = out + err + out2 + err2
    assert FILE_TOKEN not in everything and TOKEN not in everything
    assert "print(" not in out2  # the command is not shown either: it is in the file for whoever needs it


def test_print_config_without_a_file_or_token(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("TICKETVIEW_CONFIG", str(tmp_path / "absent.toml"))
    code, out, _ = run(["--print-config"], capsys)
    shown = lines(out)
    assert code == 0 and shown["config file"] == f"none (no file at {tmp_path / 'absent.toml'})"
    assert shown["token"].startswith("not set") and "VERIFIK_TOKEN" in shown["token"]
    assert shown["base_url"] == "https://api.verifik.co  (default)"


@pytest.mark.parametrize(
    ("text", "argv", "expected"),
    [
        ("timeout = 3\nbase_url = 'x\n", [], "not valid TOML"),
        ("timout = 3\n", [], "unknown key 'timout'"),
        ("[profiles.a]\n[profiles.b]\n", ["--profile", "c"], "Unknown profile 'c' (from --profile). Profiles in"),
        ("token_command = 'false'\n", [], "token_command 'false'"),
        ("theme = 'no-such-theme'\n", [], "unknown theme 'no-such-theme' (from config file)"),
        (f"token = '{FILE_TOKEN}'\n", [], "other users can read it"),
    ],
)
def test_config_errors_are_usage_errors_without_a_traceback(
    text: str,
    argv: list[str],
    expected: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    write_config(tmp_path, text, monkeypatch, mode=0o644)
    for args in (argv + ["--print-config"], argv + ["T1", "--json"]):
        code, out, err = run(args, capsys)
        assert code == 2 and out == ""
        assert err.startswith("ticketview: error: ") and expected in err, err
        assert "Traceback" not in err and FILE_TOKEN not in err


def test_the_help_lists_profile_and_print_config() -> None:
    text = build_parser().format_help()
    assert "--profile NAME" in text and "--print-config" in text and "VERIFIK_TOKEN" in text


def test_print_config_in_a_real_process_is_plain_text_without_the_token(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f"[profiles.work]\ntoken_command = {command(f'print({TOKEN!r})')}\n", encoding="utf-8")
    config.chmod(0o644)  # a token_command is no secret: the file may be readable
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("VERIFIK_", "TICKETVIEW_")) and name != "NO_COLOR"
    }
    env.update(TICKETVIEW_CONFIG=str(config), TICKETVIEW_PROFILE="work", HOME=str(tmp_path), FORCE_COLOR="1")
    done = run_process([sys.executable, "-m", "app", "--print-config"], cwd=tmp_path, env=env)
    assert done.returncode == 0 and done.stderr == ""
    assert lines(done.stdout)["token"] == "********  (from token_command in profile work)"
    assert lines(done.stdout)["profile"] == "work  (from env TICKETVIEW_PROFILE)"
    assert TOKEN not in done.stdout and "\x1b" not in done.stdout
