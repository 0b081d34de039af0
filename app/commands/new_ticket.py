"""``ticketview --new``: open a new ticket from flags, a file, standard input or the editor.

The fields come from the newest kept draft (``--resume``), then the flags; whatever is still
missing is filled in the agent's editor when standard input is a terminal (standard output may be
captured: the editor then draws on the controlling terminal), and named as missing flags (exit 2)
when not. Nothing is sent until the ticket has no problems. Once sent, a failure of any kind keeps the ticket as a draft (``--resume`` offers it back), so nothing written is lost; a
draft is saved beside those kept before, never over them (``app.core.storage.drafts``).

Exit codes: 0 created; 1 the API said no, the form was left without a title or description
(cancelled, as ``git commit`` does), or ``--resume`` found no draft; 2 usage (missing or invalid fields, an unreadable description file); 3 authentication;
4 network or server failure; 130 interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Final, NamedTuple

from app.commands.common import report
from app.core.storage.drafts import MAX_DRAFTS

if TYPE_CHECKING:
    from app.core.api.models import Ticket
    from app.core.api.new_ticket import Field, NewTicket
    from app.core.config.settings import Settings
    from app.core.storage.drafts import Drafts

EXIT_CANCELLED: Final = 1
EXIT_USAGE: Final = 2
EXIT_INTERRUPTED: Final = 130
FLAGS: Final[dict[str, str]] = {
    "title": "--title",
    "description": "--description",
    "priority": "--priority",
    "category": "--category",
    "tags": "--tag",
}
REQUIRED: Final = ("title", "description", "priority", "category")
RESUME_LINE: Final = "ticketview --new --resume"
CONTROLLING_TERMINAL: Final = "/dev/tty"

RunEditor = Callable[[list[str]], int]


def _say(text: str) -> None:
    print(text, file=sys.stderr)


def _error(text: str) -> int:
    _say(f"ticketview: error: {text}")
    return EXIT_USAGE


def _on_terminal() -> bool:
    """Whether an agent is at a terminal to fill in the editor: standard input is one (as ``git
    commit`` decides). Standard output may be captured (``id=$(ticketview --new)``): the editor
    then draws on the controlling terminal, and standard output keeps the ID alone."""
    if not sys.stdin.isatty():
        return False
    if sys.stdout.isatty():
        return True
    try:
        with open(CONTROLLING_TERMINAL, "rb", buffering=0):
            return True
    except OSError:  # no controlling terminal (a pseudo-terminal without a session, say)
        return False


def _run_editor(command: list[str]) -> int:
    """Run the editor on this terminal to its end (``ctrl+c`` there is the editor's, as with git).

    A standard stream that is not the terminal (output captured for the ID, errors to a file) is
    replaced by the controlling terminal for the editor alone.
    """
    import signal
    import subprocess

    streams = (sys.stdin, sys.stdout, sys.stderr)
    with contextlib.ExitStack() as stack:
        terminal = None
        if not all(stream.isatty() for stream in streams):
            terminal = stack.enter_context(open(CONTROLLING_TERMINAL, "r+b", buffering=0))
        own = [None if stream.isatty() else terminal for stream in streams]
        process = subprocess.Popen(command, stdin=own[0], stdout=own[1], stderr=own[2])
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            return process.wait()
        finally:
            signal.signal(signal.SIGINT, previous)


def create_ticket(
    settings: Settings,
    args: argparse.Namespace,
    *,
    interactive: bool | None = None,
    run_editor: RunEditor | None = None,
) -> int:
    """Create the ticket the flags describe, print its ID (or with --json the ticket); the exit code.

    ``interactive`` (default: standard input and output are a terminal) lets the editor fill what is
    missing; ``run_editor`` runs the editor's command line (a test's stand-in).
    """
    from app.commands.common import user_data
    from app.core.errors import TicketViewError

    if settings.offline:
        return _error("--offline sends nothing: run ticketview --new without it")
    drafts = user_data(settings).drafts
    interactive = _on_terminal() if interactive is None else interactive
    try:
        start = _from_flags(settings, args, drafts)
        if start is None:
            return EXIT_CANCELLED
        new, continuing = start
        return _complete_and_send(settings, args, Draft(drafts, continuing), new, interactive, run_editor)
    except TicketViewError as error:  # a description file that cannot be used
        return report(error)
    except KeyboardInterrupt:  # while reading standard input or the form (a send in flight says more)
        _say("ticketview: interrupted; nothing was sent.")
        return EXIT_INTERRUPTED


class Draft(NamedTuple):
    """Where this run keeps its draft: among ``drafts``, over ``continuing`` (the draft it resumed) if any."""

    drafts: Drafts
    continuing: str | None


def _complete_and_send(
    settings: Settings,
    args: argparse.Namespace,
    draft: Draft,
    new: NewTicket,
    interactive: bool,
    run_editor: RunEditor | None,
) -> int:
    """Fill in what is missing (the editor), check, and send."""
    missing = [name for name in REQUIRED if not getattr(new, name)]
    if interactive and (missing or (args.resume and new.problems())):
        outcome = _edit(settings, new, draft, run_editor or _run_editor)
        if isinstance(outcome, int):
            return outcome
        new = outcome
    elif missing:
        flags = ", ".join(FLAGS[name] for name in missing)
        one = "--description or --description-file" if missing == ["description"] else flags
        return _error(f"missing {one} (on a terminal, ticketview --new opens your editor to fill them in)")
    if problems := new.problems():
        for name, words in problems.items():
            _say(f"ticketview: error: {FLAGS[name]}: {words}")
        return EXIT_USAGE
    return _send(settings, args, new, draft)


def _from_flags(settings: Settings, args: argparse.Namespace, drafts: Drafts) -> tuple[NewTicket, str | None] | None:
    """The ticket from the newest draft (``--resume``) with the flags given over it, and that draft's
    key; ``None``: nothing to resume. Without ``--resume``, a kept draft is mentioned, not used."""
    from app.core.api.new_ticket import NewTicket, clean_description, clean_title, parse_tags
    from app.core.ticket_form import read_description

    new, continuing = NewTicket(), None
    kept = drafts.kept()
    if args.resume:
        if not kept:
            where = f" (looked in {_shown(drafts.folder)}/)" if drafts.folder else ""
            _say(f"ticketview: there is no kept draft of a new ticket to resume{where}.")
            return None
        new, continuing = kept[0].ticket, kept[0].key
        if len(kept) > 1:
            others = len(kept) - 1
            _say(
                f"ticketview: resuming your newest draft; {others} older {_drafts(others)} "
                f"{'is' if others == 1 else 'are'} kept in {_shown(drafts.folder)}/ "
                "(--resume offers the next once this one is sent)."
            )
    elif kept:
        more = f", and {len(kept) - 1} more" if len(kept) > 1 else ""
        _say(
            f"ticketview: a draft is kept ({_quoted(kept[0].ticket.title)}{more}); send it with: {resume_line(settings)}"
        )
    description = args.description
    if args.description_file is not None:
        description = read_description(args.description_file, sys.stdin.buffer)
    given: dict[str, str | tuple[str, ...]] = {}
    if args.title is not None:
        given["title"] = clean_title(args.title)
    if description is not None:
        given["description"] = clean_description(description)
    if args.priority is not None:
        given["priority"] = args.priority
    if args.category is not None:
        given["category"] = args.category
    if args.tag:
        given["tags"] = parse_tags(args.tag)
    return new.with_values(**given), continuing


def _edit(settings: Settings, new: NewTicket, draft: Draft, run: RunEditor) -> NewTicket | int:
    """The ticket as the agent left it in the editor, or the exit code when it cannot be sent."""
    from app.core.editor import EditorFailed, edit_text
    from app.core.ticket_form import parse_form, render_form

    try:
        text = edit_text(render_form(new), os.environ, run)
    except EditorFailed as error:
        if not new.empty:
            _keep(settings, draft, new, sent=False)
        return report(error)
    form = parse_form(text, new)
    edited = form.ticket
    if edited.empty:
        _say("ticketview: cancelled: the title and the description are empty; nothing was sent.")
        return EXIT_CANCELLED
    empty = [name for name in ("title", "description") if not getattr(edited, name)]
    if empty:
        _say(f"ticketview: cancelled: the ticket has no {' and no '.join(empty)}; nothing was sent.")
        _keep(settings, draft, edited, sent=False)
        return EXIT_CANCELLED
    problems: dict[Field, str] = edited.problems()
    if form.problems or problems:
        for line in form.problems:
            _say(f"ticketview: error: {line}")
        for name, words in problems.items():
            _say(f"ticketview: error: {name}: {words}")
        _keep(settings, draft, edited, sent=False)
        return EXIT_USAGE
    return edited


def _send(settings: Settings, args: argparse.Namespace, new: NewTicket, draft: Draft) -> int:
    """Send ``new`` once, print the result; on a failure keep it as the draft."""
    import asyncio

    from app.commands.common import api_client
    from app.core.errors import TicketViewError

    async def create() -> Ticket:
        async with api_client(settings) as client:
            return await client.create_ticket(new)

    try:
        ticket = asyncio.run(create())
    except TicketViewError as error:
        code = report(error)
        _keep(settings, draft, new, sent=True, maybe_created=error.may_have_been_created)
        return code
    except KeyboardInterrupt:
        _say("ticketview: interrupted.")
        _keep(settings, draft, new, sent=True, maybe_created=True)
        return EXIT_INTERRUPTED
    draft.drafts.discard(draft.continuing)  # the draft it was; any other stays kept
    _print_created(settings, ticket, as_json=args.json)
    return 0


def _print_created(settings: Settings, ticket: Ticket, *, as_json: bool) -> None:
    from app.core.text.safe_text import safe_id

    if not as_json:
        sys.stdout.write(safe_id(ticket.id) + "\n")
        return
    from app.core.export import to_json

    if settings.demo:
        from app.demo.printed_urls import with_lasting_urls

        ticket = with_lasting_urls(ticket)  # the demo API's port is gone once this command exits
    text = to_json(ticket)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _keep(settings: Settings, draft: Draft, new: NewTicket, *, sent: bool, maybe_created: bool = False) -> None:
    """Keep ``new`` as a draft (over the one it resumed; beside any other) and say where and how to
    send it again; without a disk, print it."""
    saved = draft.drafts.save(new, continuing=draft.continuing)
    if saved is None or saved.path is None:
        from app.core.ticket_form import render_form

        _say("ticketview: the draft could not be kept on disk; here it is, to copy:")
        sys.stderr.write(render_form(new))
        return
    again = "If it is not in the queue, send it again with: " if maybe_created else "To send it again: "
    if not sent:
        again = "To edit and send it: "
    _say(f"Your ticket is kept as a draft in {_shown(saved.path)}")
    if saved.others:
        _say(
            f"{saved.others} earlier {_drafts(saved.others)} {'is' if saved.others == 1 else 'are'} kept beside it "
            "(--resume offers the newest first)."
        )
    for title in saved.dropped:
        _say(f"The oldest kept draft, {_quoted(title)}, was removed: {MAX_DRAFTS} are kept at most.")
    _say(again + resume_line(settings))


def resume_line(settings: Settings) -> str:
    """The command that offers the draft back: the same API (a draft is kept per API)."""
    import shlex

    from app.core.net import mask_password
    from app.core.text.safe_text import clean_line

    words = [RESUME_LINE]
    if settings.demo:
        words.append("--demo")
    elif settings.sources.get("base_url") == "--base-url":
        words.append("--base-url " + shlex.quote(clean_line(mask_password(settings.base_url))))
    if settings.profile and settings.sources.get("profile") == "--profile":
        words.append("--profile " + shlex.quote(clean_line(settings.profile)))
    return " ".join(words)


def _drafts(count: int) -> str:
    return "draft" if count == 1 else "drafts"


def _quoted(title: str) -> str:
    from app.core.text.safe_text import clean_line

    return f"“{clean_line(title)[:60] or '(no title)'}”"


def _shown(path: Path | None) -> str:
    """``path`` for a message: home as ``~``, display-safe."""
    from app.core.text.safe_text import clean_line

    if path is None:
        return ""
    text = str(path)
    home = str(Path.home())
    if home not in ("", "/") and text.startswith(home + os.sep):
        text = "~" + text[len(home) :]
    return clean_line(text)
