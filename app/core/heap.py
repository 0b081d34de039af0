"""Importing for good: modules are imported once and live as long as the process.

Python's cyclic collector walks every tracked object on each full collection. The few hundred
milliseconds of imports at start-up (Textual; later httpx, pydantic and the models) make tens of
thousands of such objects, and the collections that run while they are made, and after, walk them
all again: about a sixth of the time to the first ticket on screen. Importing with the collector
paused and then freezing what exists (``gc.freeze``: frozen objects are never walked) removes that.
"""

from __future__ import annotations

import gc
from importlib import import_module
from types import ModuleType


def import_for_good(name: str) -> ModuleType:
    """Import ``name`` with the cyclic collector paused, then freeze everything alive."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return import_module(name)
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()
