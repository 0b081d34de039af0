"""Get the API token from the user's ``token_command``, e.g. ``pass show verifik``.

The command is split as a shell would split it (``shlex``) but run without a shell, with a time
limit; the first line it prints is the token (as ``pass`` keeps a password on its first line).
It keeps the terminal, so a password manager can ask for a passphrase. Errors name the command
and what went wrong, never anything it printed.
"""

from __future__ import annotations

import shlex
import signal
import subprocess

TOKEN_COMMAND_TIMEOUT = 60.0
"""Seconds a token command may take: enough to type a passphrase into a password manager."""


class TokenCommandError(Exception):
    """The token command could not give a token; the message says why, without its output."""


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def run_token_command(command: str, *, timeout: float = TOKEN_COMMAND_TIMEOUT) -> str:
    """The token printed by ``command``; raises ``TokenCommandError`` if there is none."""
    try:
        argv = shlex.split(command)
    except ValueError as error:
        raise TokenCommandError(f"is not a valid command line ({error})") from None
    if not argv:
        raise TokenCommandError("is empty")
    try:
        process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    except FileNotFoundError:
        raise TokenCommandError(f"could not be run: {argv[0]!r} was not found") from None
    except OSError as error:
        raise TokenCommandError(f"could not be run: {error.strerror or type(error).__name__}") from None
    try:
        out, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        # not communicate(): a child of the command may still hold the pipe open
        if process.stdout is not None:
            process.stdout.close()
        process.wait()
        raise TokenCommandError(f"did not finish within {timeout:g} s and was stopped") from None
    if process.returncode < 0:
        raise TokenCommandError(f"was stopped by {_signal_name(-process.returncode)}")
    if process.returncode != 0:
        raise TokenCommandError(f"failed with exit status {process.returncode}")
    try:
        text = out.decode("utf-8")
    except UnicodeDecodeError:
        raise TokenCommandError("printed something that is not UTF-8 text") from None
    lines = text.strip().splitlines()
    token = lines[0].strip() if lines else ""
    if not token:
        raise TokenCommandError("printed nothing")
    return token
