"""The ``ticketview`` command: parse arguments, then run the TUI or print a ticket and exit.

Exit codes: 0 success, 1 the API said no, 2 usage error, 3 authentication, 4 network or server.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from app import __version__
from app.core.api.filter_values import CATEGORIES, PRIORITIES, STATUSES, normalise
from app.core.text.safe_text import safe_id
from app.tui.serve import DEFAULT_PORT, port_number, serve_usage_error

TYPE_CHECKING = False  # typing's own flag, without importing typing: ``--help`` costs what argparse does
if TYPE_CHECKING:
    from typing import Literal

EXIT_USAGE = 2
DEFAULT_LIMIT = 100
"""How many tickets ``--queue --json`` (and its siblings) print unless ``--limit`` says otherwise."""
_NEW_ONLY = ("title", "description", "description_file", "tag", "resume")
"""Flags that describe a new ticket: they need ``--new``."""


def _count(value: str) -> int:
    """``--limit``'s value: a whole number, 0 or more."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 0:
        raise argparse.ArgumentTypeError(f"must be 0 (all) or more, not {number}")
    return number


def _usage_problem(args: argparse.Namespace, open_queue: bool) -> str | None:
    """What makes this combination of flags meaningless, in words (``None``: nothing)."""
    printing = args.json or args.markdown or args.csv
    if args.new:
        if args.ticket_id is not None or args.queue or args.status:
            return "--new opens a new ticket: it takes no TICKET_ID, --queue or --status"
        if args.markdown or args.csv:
            return "--new prints the new ticket's ID, or with --json the whole ticket; not --markdown or --csv"
        if args.limit is not None:
            return "--limit goes with --queue, not --new"
        return None
    given = [f"--{name.replace('_', '-')}" for name in _NEW_ONLY if getattr(args, name)]
    if given:
        return f"{', '.join(given)} describe a new ticket: use them with --new"
    if open_queue:
        if args.ticket_id is not None:
            return "--queue and its filters list tickets: they take no TICKET_ID"
        if args.limit is not None and not printing:
            return "--limit goes with --queue and --json, --markdown or --csv"
        return None
    if args.limit is not None:
        return "--limit goes with --queue and --json, --markdown or --csv"
    if args.csv:
        return "--csv prints the queue: use it with --queue"
    if (args.json or args.markdown) and not (args.ticket_id or "").strip():
        return "--json and --markdown need a TICKET_ID (or --queue, for the list)"
    return None


