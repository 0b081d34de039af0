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

EXIT_USAGE = 2


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
    output.add_argument("--json", action="store_true", help="print the ticket as JSON and exit")
    output.add_argument("--markdown", action="store_true", help="print the ticket as Markdown and exit")
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
        "--priority", type=normalise, choices=PRIORITIES, metavar="P", help=f"only priority P: {', '.join(PRIORITIES)}"
    )
    queue.add_argument(
        "--category", type=normalise, choices=CATEGORIES, metavar="C", help=f"only category C: {', '.join(CATEGORIES)}"
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


def _user_data(settings):
    """What this user has remembered for this API (the demo keeps its own)."""
    from app.core.storage.user_data import UserData

    return UserData.for_user("demo" if settings.demo else settings.base_url, cache=settings.cache)


def _print_ticket(settings, ticket_id: str, as_json: bool) -> int:
    """Print the ticket (from the API, or under --offline from the cache) and return the exit code."""
    import asyncio
    from datetime import datetime

    from app.core.heap import import_for_good

    import_for_good("app.core.api.client")  # httpx, pydantic, the models: the collector need not walk them
    from app.core.api.client import TicketClient
    from app.core.errors import TicketViewError
    from app.core.export import to_json, to_markdown

    async def fetch():
        if settings.offline:
            cached = _user_data(settings).cache.load(ticket_id)
            if cached is None:
                from app.core.storage.offline import not_cached

                output = "--json" if as_json else "--markdown"
                raise not_cached(ticket_id, demo=settings.demo, needs_token=settings.needs_token, output=output)
            return cached.ticket
        async with TicketClient(
            settings.base_url,
            settings.token,
            require_token=not settings.demo,
            deadline=settings.timeout,
            trusted_hosts=settings.trusted_hosts,
        ) as client:
            return await client.get_ticket(ticket_id)

    try:
        ticket = asyncio.run(fetch())
    except TicketViewError as error:
        print(f"ticketview: {error.title}: {error.message}", file=sys.stderr)
        if error.hint:
            print(error.hint, file=sys.stderr)
        return error.exit_code
    if settings.demo:
        from app.demo.printed_urls import with_lasting_urls

        ticket = with_lasting_urls(ticket)  # the demo API's port is gone once this command exits
    from app.core.text.zones import zone_for

    # JSON keeps the API's own timestamps; Markdown says them in the zone the screen uses
    text = to_json(ticket) if as_json else to_markdown(ticket, datetime.now(zone_for(settings.timezone)))
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


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
    if (args.json or args.markdown) and not (args.ticket_id or "").strip():
        parser.print_usage(sys.stderr)
        print("ticketview: error: --json and --markdown need a TICKET_ID", file=sys.stderr)
        return EXIT_USAGE
    from app.core.api.ticket_filters import TicketFilters

    filters = TicketFilters(args.status, args.priority, args.category)
    open_queue = args.queue or filters.active
    if (args.json or args.markdown) and open_queue:
        parser.print_usage(sys.stderr)
        print("ticketview: error: --queue and its filters open the app, not with --json or --markdown", file=sys.stderr)
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
        if args.json or args.markdown:
            return _print_ticket(settings, args.ticket_id.strip(), args.json)
        from app.core.heap import import_for_good

        TicketViewApp = import_for_good("app.tui.app").TicketViewApp
        result = TicketViewApp(
            settings,
            ticket_id=args.ticket_id,
            samples=samples,
            queue=open_queue,
            filters=filters,
            user_data=_user_data(settings),
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
