"""The config file: precedence of every setting (flag > env > profile > file > default), profiles,
token sources (token_command, the env, the file), and the errors a user sees for a bad file."""

from __future__ import annotations

import json
import os
import shlex
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.core.config.settings import (
    DEFAULT_BASE_URL,
    DEFAULT_MAX_DOWNLOAD_BYTES,
    DEFAULT_PREVIEW_BYTES,
    DEFAULT_TIMEOUT,
    SettingsError,
    config_path,
    default_download_dir,
    load_settings,
)
from app.core.config.values import GIB, KIB, MIB, parse_max_download, parse_trusted_hosts

TOKEN = "tok_SECRET_do_not_print"
FILE_TOKEN = "tok_FILE_secret_value"
COMMAND_TOKEN = "tok_COMMAND_secret_value"


def write_config(folder: Path, text: str, mode: int = 0o600) -> dict[str, str]:
    """Write ``config.toml`` in ``folder`` with ``mode``; the environment that points at it."""
    path = folder / "config.toml"
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return {"TICKETVIEW_CONFIG": str(path)}


def command(code: str) -> str:
    """A token_command running ``code`` in this Python, as a TOML string."""
    return json.dumps(shlex.join([sys.executable, "-c", code]))


# --- precedence ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Layered:
    """One setting's value in each layer (TOML for the file, text for env and flag) and what it gives."""

    env: str
    file: str
    profile: str
    env_text: str
    flag: str | None
    default: object
    parsed: Callable[[str], object]