def build_parser() -> argparse.ArgumentParser:
    """The command-line parser (see PRODUCT.md)."""
    parser = argparse.ArgumentParser(
        prog="ticketview",
        description="View Verifik support tickets in the terminal: metadata, conversation, attachments.",
        epilog=(
            "The API token is read from the VERIFIK_TOKEN environment variable, or the config file's "
            "token_command, never from a flag. Settings come from flags, then the environment, then the "
            "config file (TICKETVIEW_CONFIG, default in your config folder): see --print-config."
        ),
    )
    parser.add_argument("ticket_id", nargs="?", metavar="TICKET_ID", help="open this ticket at once")
    parser.add_argument("--demo", action="store_true", help="run against a built-in demo API (no token needed)")
    parser.add_argument(
        "--base-url", metavar="URL", help="API base URL (env VERIFIK_BASE_URL; default https://api.verifik.co)"
    )
    parser.add_argument(
        "--download-dir",
        metavar="DIR",
        help="where downloads go (env TICKETVIEW_DOWNLOAD_DIR; default your downloads folder)",
    )
    output = parser.add_mutually_exclusive_group()
    output.add_argument(
        "--json",
        action="store_true",
        help="print the ticket (with --queue, the list; with --new, the new ticket) as JSON",
    )
    output.add_argument("--markdown", action="store_true", help="print the ticket (with --queue, the list) as Markdown")
    output.add_argument("--csv", action="store_true", help="with --queue: print the list as CSV")
    queue = parser.add_argument_group("the queue (filters imply --queue)")
    queue.add_argument("--queue", action="store_true", help="open with the ticket queue focused")
    queue.add_argument(
        "--status",
        type=normalise,
        choices=STATUSES,
        metavar="S",
        help=f"only tickets of status S: {', '.join(STATUSES)}",
    )
    queue.add_argument(
        "--priority",
        type=normalise,
        choices=PRIORITIES,
        metavar="P",
        help=f"only priority P (with --new: the new ticket's): {', '.join(PRIORITIES)}",
    )
    queue.add_argument(
        "--category",
        type=normalise,
        choices=CATEGORIES,
        metavar="C",
        help=f"only category C (with --new: the new ticket's): {', '.join(CATEGORIES)}",
    )
    queue.add_argument(
        "--limit",
        type=_count,
        metavar="N",
        help=f"with --queue and --json, --markdown or --csv: print at most N tickets (default {DEFAULT_LIMIT}; 0: all)",
    )
    creating = parser.add_argument_group("opening a new ticket (with --new alone, your editor opens on a form)")
    creating.add_argument("--new", action="store_true", help="open a new ticket and print its ID")
    creating.add_argument("--title", metavar="T", help="the new ticket's title")
    described = creating.add_mutually_exclusive_group()
    described.add_argument("--description", metavar="TEXT", help="the new ticket's description")
    described.add_argument(
        "--description-file", metavar="FILE", help="read the description from FILE (- reads standard input)"
    )
    creating.add_argument("--tag", action="append", metavar="X", help="a tag for the new ticket (repeat for more)")
    creating.add_argument(
        "--resume", action="store_true", help="start from the draft kept when sending a new ticket failed"
    )
    parser.add_argument(
        "--theme",
        metavar="NAME",
        help="a Textual theme, e.g. textual-dark, nord, ansi-dark (keeps the terminal's colours)",
    )
    parser.add_argument(
        "--utc",
        action="store_true",
        help="show times in UTC, not in your time zone (env TICKETVIEW_TIMEZONE=America/Bogota picks a zone)",
    )
    parser.add_argument(
        "--profile", metavar="NAME", help="use this profile of the config file (env TICKETVIEW_PROFILE)"
    )
    remembering = parser.add_argument_group("cache and watching")
    remembering.add_argument("--offline", action="store_true", help="show only cached tickets; no network")
    remembering.add_argument(
        "--no-cache", action="store_true", help="keep no copy of fetched tickets on disk (env TICKETVIEW_CACHE=0)"
    )
    remembering.add_argument(
        "--watch", metavar="SECONDS", help="poll the open ticket every SECONDS, 5 to 86400 (env TICKETVIEW_WATCH)"
    )
    remembering.add_argument(
        "--bell",
        action="store_true",
        help="ring the terminal bell when a watched ticket gets a new message (env TICKETVIEW_BELL)",
    )
    parser.add_argument(
        "--print-config", action="store_true", help="print the effective settings and where each came from, then exit"
    )
    serving = parser.add_argument_group("serving to a web browser")
    serving.add_argument(
        "--serve",
        action="store_true",
        help="serve the app to a web browser on 127.0.0.1 (each tab runs its own ticketview)",
    )
    serving.add_argument(
        "--port", type=port_number, metavar="N", help=f"the port --serve listens on (default {DEFAULT_PORT})"
    )
    parser.add_argument("--version", action="version", version=f"ticketview {__version__}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ticketview; returns (and exits with) the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    serve_problem = serve_usage_error(args)
    if serve_problem:
        parser.print_usage(sys.stderr)
        print(f"ticketview: error: {serve_problem}", file=sys.stderr)
        return EXIT_USAGE
    if args.ticket_id is not None and safe_id(args.ticket_id) != args.ticket_id.strip():
        parser.print_usage(sys.stderr)
        shown = safe_id(args.ticket_id)
        print(f"ticketview: error: the ticket ID {shown!r} holds control or invisible characters", file=sys.stderr)
        return EXIT_USAGE
    from app.core.api.ticket_filters import TicketFilters

    filters = TicketFilters(args.status, args.priority, args.category)
    open_queue = not args.new and (args.queue or filters.active)
    problem = _usage_problem(args, open_queue)
    if problem:
        parser.print_usage(sys.stderr)
        print(f"ticketview: error: {problem}", file=sys.stderr)
        return EXIT_USAGE

    from app.core.config.settings import SettingsError, format_settings, load_settings

    try:
        settings = load_settings(
            base_url=args.base_url,
            download_dir=args.download_dir,
            demo=args.demo,
            theme=args.theme,
            profile=args.profile,
            cache=False if args.no_cache else None,
            offline=args.offline,
            watch=args.watch,
            bell=args.bell or None,
            utc=args.utc,
        )
    except SettingsError as error:
        print(f"ticketview: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    if settings.theme:
        from textual.theme import BUILTIN_THEMES

        if settings.theme not in BUILTIN_THEMES:
            where = settings.sources.get("theme", "--theme")
            print(
                f"ticketview: error: unknown theme {settings.theme!r} (from {where}); choose one of: {', '.join(sorted(BUILTIN_THEMES))}",
                file=sys.stderr,
            )
            return EXIT_USAGE
    if args.print_config:
        sys.stdout.write(format_settings(settings))
        return 0
    if args.serve:
        from app.tui.serve import serve

        return serve(sys.argv[1:] if argv is None else argv, settings, args.port)
    one_shot = args.new or args.json or args.markdown or args.csv
    if one_shot and not (settings.offline or settings.demo):  # the demo's API is plain http on this computer
        from app.core.api.tls import start_loading

        # The CA bundle loads on another core while the rest is imported. (The TUI loads it in its
        # warm-up thread, after the first frame: started here, it would share the cores with that frame.)
        start_loading()

    server = None
    samples: list[tuple[str, str]] = []
    if args.demo:
        import dataclasses

        from app.demo.samples import SAMPLE_IDS
        from app.demo.server import start_demo_server

        server = start_demo_server()
        settings = dataclasses.replace(settings, base_url=server.base_url)
        samples = list(SAMPLE_IDS)
    try:
        if args.new:
            from app.commands.new_ticket import create_ticket

            return create_ticket(settings, args)
        if open_queue and (args.json or args.markdown or args.csv):
            from app.commands.queue_list import print_queue

            output: Literal["json", "markdown", "csv"] = "json" if args.json else "markdown" if args.markdown else "csv"
            limit = DEFAULT_LIMIT if args.limit is None else args.limit
            return print_queue(settings, filters, output=output, limit=limit)
        if args.json or args.markdown:
            from app.commands.print_ticket import print_ticket

            return print_ticket(settings, args.ticket_id.strip(), as_json=args.json)
        from app.commands.common import user_data
        from app.core.heap import import_for_good

        TicketViewApp = import_for_good("app.tui.app").TicketViewApp
        result = TicketViewApp(
            settings,
            ticket_id=args.ticket_id,
            samples=samples,
            queue=open_queue,
            filters=filters,
            user_data=user_data(settings),
        ).run()
        return result or 0
    finally:
        if server is not None:
            server.stop()


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())


if __name__ == "__main__":
    run()
