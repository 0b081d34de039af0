"""Get the API token from the user's ``token_command``, e.g. ``pass show verifik``.

The command is split as a shell would split it (``shlex``) but run without a shell, with a time
limit; the first line it prints is the token (as ``pass`` keeps a password on its first line).
It keeps the terminal, so a password manager can ask for a passphrase. Errors name the command
and what went wrong, never anything it printed.
"""

from __future__ import annotations

import os
import selectors
import shlex
import signal
import subprocess
import time

TOKEN_COMMAND_TIMEOUT = 60.0
"""Seconds a token command may take: enough to type a passphrase into a password manager."""
MAX_OUTPUT = 64 * 1024
"""Bytes of output read from a token command: a token is a line; a command that prints on is stopped."""
POLL = 0.05
"""Seconds between looks at whether the command has exited, while its output is quiet."""


class TokenCommandError(Exception):
    """The token command could not give a token; the message says why, without its output."""


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _read_until_exit(process: subprocess.Popen[bytes], timeout: float) -> bytes:
    """What ``process`` printed, read until it exits (not until its pipe closes: a child left in the
    background may hold it open for ever), at most ``MAX_OUTPUT`` bytes and ``timeout`` seconds."""
    assert process.stdout is not None
    pipe = process.stdout
    os.set_blocking(pipe.fileno(), False)
    out = bytearray()
    give_up = time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        selector.register(pipe, selectors.EVENT_READ)
        try:
            while True:
                exited = process.poll() is not None
                # Once it has exited, take only what is already in the pipe (no waiting on its children).
                ready = selector.select(0 if exited else min(POLL, max(0.0, give_up - time.monotonic())))
                chunk = pipe.read(MAX_OUTPUT + 1 - len(out)) if ready else None
                if chunk:
                    out += chunk
                    if len(out) > MAX_OUTPUT:
                        _stop(process)
                        raise TokenCommandError(f"printed more than {MAX_OUTPUT // 1024} KiB and was stopped")
                    continue
                if exited or chunk == b"":  # exited, or its output ended: the token is in hand
                    break
                if time.monotonic() >= give_up:
                    _stop(process)
                    raise TokenCommandError(f"did not finish within {timeout:g} s and was stopped")
        finally:
            pipe.close()
    try:
        process.wait(timeout=max(0.0, give_up - time.monotonic()))
    except subprocess.TimeoutExpired:  # it closed its output but runs on
        _stop(process)
        raise TokenCommandError(f"did not finish within {timeout:g} s and was stopped") from None
    return bytes(out)


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.kill()
    process.wait()


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
    out = _read_until_exit(process, timeout)
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
