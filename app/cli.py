"""The ``ticketview`` command: parse arguments, then run the TUI or print a ticket and exit.

Exit codes: 0 success, 1 the API said no, 2 usage error, 3 authentication, 4 network or server.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace

from app import __version__

EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    """The command-line parser (see PRODUCT.md)."""
    parser = argparse.ArgumentParser(
        prog="ticketview",
        description="View Verifik support tickets in the terminal: metadata, conversation, attachments.",
        epilog="The API token is read from the VERIFIK_TOKEN environment variable, never from a flag.",
    )
    parser.add_argument("ticket_id", nargs="?", metavar="TICKET_ID", help="open this ticket at once")
    parser.add_argument("--demo", action="store_true", help="run against a built-in demo API (no token needed)")
    parser.add_argument("--base-url", metavar="URL", help="API base URL (env VERIFIK_BASE_URL; default https://api.verifik.co)")
    parser.add_argument("--download-dir", metavar="DIR", help="where downloads go (env TICKETVIEW_DOWNLOAD_DIR; default your downloads folder)")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the ticket as JSON and exit")
    output.add_argument("--markdown", action="store_true", help="print the ticket as Markdown and exit")
    parser.add_argument("--theme", metavar="NAME", help="a Textual theme, e.g. textual-dark, nord, textual-ansi")
    parser.add_argument("--version", action="version", version=f"ticketview {__version__}")
    return parser


def _print_ticket(settings, ticket_id: str, as_json: bool) -> int:
    import asyncio
    from datetime import datetime, timezone

    from app.client import TicketClient
    from app.errors import TicketViewError
    from app.export import to_json, to_markdown

    async def fetch():
        async with TicketClient(
            settings.base_url, settings.token, require_token=not settings.demo, deadline=settings.timeout
        ) as client:
            return await client.get_ticket(ticket_id)

    try:
        ticket = asyncio.run(fetch())
    except TicketViewError as error:
        print(f"ticketview: {error.title}: {error.message}", file=sys.stderr)
        if error.hint:
            print(error.hint, file=sys.stderr)
        return error.exit_code
    text = to_json(ticket) if as_json else to_markdown(ticket, datetime.now(timezone.utc))
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run ticketview; returns (and exits with) the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if (args.json or args.markdown) and not (args.ticket_id or "").strip():
        parser.print_usage(sys.stderr)
        print("ticketview: error: --json and --markdown need a TICKET_ID", file=sys.stderr)
        return EXIT_USAGE

    if args.theme:
        from textual.theme import BUILTIN_THEMES

        if args.theme not in BUILTIN_THEMES:
            print(f"ticketview: error: unknown theme {args.theme!r}; choose one of: {', '.join(sorted(BUILTIN_THEMES))}", file=sys.stderr)
            return EXIT_USAGE

    from app.config import SettingsError, load_settings

    try:
        settings = load_settings(base_url=args.base_url, download_dir=args.download_dir, demo=args.demo, theme=args.theme)
    except SettingsError as error:
        print(f"ticketview: error: {error}", file=sys.stderr)
        return EXIT_USAGE

    server = None
    samples: list[tuple[str, str]] = []
    if args.demo:
        from app.demo.samples import SAMPLE_IDS
        from app.demo.server import start_demo_server

        server = start_demo_server()
        settings = replace(settings, base_url=server.base_url)
        samples = list(SAMPLE_IDS)
    try:
        if args.json or args.markdown:
            return _print_ticket(settings, args.ticket_id.strip(), args.json)
        from app.ticket_app import TicketViewApp

        result = TicketViewApp(settings, ticket_id=args.ticket_id, samples=samples).run()
        return result or 0
    finally:
        if server is not None:
            server.stop()


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())


if __name__ == "__main__":
    run()