LAYERED = {
    "base_url": Layered(
        "VERIFIK_BASE_URL", '"https://file.example"', '"https://profile.example"', "https://env.example",
        "https://flag.example", DEFAULT_BASE_URL, lambda text: text.strip('"'),
    ),
    "download_dir": Layered(
        "TICKETVIEW_DOWNLOAD_DIR", '"/tmp/file-dl"', '"/tmp/profile-dl"', "/tmp/env-dl", "/tmp/flag-dl",
        default_download_dir(), lambda text: Path(text.strip('"')),
    ),
    "theme": Layered("TICKETVIEW_THEME", '"nord"', '"dracula"', "monokai", "gruvbox", None, lambda text: text.strip('"')),
    "timeout": Layered("TICKETVIEW_TIMEOUT", "12", "7.5", "3", None, DEFAULT_TIMEOUT, float),
    "preview_bytes": Layered(
        "TICKETVIEW_PREVIEW_BYTES", '"512KiB"', "65536", "4MiB", None, DEFAULT_PREVIEW_BYTES,
        lambda text: {'"512KiB"': 512 * KIB, "65536": 64 * KIB, "4MiB": 4 * MIB}[text],
    ),
    "max_download_bytes": Layered(
        "TICKETVIEW_MAX_DOWNLOAD", '"500MiB"', '"2G"', "10GiB", None, DEFAULT_MAX_DOWNLOAD_BYTES,
        lambda text: {'"500MiB"': 500 * MIB, '"2G"': 2 * GIB, "10GiB": 10 * GIB}[text],
    ),
    "trusted_hosts": Layered(
        "TICKETVIEW_TRUSTED_HOSTS", '["file.example"]', '["https://profile.example:8443"]',
        "env.example, https://env2.example", None, (),
        lambda text: {
            '["file.example"]': ("file.example",),
            '["https://profile.example:8443"]': ("https://profile.example:8443",),
            "env.example, https://env2.example": ("env.example", "https://env2.example"),
        }[text],
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", list(LAYERED))
def test_each_setting_is_flag_then_env_then_profile_then_file_then_default(name: str, tmp_path: Path) -> None:
    spec = LAYERED[name]
    flag = {name: spec.flag} if spec.flag else {}
    env = {spec.env: spec.env_text}

    def value(**options: object) -> tuple[object, str]:
        settings = load_settings(**options)  # type: ignore[arg-type]
        return getattr(settings, name), settings.sources[name]

    no_file = {"TICKETVIEW_CONFIG": str(tmp_path / "absent.toml")}
    assert value(environ=no_file) == (spec.default, "default")

    top = write_config(tmp_path, f"{name} = {spec.file}\n[profiles.p]\n{name} = {spec.profile}\n")
    assert value(environ=top) == (spec.parsed(spec.file), "config file")
    assert value(environ=top, profile="p") == (spec.parsed(spec.profile), "profile p")
    assert value(environ=top | env, profile="p") == (spec.parsed(spec.env_text), f"env {spec.env}")
    if spec.flag:
        assert value(environ=top | env, profile="p", **flag) == (spec.parsed(spec.flag), f"--{name.replace('_', '-')}")


def test_a_profile_only_overrides_what_it_sets(tmp_path: Path) -> None:
    env = write_config(tmp_path, 'timeout = 9\ntheme = "nord"\n[profiles.p]\ntheme = "dracula"\n')
    settings = load_settings(profile="p", environ=env)
    assert (settings.theme, settings.timeout) == ("dracula", 9.0)
    assert settings.sources["theme"] == "profile p" and settings.sources["timeout"] == "config file"


def test_the_download_dir_in_the_file_expands_the_home_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    env = write_config(tmp_path, 'download_dir = "~/tickets"\n')
    assert load_settings(environ=env).download_dir == tmp_path / "tickets"


def test_the_config_file_location(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert config_path({}) == tmp_path / "xdg" / "ticketview" / "config.toml"
    assert config_path({"TICKETVIEW_CONFIG": "  "}) == tmp_path / "xdg" / "ticketview" / "config.toml"
    assert config_path({"TICKETVIEW_CONFIG": str(tmp_path / "mine.toml")}) == tmp_path / "mine.toml"
    (tmp_path / "xdg" / "ticketview").mkdir(parents=True)
    (tmp_path / "xdg" / "ticketview" / "config.toml").write_text("timeout = 5\n")
    settings = load_settings(environ={})
    assert settings.timeout == 5 and settings.config_file == tmp_path / "xdg" / "ticketview" / "config.toml"


def test_no_file_and_dev_null_mean_no_config(tmp_path: Path) -> None:
    for path in (tmp_path / "absent.toml", Path(os.devnull)):
        settings = load_settings(environ={"TICKETVIEW_CONFIG": str(path)})
        assert settings.config_file is None and settings.timeout == DEFAULT_TIMEOUT


# --- profiles --------------------------------------------------------------------------------------

PROFILES = """
profile = "work"
[profiles.work]
base_url = "https://work.example"
[profiles.staging]
base_url = "https://staging.example"
[profiles."eu.west"]
base_url = "https://eu.example"
"""


def test_the_profile_is_flag_then_env_then_the_file_default(tmp_path: Path) -> None:
    env = write_config(tmp_path, PROFILES)
    assert load_settings(environ=env).base_url == "https://work.example"
    assert load_settings(environ=env).sources["profile"] == "config file"
    from_env = load_settings(environ=env | {"TICKETVIEW_PROFILE": "staging"})
    assert (from_env.profile, from_env.base_url) == ("staging", "https://staging.example")
    from_flag = load_settings(profile="eu.west", environ=env | {"TICKETVIEW_PROFILE": "staging"})
    assert (from_flag.profile, from_flag.base_url, from_flag.sources["profile"]) == (
        "eu.west",
        "https://eu.example",
        "--profile",
    )


def test_no_profile_chosen_uses_the_top_level(tmp_path: Path) -> None:
    env = write_config(tmp_path, 'base_url = "https://top.example"\n[profiles.work]\nbase_url = "https://w.example"\n')
    settings = load_settings(environ=env)
    assert settings.profile is None and settings.base_url == "https://top.example"


def test_an_unknown_profile_lists_the_known_ones(tmp_path: Path) -> None:
    env = write_config(tmp_path, PROFILES)
    with pytest.raises(SettingsError) as caught:
        load_settings(profile="wrok", environ=env)
    message = str(caught.value)
    assert "'wrok'" in message and "eu.west, staging, work" in message and "--profile" in message


def test_an_unknown_default_profile_in_the_file_is_an_error(tmp_path: Path) -> None:
    env = write_config(tmp_path, 'profile = "gone"\n')
    with pytest.raises(SettingsError, match=r"Unknown profile 'gone' \(from config file\).*none yet"):
        load_settings(environ=env)


def test_a_profile_without_a_config_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match=r"no config file at .*absent\.toml"):
        load_settings(profile="work", environ={"TICKETVIEW_CONFIG": str(tmp_path / "absent.toml")})


# --- the token -------------------------------------------------------------------------------------


def test_token_command_gives_the_first_line_it_prints(tmp_path: Path) -> None:
    code = f"print('  {COMMAND_TOKEN}  '); print('url: https://example')"
    env = write_config(tmp_path, f"[profiles.work]\ntoken_command = {command(code)}\n")
    settings = load_settings(profile="work", environ=env)
    assert settings.token == COMMAND_TOKEN and not settings.needs_token
    assert settings.sources["token"] == "token_command in profile work"
    assert COMMAND_TOKEN not in repr(settings)


def test_the_env_token_beats_the_file_and_the_command_is_not_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    code = f"open({str(marker)!r}, 'w'); print(1)"
    env = write_config(tmp_path, f"token_command = {command(code)}\n")
    settings = load_settings(environ=env | {"VERIFIK_TOKEN": TOKEN})
    assert settings.token == TOKEN and settings.sources["token"] == "env VERIFIK_TOKEN"
    assert not marker.exists()
    assert load_settings(demo=True, environ=env).token is None and not marker.exists()
    load_settings(environ=env)
    assert marker.exists()  # the same file without the env runs it


def test_a_profile_token_source_beats_the_top_level_one(tmp_path: Path) -> None:
    env = write_config(
        tmp_path,
        f'token = "{FILE_TOKEN}"\n[profiles.work]\ntoken_command = {command(f"print({COMMAND_TOKEN!r})")}\n',
    )
    assert load_settings(environ=env).token == FILE_TOKEN
    assert load_settings(environ=env).sources["token"] == "config file"
    assert load_settings(profile="work", environ=env).token == COMMAND_TOKEN


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("import sys; t = 'tok_' + 'LEAK' * 3; print(t); print(t, file=sys.stderr); sys.exit(3)",
         "failed with exit status 3"),
        ("import os, signal; print('tok_' + 'LEAK' * 3, flush=True); os.kill(os.getpid(), signal.SIGTERM)",
         "was stopped by SIGTERM"),
        ("print('   ')", "printed nothing"),
        ("import sys; sys.stdout.buffer.write(b'\\xff\\xfe')", "not UTF-8 text"),
    ],
)  # fmt: skip
def test_a_failing_token_command_names_the_command_but_not_its_output(code: str, expected: str, tmp_path: Path) -> None:
    env = write_config(tmp_path, f"[profiles.work]\ntoken_command = {command(code)}\n")
    with pytest.raises(SettingsError) as caught:
        load_settings(profile="work", environ=env)
    message = str(caught.value)
    assert expected in message and "[profiles.work]" in message and "token_command" in message
    assert sys.executable in message and str(tmp_path / "config.toml") in message
    assert "tok_LEAKLEAKLEAK" not in message  # what it printed, on stdout or stderr, is never shown


