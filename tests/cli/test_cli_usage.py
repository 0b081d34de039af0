"""Usage errors that stop before anything runs: exit code 2 and a message that says what to fix."""

from __future__ import annotations

import pytest

from app.cli import main


def test_bad_timeout_is_a_usage_error(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("TICKETVIEW_TIMEOUT", "soon")
    assert main(["support_ticket_1", "--json"]) == 2
    assert "TICKETVIEW_TIMEOUT" in capsys.readouterr().err


def test_unknown_theme_is_a_usage_error_listing_the_themes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--theme", "no-such-theme"]) == 2
    err = capsys.readouterr().err
    assert "no-such-theme" in err and "textual-dark" in err


def test_timeout_is_the_overall_deadline_of_a_lookup(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.fault_server import FaultServer, Reply

    with FaultServer() as server:
        server.route("/v2/support-tickets/slow", Reply(200, {"data": {"_id": "slow"}}, delay=30))
        monkeypatch.setenv("TICKETVIEW_TIMEOUT", "0.3")
        monkeypatch.setenv("VERIFIK_TOKEN", "t")
        assert main(["slow", "--json", "--base-url", server.url]) == 4
        assert "0.3 s" in capsys.readouterr().err
