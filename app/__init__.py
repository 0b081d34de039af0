"""ticketview: a terminal viewer for Verifik support tickets."""

import sys

__version__ = "0.1.0"

if "httpx" not in sys.modules:
    # httpx's own command-line tool, ``httpx._main``, imports click, pygments and rich's progress,
    # syntax and table modules as httpx is imported: about a fifth of a second on a slow machine,
    # at every start, for a tool ticketview never runs. Marked absent, it is not imported; httpx
    # then defines a stand-in ``httpx.main`` and everything else works the same.
    sys.modules["httpx._main"] = None  # type: ignore[assignment]
