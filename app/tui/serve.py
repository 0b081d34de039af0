"""``ticketview --serve``: the app in a web browser, through textual-serve, on this computer only.

textual-serve runs a command per browser tab (its websocket), so each tab gets its own ticketview
process, as isolated as a terminal would be: the same invocation minus ``--serve`` and ``--port``.
It binds 127.0.0.1 only, and takes sessions only from its own page: a session is a process holding
the token, so it is offered neither to the network nor to other web sites open in the browser.

On a shared machine any local user can reach 127.0.0.1, so, as Jupyter does, each run makes a
secret key: it is in the address printed at start, checked in constant time on every request
(the page, its scripts, the websocket) and then kept in a cookie; anything without it is refused.
At most ``MAX_SESSIONS`` sessions run at once. The page loads nothing from outside this computer:
its web font is textual-serve's own copy, served locally. Typing reaches the app without a click
first: a small script on the page focuses the terminal once it is there.
textual-serve, aiohttp and the rest are imported only when serving, to keep start-up fast.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from collections.abc import Awaitable, Callable, MutableMapping, Sequence

TYPE_CHECKING = False  # typing's own flag, without importing typing (the command line imports this module)
if TYPE_CHECKING:
    from app.core.config.settings import Settings

HOST = "127.0.0.1"
DEFAULT_PORT = 8000
KEY_PARAMETER = "key"
KEY_COOKIE = "ticketview_key"
MAX_SESSIONS = 4
"""Browser sessions at once (each is a ticketview process holding the token)."""
REMOTE_FONT = (
    '<link\n      rel="stylesheet"\n      href="https://fonts.googleapis.com/css?family=Roboto%20Mono"\n    />'
)
LOCAL_FONT = (
    '<style>@font-face { font-family: "Roboto Mono"; '
    'src: url("/static/fonts/RobotoMono-VariableFont_wght.ttf") format("truetype"); }</style>'
)
FOCUS_TERMINAL = """<script>
/* ticketview: keys typed on the page reach the app at once, with no click first. The terminal's
   input is focused as soon as it exists, and again whenever the page comes back into focus. */
(() => {
  const focusTerminal = () => {
    const input = document.querySelector("#terminal .xterm-helper-textarea");
    if (input && document.activeElement !== input) input.focus();
    return input !== null;
  };
  if (!focusTerminal()) {
    const watcher = new MutationObserver(() => { if (focusTerminal()) watcher.disconnect(); });
    watcher.observe(document.body, { childList: true, subtree: true });
  }
  window.addEventListener("focus", focusTerminal);
})();
</script>
"""
"""Added at the end of the page's body: the terminal's input is made by textual-serve's script."""
EXIT_NETWORK = 4
_SERVE_FLAG = "--serve"
_PORT_FLAG = "--port"


def port_number(text: str) -> int:
    """argparse type for ``--port``: 1-65535; 0 is refused, as the page needs to know its own port."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number: give one from 1 to 65535") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number: give one from 1 to 65535")
    return port


def serve_usage_error(args: argparse.Namespace) -> str | None:
    """What is wrong with combining these flags with ``--serve`` (or ``--port`` without it), if anything."""
    if args.serve:
        given = {"--json": args.json, "--markdown": args.markdown, "--print-config": args.print_config}
        printing = [flag for flag, on in given.items() if on]
        if printing:
            return f"--serve opens the app in a browser; it does not combine with {', '.join(printing)}, which print and exit"
    elif args.port is not None:
        return "--port only applies with --serve"
    return None


def _names(token: str, flag: str) -> bool:
    """True when a ``--name`` or ``--name=value`` token is ``flag`` or an abbreviation argparse accepted."""
    name = token.partition("=")[0]
    return len(name) > 2 and flag.startswith(name)


def child_arguments(argv: Sequence[str]) -> list[str]:
    """The ticketview arguments each browser session runs: ``argv`` without ``--serve`` and ``--port N``."""
    kept: list[str] = []
    tokens = iter(argv)
    for token in tokens:
        if token == "--":  # the rest are positionals (a ticket ID that starts with "-"): keep them all
            kept.append(token)
            kept.extend(tokens)
            break
        if _names(token, _SERVE_FLAG):
            continue
        if _names(token, _PORT_FLAG):
            if "=" not in token:
                next(tokens, None)  # its value
            continue
        kept.append(token)
    return kept


def child_command(argv: Sequence[str], python: str | None = None) -> str:
    """The shell command textual-serve runs per browser tab; quoted, since it goes through a shell.

    It carries no token: the child inherits ``VERIFIK_TOKEN`` from this process's environment.
    """
    return shlex.join([python or sys.executable, "-m", "app", *child_arguments(argv)])


def hand_down_token(settings: Settings, environ: MutableMapping[str, str] = os.environ) -> None:
    """Put the token resolved at start in the environment the browser sessions inherit.

    So a ``token_command`` runs once, here, where it can ask for a passphrase, not in every tab;
    and the token travels by environment, never on a command line where ``ps`` would show it.
    """
    from app.core.config.settings import TOKEN_ENV

    if settings.token:
        environ[TOKEN_ENV] = settings.token


def _bind_problem(port: int) -> str | None:
    """Why ``HOST:port`` cannot be listened on (in use, not permitted), or None when it can.

    Checked before serving, as textual-serve would otherwise fail with a traceback after
    announcing the address.
    """
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as aiohttp binds
        try:
            probe.bind((HOST, port))
        except OSError as error:
            return error.strerror or str(error)
    return None


def local_page(html: str) -> str:
    """The page with its web font taken from this computer instead of a font host, and the keyboard
    going to the terminal from the start."""
    page = html.replace(REMOTE_FONT, LOCAL_FONT).replace("https://fonts.googleapis.com", "")
    return page.replace("</body>", FOCUS_TERMINAL + "</body>", 1)


def new_key() -> str:
    """This run's secret: 256 bits, URL-safe."""
    import secrets

    return secrets.token_urlsafe(32)


