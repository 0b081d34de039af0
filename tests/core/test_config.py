"""Settings: flag > environment > default; the token never from a flag, never shown (the config file: test_config_file.py)."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from app.cli import build_parser
from app.core.config.settings import DEFAULT_BASE_URL, Settings, default_download_dir, load_settings

TOKEN = "tok_SECRET_do_not_print"


def test_defaults_with_an_empty_environment() -> None:
    settings = load_settings(environ={})
    assert settings.base_url == DEFAULT_BASE_URL == "https://api.verifik.co"
    assert settings.download_dir == default_download_dir()
    assert settings.token is None and settings.needs_token
    assert settings.demo is False and settings.theme is None


def test_base_url_flag_beats_env_beats_default() -> None:
    env = {"VERIFIK_BASE_URL": "https://env.example"}
    assert load_settings(base_url="https://flag.example", environ=env).base_url == "https://flag.example"
    assert load_settings(environ=env).base_url == "https://env.example"
    assert load_settings(environ={}).base_url == DEFAULT_BASE_URL


def test_download_dir_flag_beats_env_beats_default(tmp_path: Path) -> None:
    env = {"TICKETVIEW_DOWNLOAD_DIR": str(tmp_path / "env")}
    assert load_settings(download_dir=tmp_path / "flag", environ=env).download_dir == tmp_path / "flag"
    assert load_settings(download_dir=str(tmp_path / "flag"), environ=env).download_dir == tmp_path / "flag"
    assert load_settings(environ=env).download_dir == tmp_path / "env"
    assert load_settings(environ={}).download_dir == default_download_dir()


@pytest.mark.parametrize("blank", ["", "   "])
def test_blank_values_count_as_unset(blank: str) -> None:
    env = {
        "VERIFIK_BASE_URL": blank,
        "TICKETVIEW_DOWNLOAD_DIR": blank,
        "VERIFIK_TOKEN": blank,
    }
    settings = load_settings(environ=env)
    assert settings.base_url == DEFAULT_BASE_URL
    assert settings.download_dir == default_download_dir()
    assert settings.token is None


def test_values_are_trimmed() -> None:
    env = {
        "VERIFIK_BASE_URL": " https://env.example \n",
        "VERIFIK_TOKEN": f"  {TOKEN}\n",
    }
    settings = load_settings(environ=env)
    assert settings.base_url == "https://env.example" and settings.token == TOKEN


def test_download_dir_expands_the_home_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert load_settings(download_dir="~/tickets", environ={}).download_dir == tmp_path / "tickets"
    assert load_settings(environ={"TICKETVIEW_DOWNLOAD_DIR": "~/dl"}).download_dir == tmp_path / "dl"


def test_the_process_environment_is_read_when_called(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("VERIFIK_TOKEN", TOKEN)
    monkeypatch.setenv("VERIFIK_BASE_URL", "https://late.example")
    settings = load_settings()
    assert settings.token == TOKEN and settings.base_url == "https://late.example"
    assert not settings.needs_token


def test_the_token_comes_only_from_the_environment() -> None:
    assert "token" not in inspect.signature(load_settings).parameters
    assert load_settings(environ={"VERIFIK_TOKEN": TOKEN}).token == TOKEN
    assert load_settings(environ={}).token is None


@pytest.mark.parametrize("flag", ["--token", "--api-token", "--verifik-token"])
def test_there_is_no_token_flag(flag: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        build_parser().parse_args(["T1", flag, TOKEN])
    assert caught.value.code == 2
    assert TOKEN not in capsys.readouterr().out


def test_the_token_is_not_in_repr_or_str() -> None:
    settings = load_settings(environ={"VERIFIK_TOKEN": TOKEN})
    assert settings.token == TOKEN
    assert TOKEN not in repr(settings) and TOKEN not in str(settings)
    assert TOKEN not in repr(Settings(token=TOKEN))


def test_demo_drops_the_token_and_needs_none() -> None:
    settings = load_settings(demo=True, environ={"VERIFIK_TOKEN": TOKEN})
    assert settings.demo and settings.token is None and not settings.needs_token


def test_theme_is_passed_through() -> None:
    assert load_settings(theme="nord", environ={}).theme == "nord"


def test_settings_are_immutable() -> None:
    settings = load_settings(environ={})
    with pytest.raises(AttributeError):
        settings.token = TOKEN  # type: ignore[misc]


def test_timeout_comes_from_the_environment_and_bad_values_are_refused() -> None:
    import pytest

    from app.core.config.settings import DEFAULT_TIMEOUT, SettingsError

    assert load_settings(environ={}).timeout == DEFAULT_TIMEOUT
    assert load_settings(environ={"TICKETVIEW_TIMEOUT": "2.5"}).timeout == 2.5
    for bad in ("soon", "0", "-1", "99999"):
        with pytest.raises(SettingsError, match="TICKETVIEW_TIMEOUT"):
            load_settings(environ={"TICKETVIEW_TIMEOUT": bad})
