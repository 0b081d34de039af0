"""Time zones from the command line: the timezone setting (file, env), --utc, --print-config, a
clear usage error for an unknown zone, and one-shot output (Markdown in the screen's zone, JSON as
the API sent it). Every test names the zone it expects: none depends on the machine's."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.core.config.settings import SettingsError, load_settings
from tests.helpers import EXAMPLE_ID, run_process

NO_FILE = {"TICKETVIEW_CONFIG": os.devnull}


def test_the_zone_comes_from_the_flag_the_env_the_file_or_the_computer(tmp_path: Path) -> None:
    assert load_settings(environ=NO_FILE).timezone == "local"
    assert load_settings(environ=NO_FILE).sources["timezone"] == "default"
    from_env = load_settings(environ=NO_FILE | {"TICKETVIEW_TIMEZONE": "America/Bogota"})
    assert from_env.timezone == "America/Bogota" and from_env.sources["timezone"] == "env TICKETVIEW_TIMEZONE"
    flag = load_settings(utc=True, environ=NO_FILE | {"TICKETVIEW_TIMEZONE": "America/Bogota"})
    assert flag.timezone == "UTC" and flag.sources["timezone"] == "--utc"
    config = tmp_path / "config.toml"
    config.write_text('timezone = "Europe/Madrid"\n[profiles.lima]\ntimezone = "America/Lima"\n', encoding="utf-8")
    environ = {"TICKETVIEW_CONFIG": str(config)}
    assert load_settings(environ=environ).timezone == "Europe/Madrid"
    assert load_settings(profile="lima", environ=environ).timezone == "America/Lima"
    assert load_settings(environ=environ | {"TICKETVIEW_TIMEZONE": "local"}).timezone == "local"


def test_an_unknown_zone_is_a_usage_error_that_names_where_it_came_from(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match=r"TICKETVIEW_TIMEZONE must be a time zone name such as America/Bogota"):
        load_settings(environ=NO_FILE | {"TICKETVIEW_TIMEZONE": "Mars/Olympus"})
    config = tmp_path / "config.toml"
    config.write_text('timezone = "Bogota"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match=r"timezone in the top level must be a time zone name"):
        load_settings(environ={"TICKETVIEW_CONFIG": str(config)})


def test_print_config_names_the_zone_and_an_unknown_one_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TICKETVIEW_CONFIG", os.devnull)
    monkeypatch.setenv("TICKETVIEW_TIMEZONE", "America/Bogota")
    assert main(["--print-config"]) == 0
    assert "timezone:           America/Bogota  (from env TICKETVIEW_TIMEZONE)\n" in capsys.readouterr().out
    assert main(["--print-config", "--utc"]) == 0
    assert "timezone:           UTC  (from --utc)\n" in capsys.readouterr().out
    monkeypatch.setenv("TICKETVIEW_TIMEZONE", "Nowhere/\x1b[31mRed")
    assert main(["--print-config"]) == 2
    err = capsys.readouterr().err
    assert "TICKETVIEW_TIMEZONE must be a time zone name" in err and "\x1b" not in err


def one_shot(tmp_path: Path, *args: str, zone: str | None = None, tz: str = "America/Bogota") -> str:
    """``ticketview --demo EXAMPLE_ID ARGS`` in a process whose computer is in ``tz``; what it printed."""
    env = {name: value for name, value in os.environ.items() if not name.startswith(("VERIFIK_", "TICKETVIEW_"))}
    env.update(NO_FILE, HOME=str(tmp_path), TZ=tz, NO_COLOR="1")
    if zone is not None:
        env["TICKETVIEW_TIMEZONE"] = zone
    done = run_process([sys.executable, "-m", "app", "--demo", EXAMPLE_ID, *args], cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_markdown_says_times_in_the_agents_zone_and_json_as_the_api_sent_them(tmp_path: Path) -> None:
    local = one_shot(tmp_path, "--markdown")  # the computer's zone: Bogotá
    assert "- **Created:** 2024-01-15 05:30 -05 (" in local
    assert "**Client · client_123456789** · 2024-01-15 05:30 -05" in local
    assert "- **Created:** 2024-01-15 10:30 UTC (" in one_shot(tmp_path, "--markdown", "--utc")
    assert "- **Created:** 2024-01-15 19:30 JST (" in one_shot(tmp_path, "--markdown", zone="Asia/Tokyo")
    printed = json.loads(one_shot(tmp_path, "--json"))
    assert printed["createdAt"] == "2024-01-15T10:30:00Z"  # the API's own timestamp