def test_a_token_command_that_hangs_is_stopped(tmp_path: Path) -> None:
    env = write_config(tmp_path, f"token_command = {command('import time; time.sleep(120)')}\n")
    with pytest.raises(SettingsError, match=r"did not finish within 0.5 s and was stopped"):
        load_settings(environ=env, token_command_timeout=0.5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"/nonexistent/password-tool show verifik"', "'/nonexistent/password-tool' was not found"),
        ('"pass show \'verifik"', "not a valid command line"),
    ],
)
def test_a_token_command_that_cannot_run_says_so(text: str, expected: str, tmp_path: Path) -> None:
    env = write_config(tmp_path, f"token_command = {text}\n")
    with pytest.raises(SettingsError, match=expected):
        load_settings(environ=env)


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o660])
def test_a_token_in_a_file_others_can_read_is_refused(mode: int, tmp_path: Path) -> None:
    env = write_config(tmp_path, f'[profiles.work]\ntoken = "{FILE_TOKEN}"\n', mode=mode)
    with pytest.raises(SettingsError) as caught:
        load_settings(environ=env)  # refused even when that profile is not in use: the file leaks it
    message = str(caught.value)
    assert f"mode {mode:04o}" in message and "chmod 600" in message and FILE_TOKEN not in message


def test_a_token_in_a_private_file_is_used(tmp_path: Path) -> None:
    env = write_config(tmp_path, f'[profiles.work]\ntoken = "{FILE_TOKEN}"\n', mode=0o600)
    settings = load_settings(profile="work", environ=env)
    assert settings.token == FILE_TOKEN and settings.sources["token"] == "profile work"
    assert FILE_TOKEN not in repr(settings)


def test_a_file_others_can_read_is_fine_without_a_token(tmp_path: Path) -> None:
    env = write_config(tmp_path, f"timeout = 5\ntoken_command = {command('print(1)')}\n", mode=0o644)
    assert load_settings(environ=env).timeout == 5


# --- a file with mistakes --------------------------------------------------------------------------


