"""Editing text in the agent's own editor: which editor to run, a private file for it, the text read back.

``$VISUAL`` wins over ``$EDITOR`` (as git and gh have it); each is split as a shell would split
it (``code --wait``, ``"/opt/My Editor/edit" -n``) but never run by a shell. Without either, ``vi``
then ``nano`` if installed. The text goes to a temporary file only the user can read, and what
the editor leaves there is read back bounded (a file that grew past ``MAX_EDITED_BYTES`` is
refused) and decoded forgivingly; the caller cleans it for its field. The file is removed
afterwards, whatever happened.

How the editor runs (the TUI suspends itself around it; a test runs a stand-in) is the caller's:
``edit_text`` takes it as a callable. Plain Python: no Textual.
"""

from __future__ import annotations

import os
import shlex
import shutil
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Final

from app.core.errors import TicketViewError
from app.core.storage.private_files import FileTooBig, read_capped, remove
from app.core.text.safe_text import clean_line

MAX_EDITED_BYTES: Final = 1024 * 1024
"""What is read back from the editor's file at most (a description's limit is far below it)."""
FALLBACK_EDITORS: Final = ("vi", "nano")
ENVIRONMENT: Final = ("VISUAL", "EDITOR")

RunEditor = Callable[[list[str]], int]
"""Runs an editor's command line (the file to edit is its last word) to its end; its exit status."""


class EditorFailed(TicketViewError):
    """The text could not be edited in the editor; the text edited before is unchanged."""

    title = "Could not edit in your editor"
    exit_code = 2


def editor_command(environ: Mapping[str, str]) -> list[str]:
    """The editor's command line, from ``VISUAL``, else ``EDITOR``, else ``vi`` or ``nano`` if found."""
    for name in ENVIRONMENT:
        raw = environ.get(name, "")
        if not raw.strip():
            continue
        try:
            words = shlex.split(raw)
        except ValueError as error:
            raise EditorFailed(
                f"{name} is not a command line ({error}): {clean_line(raw)[:80]}",
                hint=f"Set {name} to your editor's command, for example: export {name}=nano",
            ) from None
        if words:
            return words
    for name in FALLBACK_EDITORS:
        found = shutil.which(name)
        if found:
            return [found]
    raise EditorFailed(
        "No editor is set, and neither vi nor nano is installed.",
        hint="Set VISUAL or EDITOR to your editor's command, for example: export EDITOR=nano",
    )


@contextmanager
def editable_file(text: str, *, suffix: str = ".md") -> Iterator[Path]:
    """A temporary file (0600) holding ``text``, removed when the block ends."""
    import tempfile

    descriptor, name = tempfile.mkstemp(prefix="ticketview-", suffix=suffix)
    path = Path(name)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
        yield path
    finally:
        remove(path)


def read_edited(path: Path) -> str:
    """What the editor left in ``path``: bounded, decoded as UTF-8 (a bad byte becomes �)."""
    try:
        data = read_capped(path, MAX_EDITED_BYTES)
    except FileTooBig:
        raise EditorFailed(
            f"The edited text is over {MAX_EDITED_BYTES // 1024 // 1024} MiB, far more than a description holds; "
            "it was not taken.",
            hint="Attach long logs to the ticket as a file instead.",
        ) from None
    except OSError as error:
        raise EditorFailed(
            f"Could not read back what the editor saved ({error.strerror or type(error).__name__})."
        ) from None
    return data.decode("utf-8", "replace")


def edit_text(text: str, environ: Mapping[str, str], run: RunEditor) -> str:
    """``text`` as the agent left it in their editor; ``EditorFailed`` (text unchanged) if it did not go well.

    ``run`` runs the command line to its end; the exceptions it raises other than ``OSError`` (the
    TUI's "cannot suspend here") pass through.
    """
    command = editor_command(environ)
    name = clean_line(Path(command[0]).name)[:40] or "the editor"
    with editable_file(text) as path:
        try:
            status = run([*command, str(path)])
        except FileNotFoundError:
            raise EditorFailed(
                f"Could not start the editor {name!r}: there is no such command.",
                hint="Set VISUAL or EDITOR to your editor's command, for example: export EDITOR=nano",
            ) from None
        except OSError as error:
            raise EditorFailed(
                f"Could not start the editor {name!r} ({error.strerror or type(error).__name__})."
            ) from None
        if status != 0:
            raise EditorFailed(f"The editor {name!r} ended with status {status}; the text was not changed.")
        return read_edited(path)
