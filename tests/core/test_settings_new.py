"""The cache, offline, watch and bell settings (flag > env > profile > file > default), clearing
trusted_hosts from the environment, and the token hint."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import build_parser, main
from app.core.config.settings import SettingsError, load_settings
from app.core.config.values import parse_switch, parse_watch
from app.core.errors import TOKEN_HINT


def write_config(folder: Path, text: str) -> dict[str, str]:
    path = folder / "config.toml"
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)
    return {"TICKETVIEW_CONFIG": str(path)}


def lines(out: str) -> dict[str, str]:
    return {line.split(":", 1)[0]: line.split(":", 1)[1].strip() for line in out.splitlines()}


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("VERIFIK_TOKEN", "VERIFIK_BASE_URL", "TICKETVIEW_CACHE", "TICKETVIEW_WATCH", "TICKETVIEW_BELL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TICKETVIEW_CONFIG", str(tmp_path / "absent.toml"))


# --- parsing ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("word", ["1", "true", "TRUE", "Yes", "on", " on "])
def test_switch_words_for_on(word: str) -> None:
    assert parse_switch(word) is True


@pytest.mark.parametrize("word", ["0", "false", "False", "no", "OFF"])
def test_switch_words_for_off(word: str) -> None:
    assert parse_switch(word) is False


@pytest.mark.parametrize("bad", ["maybe", "", "2", "enabled", 1.5, None, [True]])
def test_other_switch_values_are_refused_with_the_accepted_words(bad: object) -> None:
    with pytest.raises(ValueError, match="must be one of 1/0, true/false, yes/no, on/off"):
        parse_switch(bad)


def test_watch_is_5_to_86400_seconds() -> None:
    assert parse_watch("5") == 5.0 and parse_watch(86400) == 86400.0 and parse_watch(" 30.5 ") == 30.5
    for bad in ("4.9", "0", "-30", "86401", "nan", "inf", "soon", "", True):
        with pytest.raises(ValueError, match="must be a number of seconds from 5 to 86400"):
            parse_watch(bad)


# --- layering --------------------------------------------------------------------------------------


def test_defaults() -> None:
    settings = load_settings(environ={})
    assert (settings.cache, settings.offline, settings.watch, settings.bell) == (True, False, None, False)
    assert {name: settings.sources[name] for name in ("cache", "offline", "watch", "bell")} == dict.fromkeys(
        ("cache", "offline", "watch", "bell"), "default"
    )


@pytest.mark.parametrize(
    ("name", "variable", "file", "profile", "env", "flag", "flag_name"),
    [
        ("cache", "TICKETVIEW_CACHE", ("true", True), ("false", False), ("yes", True), (False, False), "--no-cache"),
        ("watch", "TICKETVIEW_WATCH", ("30", 30.0), ("60", 60.0), ("90", 90.0), ("120", 120.0), "--watch"),
        ("bell", "TICKETVIEW_BELL", ("false", False), ("true", True), ("off", False), (True, True), "--bell"),
    ],
)
def test_each_new_setting_is_flag_then_env_then_profile_then_file(
    tmp_path: Path,
    name: str,
    variable: str,
    file: tuple[str, object],
    profile: tuple[str, object],
    env: tuple[str, object],
    flag: tuple[object, object],
    flag_name: str,
) -> None:
    config = write_config(tmp_path, f"{name} = {file[0]}\n[profiles.p]\n{name} = {profile[0]}\n")

    def value(**options: object) -> tuple[object, str]:
        settings = load_settings(**options)  # type: ignore[arg-type]
        return getattr(settings, name), settings.sources[name]

    assert value(environ=config) == (file[1], "config file")
    assert value(environ=config, profile="p") == (profile[1], "profile p")
    with_env = config | {variable: env[0]}
    assert value(environ=with_env, profile="p") == (env[1], f"env {variable}")
    assert value(environ=with_env | {variable: "  "}, profile="p") == (profile[1], "profile p")  # blank: unset
    assert value(environ=with_env, profile="p", **{name: flag[0]}) == (flag[1], flag_name)


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"TICKETVIEW_CACHE": "maybe"}, "TICKETVIEW_CACHE must be one of 1/0, true/false, yes/no, on/off, not 'maybe'"),
        ({"TICKETVIEW_BELL": "ding"}, "TICKETVIEW_BELL must be one of"),
        ({"TICKETVIEW_WATCH": "3"}, "TICKETVIEW_WATCH must be a number of seconds from 5 to 86400, not '3'"),
        ({"TICKETVIEW_WATCH": "100000"}, "TICKETVIEW_WATCH must be"),
    ],
)
def test_bad_environment_values_are_clear_errors(environ: dict[str, str], expected: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(environ=environ)
    assert expected in str(caught.value)


def test_a_bad_watch_flag_names_the_flag() -> None:
    with pytest.raises(SettingsError, match="--watch must be a number of seconds from 5 to 86400, not '4'"):
        load_settings(watch="4", environ={})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("watch = 2\n", "watch in the top level must be a number of seconds from 5 to 86400"),
        ("[profiles.p]\nwatch = 'often'\n", "watch in [profiles.p] must be a number of seconds"),
        ("cache = 'maybe'\n", "cache in the top level must be one of 1/0, true/false, yes/no, on/off"),
        ("bell = 1.5\n", "bell in the top level must be one of"),
        ("cahce = false\n", "unknown key 'cahce'"),
    ],
)
def test_bad_file_values_name_the_key_and_the_file(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(environ=write_config(tmp_path, text))
    assert expected in str(caught.value) and str(tmp_path / "config.toml") in str(caught.value)


def test_the_file_accepts_switch_words_too(tmp_path: Path) -> None:
    settings = load_settings(environ=write_config(tmp_path, 'cache = "off"\nbell = "yes"\n'))
    assert settings.cache is False and settings.bell is True


# --- offline ---------------------------------------------------------------------------------------


def test_offline_comes_from_its_flag_only(tmp_path: Path) -> None:
    settings = load_settings(offline=True, environ={})
    assert settings.offline and settings.sources["offline"] == "--offline"
    with pytest.raises(SettingsError, match="unknown key 'offline'"):
        load_settings(environ=write_config(tmp_path, "offline = true\n"))
    assert load_settings(offline=True, demo=True, environ={}).offline  # the demo's tickets, cached


@pytest.mark.parametrize(
    ("options", "environ", "source"),
    [
        ({"cache": False}, {}, "--no-cache"),
        ({}, {"TICKETVIEW_CACHE": "0"}, "env TICKETVIEW_CACHE"),
        ({}, "file", "config file"),
    ],
)
def test_offline_without_the_cache_is_an_error_naming_what_turned_it_off(
    tmp_path: Path, options: dict[str, object], environ: dict[str, str] | str, source: str
) -> None:
    env = write_config(tmp_path, "cache = false\n") if environ == "file" else environ
    with pytest.raises(SettingsError) as caught:
        load_settings(offline=True, environ=env, **options)  # type: ignore[arg-type]
    assert str(caught.value) == (
        f"--offline shows only cached tickets, but the cache is off (from {source}): drop one of them."
    )


# --- trusted_hosts: "none" clears the file's list --------------------------------------------------


@pytest.mark.parametrize("word", ["none", "NONE", " None "])
def test_none_in_the_environment_clears_the_files_trusted_hosts(tmp_path: Path, word: str) -> None:
    config = write_config(tmp_path, 'trusted_hosts = ["files.example"]\n')
    assert load_settings(environ=config).trusted_hosts == ("files.example",)
    cleared = load_settings(environ=config | {"TICKETVIEW_TRUSTED_HOSTS": word})
    assert cleared.trusted_hosts == () and cleared.sources["trusted_hosts"] == "env TICKETVIEW_TRUSTED_HOSTS"
    blank = load_settings(environ=config | {"TICKETVIEW_TRUSTED_HOSTS": " "})
    assert blank.trusted_hosts == ("files.example",)  # blank is still "not set"


def test_none_is_not_a_host_among_others() -> None:
    with pytest.raises(SettingsError, match="TICKETVIEW_TRUSTED_HOSTS must be"):
        load_settings(environ={"TICKETVIEW_TRUSTED_HOSTS": "files.example, none:1"})


# --- the command line ------------------------------------------------------------------------------


def test_the_parser_knows_the_four_flags() -> None:
    args = build_parser().parse_args(["T1", "--offline", "--no-cache", "--watch", "30", "--bell"])
    assert (args.offline, args.no_cache, args.watch, args.bell) == (True, True, "30", True)
    none = build_parser().parse_args([])
    assert (none.offline, none.no_cache, none.watch, none.bell) == (False, False, None, False)
    text = build_parser().format_help()
    assert all(flag in text for flag in ("--offline", "--no-cache", "--watch SECONDS", "--bell"))


def test_print_config_shows_the_new_settings_and_their_sources(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["--print-config"]) == 0
    shown = lines(capsys.readouterr().out)
    assert shown["cache"] == "on  (default)" and shown["offline"] == "no  (default)"
    assert shown["watch"] == "off  (default)" and shown["bell"] == "off  (default)"
    monkeypatch.setenv("TICKETVIEW_BELL", "yes")
    assert main(["--print-config", "--no-cache", "--watch", "45"]) == 0
    shown = lines(capsys.readouterr().out)
    assert shown["cache"] == "off  (from --no-cache)" and shown["watch"] == "every 45 s  (from --watch)"
    assert shown["bell"] == "on  (from env TICKETVIEW_BELL)"
    assert main(["--print-config", "--offline", "--bell"]) == 0
    shown = lines(capsys.readouterr().out)
    assert shown["offline"] == "yes (cached tickets only; no network)  (from --offline)"
    assert shown["bell"] == "on  (from --bell)"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--offline", "--no-cache"], "--offline shows only cached tickets, but the cache is off (from --no-cache)"),
        (["--watch", "1"], "--watch must be a number of seconds from 5 to 86400, not '1'"),
        (["--watch", "soon"], "--watch must be a number of seconds"),
    ],
)
def test_flag_conflicts_and_bad_values_are_usage_errors(
    argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and expected in err and "Traceback" not in err


def test_offline_with_the_demo_is_fine(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--offline", "--demo", "--print-config"]) == 0
    assert lines(capsys.readouterr().out)["offline"].startswith("yes")


# --- the token hint --------------------------------------------------------------------------------


def test_the_token_hint_names_both_ways_and_stays_short() -> None:
    assert "export VERIFIK_TOKEN=" in TOKEN_HINT and "token_command" in TOKEN_HINT and "--demo" in TOKEN_HINT
    assert len(TOKEN_HINT) <= 160  # at most three lines in an 80-column notice
