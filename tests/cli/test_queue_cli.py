"""``ticketview --queue --status S --priority P --category C``: checked values, and a real run."""

from __future__ import annotations

import pytest

from app.cli import build_parser, main
from tests.bench.common import Terminal, app_env, ticketview_command


@pytest.mark.parametrize(
    ("flag", "value"),
    [("--status", "escalated"), ("--priority", "p0"), ("--category", "sales")],
)
def test_an_unknown_value_is_a_usage_error(flag: str, value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--queue", flag, value])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert value in err and "invalid choice" in err


def test_values_are_read_as_the_api_spells_them() -> None:
    args = build_parser().parse_args(["--status", "In-Progress", "--priority", "HIGH", "--category", "feature request"])
    assert (args.status, args.priority, args.category) == ("in_progress", "high", "feature_request")


@pytest.mark.parametrize("args", [["--queue"], ["--status", "open"]])
def test_the_queue_does_not_mix_with_printing_a_ticket(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["support_ticket_123456789", "--json", *args]) == 2
    assert "--queue" in capsys.readouterr().err


def test_the_command_opens_the_queue_filtered() -> None:
    argv = ticketview_command() + ["--demo", "--queue", "--status", "open", "--priority", "high"]
    with Terminal(argv, env=app_env(), size=(100, 30)) as terminal:
        terminal.wait_for("High priority · 3 tickets")
        terminal.wait_quiet(0.3)
        mark = terminal.mark
        terminal.write("\r")  # the first row opens
        terminal.wait_for("1 Details", since=mark)
        terminal.write("q")
        assert terminal.process.wait(timeout=10) == 0
