"""A token command that misbehaves costs a clear message, never memory or a minute's wait."""

from __future__ import annotations

import sys

import pytest

from app.core.config.token_command import MAX_OUTPUT, TokenCommandError, run_token_command

PY = sys.executable


def script(code: str) -> str:
    return f"{PY} -c {code!r}"


def test_the_first_line_is_the_token() -> None:
    assert run_token_command(script("print('tok-123'); print('second line')")) == "tok-123"


def test_a_command_that_never_stops_printing_is_stopped_at_the_cap() -> None:
    with pytest.raises(TokenCommandError, match=f"more than {MAX_OUTPUT // 1024} KiB"):
        run_token_command(
            script("import itertools, sys; [sys.stdout.write('x' * 65536) for _ in itertools.count()]"), timeout=30
        )


def test_a_background_child_holding_the_output_does_not_hold_the_token() -> None:
    # The command prints its token and exits, leaving a child with the pipe open for 30 s: the
    # token is taken when the command exits, well inside the 20 s limit.
    child = "import time; time.sleep(30)"
    code = f"import subprocess, sys; subprocess.Popen([sys.executable, '-c', {child!r}]); print('tok-bg', flush=True)"
    assert run_token_command(script(code), timeout=20) == "tok-bg"


def test_a_command_that_hangs_is_stopped_at_the_time_limit() -> None:
    with pytest.raises(TokenCommandError, match=r"within 0\.5 s"):
        run_token_command(script("import time; time.sleep(30)"), timeout=0.5)


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("import sys; sys.exit(3)", "exit status 3"),
        ("print('')", "printed nothing"),
        ("import sys; sys.stdout.buffer.write(bytes([0xff, 0xfe]))", "not UTF-8"),
    ],
)
def test_failures_say_what_went_wrong_without_the_output(code: str, words: str) -> None:
    with pytest.raises(TokenCommandError, match=words):
        run_token_command(script(code))