def _server(command: str, port: int, key: str):
    """A textual-serve ``Server`` that says one line when it starts, logs only problems, asks every
    request for this run's ``key``, refuses sessions to pages from other origins, and caps them."""
    import hmac
    import logging

    from aiohttp import web
    from textual_serve.server import Server

    own_origins = {f"http://{HOST}:{port}", f"http://localhost:{port}"}

    def holds_key(given: str | None) -> bool:
        return given is not None and hmac.compare_digest(given.encode(), key.encode())

    @web.middleware
    async def guard(
        request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        """Every request shows the key, in the address (then a cookie keeps it) or in the cookie."""
        in_address = holds_key(request.query.get(KEY_PARAMETER))
        if not (in_address or holds_key(request.cookies.get(KEY_COOKIE))):
            raise web.HTTPForbidden(
                text="ticketview --serve: open the address it printed at start (it holds this run's key)."
            )
        response = await handler(request)
        if isinstance(response, web.Response) and response.content_type == "text/html" and response.text:
            response.text = local_page(response.text)
        if in_address:
            response.set_cookie(KEY_COOKIE, key, httponly=True, samesite="Strict", path="/")
        return response

    class LocalServer(Server):
        sessions = 0

        async def _make_app(self) -> web.Application:
            app = await super()._make_app()
            app.middlewares.append(guard)
            return app

        def initialize_logging(self) -> None:
            """Warnings and errors only: a line per HTTP request would bury the address to open."""
            logging.basicConfig(level=logging.WARNING, format="ticketview --serve: %(message)s")

        async def on_startup(self, app: web.Application) -> None:
            """The address to open and how to stop; not textual-serve's banner, which shows the command."""
            print(
                f"ticketview: open {self.public_url}/?{KEY_PARAMETER}={key} in a browser (ctrl+c stops serving)",
                flush=True,
            )

        async def handle_websocket(  # type: ignore[override]  # a refusal is a plain 403 response, not a websocket
            self, request: web.Request
        ) -> web.StreamResponse:
            """Refuse a browser page from another site: websockets ignore the same-origin policy, and a
            session holds the token, so any web page the agent visits could otherwise drive one."""
            origin = request.headers.get("Origin")
            if origin is not None and origin not in own_origins:
                raise web.HTTPForbidden(text="ticketview --serve only talks to its own page")
            if LocalServer.sessions >= MAX_SESSIONS:
                raise web.HTTPTooManyRequests(text=f"ticketview --serve runs at most {MAX_SESSIONS} sessions at once")
            LocalServer.sessions += 1
            try:
                return await super().handle_websocket(request)
            finally:
                LocalServer.sessions -= 1

    return LocalServer(command, host=HOST, port=port, title="ticketview")


def serve(argv: Sequence[str], settings: Settings, port: int | None = None) -> int:
    """Serve ticketview to browsers on ``HOST:port`` until ctrl+c; returns the exit code."""
    port = port or DEFAULT_PORT
    problem = _bind_problem(port)
    if problem:
        print(
            f"ticketview: error: cannot serve on {HOST}:{port}: {problem}; choose another port with --port N",
            file=sys.stderr,
        )
        return EXIT_NETWORK
    hand_down_token(settings)
    try:
        _server(child_command(argv), port, new_key()).serve()
    except OSError as error:  # lost the port between the check and the bind
        print(f"ticketview: error: cannot serve on {HOST}:{port}: {error.strerror or error}", file=sys.stderr)
        return EXIT_NETWORK
    return 0
