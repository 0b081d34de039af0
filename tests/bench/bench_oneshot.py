"""One-shot commands: ``ticketview ID --json`` / ``--markdown`` and ``--help`` / ``--version``, against bare scripts.

Each side is a fresh process run to its end with its output to a pipe, as a script runs it; the
clock covers spawning to exit. The sides:

- ``json`` and ``markdown``: ``ticketview support_ticket_123456789 --json`` (``--markdown``) against
  the real demo API on 127.0.0.1 (in this process), with a token and empty user folders, against
  ``bare_get``: a script that does the same GET with httpx (the token in the header) and prints the
  body. Target: <= 1.3x.
- ``stack_get`` (a reference, no target): ``stack_get.py``, the same GET with httpx, validated with
  a minimal pydantic model and printed as JSON: the floor of the stack any such tool is built on.
- ``help`` and ``version``: ``ticketview --help`` (``--version``) against ``bare_argparse``: a script
  written here from ticketview's own parser (the same options, groups, help and choices) that builds
  it with argparse alone and prints its help. Target: <= 1.2x.

Sides alternate in round-robin after one discarded warm-up round.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import (
    EXAMPLE_ID,
    TOKEN,
    Sample,
    app_env,
    demo_server,
    finish,
    fresh_folders,
    ratio_verdict,
    reference_ratio,
    ticketview_command,
)

BARE_GET = """\
import sys
import httpx

response = httpx.get(sys.argv[1], headers={"Authorization": "Bearer " + sys.argv[2]})
sys.stdout.write(response.text)
"""


def bare_argparse_script() -> str:
    """A script that builds ticketview's parser with argparse alone (nothing of ticketview imported)."""
    from app.cli import build_parser

    parser = build_parser()
    lines = [
        "import argparse",
        f"parser = argparse.ArgumentParser(prog={parser.prog!r}, description={parser.description!r}, "
        f"epilog={parser.epilog!r})",
    ]
    for index, group in enumerate(parser._action_groups):
        target = "parser"
        if group.title not in ("positional arguments", "options"):
            target = f"group{index}"
            lines.append(f"{target} = parser.add_argument_group({group.title!r})")
        for action in group._group_actions:
            if isinstance(action, argparse._HelpAction):
                continue
            options: dict[str, object] = {"help": action.help}
            if isinstance(action, argparse._StoreTrueAction):
                options["action"] = "store_true"
            elif isinstance(action, argparse._VersionAction):
                options["action"] = "version"
                options["version"] = action.version
            else:
                options.update(metavar=action.metavar, nargs=action.nargs, choices=action.choices)
            names = list(action.option_strings) or [action.dest]
            arguments = ", ".join([*map(repr, names), *(f"{key}={value!r}" for key, value in options.items())])
            lines.append(f"{target}.add_argument({arguments})")
    lines.append("parser.parse_args()")
    return "\n".join(lines) + "\n"


def run_once(argv: list[str], env: dict[str, str]) -> float:
    """Milliseconds from spawning ``argv`` to its exit (it must succeed)."""
    with tempfile.TemporaryDirectory(prefix="ticketview-bench-") as home:
        started = time.perf_counter()
        subprocess.run(argv, env={**env, **fresh_folders(home)}, stdout=subprocess.DEVNULL, check=True, cwd="/tmp")
        return (time.perf_counter() - started) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args()
    server = demo_server()
    env = app_env()
    app = ticketview_command()
    with tempfile.TemporaryDirectory(prefix="ticketview-bench-scripts-") as scripts:
        bare_get = Path(scripts, "bare_get.py")
        bare_get.write_text(BARE_GET)
        bare_cli = Path(scripts, "bare_argparse.py")
        bare_cli.write_text(bare_argparse_script())
        url = f"{server.base_url}/v2/support-tickets/{EXAMPLE_ID}"
        sides = {
            "bare_get": [sys.executable, str(bare_get), url, TOKEN],
            "stack_get": [sys.executable, str(Path(__file__).with_name("stack_get.py")), url, TOKEN],
            "json": [*app, EXAMPLE_ID, "--json", "--base-url", server.base_url],
            "markdown": [*app, EXAMPLE_ID, "--markdown", "--base-url", server.base_url],
            "bare_argparse": [sys.executable, str(bare_cli), "--help"],
            "help": [*app, "--help"],
            "version": [*app, "--version"],
        }
        samples = {name: Sample(f"oneshot.{name}") for name in sides}
        try:
            for round_ in range(args.repeats + 1):
                for name, argv in sides.items():
                    elapsed = run_once(argv, env)
                    if round_:
                        samples[name].values.append(elapsed)
        finally:
            server.stop()
    for sample in samples.values():
        print(sample.line())
    reference_ratio("oneshot.stack_get.ratio", samples["stack_get"], samples["bare_get"])
    reference_ratio("oneshot.json.over_stack", samples["json"], samples["stack_get"])
    verdicts = [
        ratio_verdict("oneshot.json.ratio", samples["json"], samples["bare_get"], 1.3),
        ratio_verdict("oneshot.markdown.ratio", samples["markdown"], samples["bare_get"], 1.3),
        ratio_verdict("oneshot.help.ratio", samples["help"], samples["bare_argparse"], 1.2),
        ratio_verdict("oneshot.version.ratio", samples["version"], samples["bare_argparse"], 1.2),
    ]
    return finish(verdicts)


if __name__ == "__main__":
    sys.exit(main())