def test_a_malformed_file_names_the_file_and_the_line(tmp_path: Path) -> None:
    env = write_config(tmp_path, 'timeout = 3\n\nbase_url = "https://unterminated\n')
    with pytest.raises(SettingsError) as caught:
        load_settings(environ=env)
    assert "is not valid TOML" in str(caught.value) and "line 3" in str(caught.value)
    assert str(tmp_path / "config.toml") in str(caught.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("timout = 3\n", "unknown key 'timout' in the top level"),
        ("[profiles.work]\nbase_ulr = 'x'\n", "unknown key 'base_ulr' in [profiles.work]"),
        ("[profiles.work]\nprofile = 'x'\n", "unknown key 'profile' in [profiles.work]"),
        ("Timeout = 3\n", "unknown key 'Timeout'"),
        ("_cli_parse_args = true\n", "unknown key '_cli_parse_args'"),
        ("[profiles.'eu west']\nx = 1\n", "unknown key 'x' in [profiles.\"eu west\"]"),
    ],
)
def test_an_unknown_key_is_named_with_the_file(text: str, expected: str, tmp_path: Path) -> None:
    env = write_config(tmp_path, text)
    with pytest.raises(SettingsError) as caught:
        load_settings(environ=env)
    assert expected in str(caught.value) and str(tmp_path / "config.toml") in str(caught.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('timeout = "soon"\n', "timeout in the top level must be a number of seconds"),
        ("[profiles.w]\npreview_bytes = 12\n", "preview_bytes in [profiles.w] must be a size from 1KiB to 1GiB"),
        ("max_download_bytes = true\n", "max_download_bytes in the top level must be a size"),
        ('trusted_hosts = ["http://files.example"]\n', "only ever sent over https"),
        ("base_url = 3\n", "base_url in the top level must be text"),
        ("profiles = 3\n", "profiles must be tables"),
        ("[profiles]\nw = 3\n", "[profiles.w] must be a table"),
        ("[profiles.w]\ntoken = 'a'\ntoken_command = 'b'\n", "sets both token and token_command"),
    ],
)
def test_a_bad_value_says_which_key_and_where(text: str, expected: str, tmp_path: Path) -> None:
    env = write_config(tmp_path, text)
    with pytest.raises(SettingsError, match="config file") as caught:
        load_settings(environ=env)
    assert expected in str(caught.value)


def test_a_token_of_the_wrong_kind_is_not_quoted(tmp_path: Path) -> None:
    env = write_config(tmp_path, "token = 918273645\n")
    with pytest.raises(SettingsError) as caught:
        load_settings(environ=env)
    assert "token in the top level must be text" in str(caught.value) and "918273645" not in str(caught.value)


def test_every_mistake_is_listed(tmp_path: Path) -> None:
    env = write_config(tmp_path, "timout = 3\n[profiles.w]\nthem = 'nord'\n")
    with pytest.raises(SettingsError) as caught:
        load_settings(environ=env)
    assert "'timout'" in str(caught.value) and "'them'" in str(caught.value)


def test_a_folder_or_non_utf8_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="not a regular file"):
        load_settings(environ={"TICKETVIEW_CONFIG": str(tmp_path)})
    (tmp_path / "config.toml").write_bytes(b"timeout = 3 # \xff\n")
    with pytest.raises(SettingsError, match="not UTF-8"):
        load_settings(environ={"TICKETVIEW_CONFIG": str(tmp_path / "config.toml")})


# --- values ----------------------------------------------------------------------------------------


def test_max_download_sizes() -> None:
    assert parse_max_download("500MiB") == 500 * MIB
    assert parse_max_download("500 mib") == 500 * MIB
    assert parse_max_download(8192) == 8 * KIB
    assert parse_max_download("1T") == 1024 * GIB
    assert parse_max_download("500MB") == parse_max_download("500M") == 500 * MIB  # binary, whatever the spelling
    for bad in ("0", "500MB?", "-1", "2.5G", "2TiB", "5 mega", True, 3.5):
        with pytest.raises(ValueError, match="must be a size"):
            parse_max_download(bad)


def test_max_download_from_the_env_names_the_variable() -> None:
    assert load_settings(environ={"TICKETVIEW_MAX_DOWNLOAD": "1GiB"}).max_download_bytes == GIB
    with pytest.raises(SettingsError, match="TICKETVIEW_MAX_DOWNLOAD must be a size"):
        load_settings(environ={"TICKETVIEW_MAX_DOWNLOAD": "lots"})


def test_trusted_host_entries() -> None:
    assert parse_trusted_hosts("Files.Example.COM, https://cdn.example:8443/, ,files.example.com") == (
        "files.example.com",
        "https://cdn.example:8443",
    )
    assert parse_trusted_hosts(["127.0.0.2", "http://127.0.0.2:8080", "::1"]) == (
        "127.0.0.2", "http://127.0.0.2:8080", "::1",
    )  # fmt: skip
    for bad in ("http://files.example", "ftp://files.example", "https://files.example/path", "files.example:8443",
                "https://user@files.example", "*.example.com", "files example", "https://"):  # fmt: skip
        with pytest.raises(ValueError, match="must be"):
            parse_trusted_hosts([bad])
    with pytest.raises(SettingsError, match="TICKETVIEW_TRUSTED_HOSTS must be"):
        load_settings(environ={"TICKETVIEW_TRUSTED_HOSTS": "http://files.example"})
