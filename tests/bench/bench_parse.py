"""Parse: JSON bytes to models for the 10,000-message ticket, in one pass.

Checked, not assumed:

* during a real fetch of the huge ticket from the demo API on 127.0.0.1, the client calls
  ``TicketEnvelope.model_validate_json`` exactly once, with the raw body bytes, and nothing calls
  ``json.loads`` or a ``JSONDecoder`` (spies wrap all three for the fetch);
* no Python validator in the ticket's schema receives a list, dict or model: a before-, wrap- or
  plain-validator there makes pydantic turn that part of the JSON into Python objects first and
  then validate them again (it decodes the body twice).

Then timed, on the same bytes: ``model_validate_json`` (the one pass) and, for comparison only,
``json.loads`` followed by ``model_validate`` (the two passes it replaces); and a whole
``get_ticket`` (request, body, parse).

Target: one pass (all three checks hold). The times are printed, not targets.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import sys
import time
from collections.abc import Iterator
from typing import Any

from common import HUGE_ID, TOKEN, Sample, Verdict, demo_server, finish

from app.core.api.client import TicketClient
from app.core.api.models import TicketEnvelope

_PYTHON_VALIDATORS = {"function-before", "function-wrap", "function-plain"}
_CONTAINERS = {
    "list",
    "tuple",
    "set",
    "frozenset",
    "dict",
    "model",
    "model-fields",
    "typed-dict",
    "dataclass",
    "dataclass-args",
    "definitions",
    "definition-ref",
    "union",
    "tagged-union",
}


def _nodes(schema: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema node below ``schema`` with a readable path."""
    if isinstance(schema, dict):
        kind = schema.get("type")
        is_node = isinstance(kind, str)  # else a dict of fields, one of them called "type"
        if is_node:
            yield path, schema
        for key, value in schema.items():
            yield from _nodes(value, f"{path}/{kind if is_node and key == 'schema' else key}")
    elif isinstance(schema, list):
        for index, value in enumerate(schema):
            yield from _nodes(value, f"{path}[{index}]")


def _inner_type(schema: dict[str, Any]) -> str:
    """The type a validator wraps, looking through ``nullable`` and ``default``."""
    inner = schema.get("schema") or {}
    while inner.get("type") in ("nullable", "default", "with-default"):
        inner = inner.get("schema") or {}
    return inner.get("type", "any")


def _fallback(path: str) -> bool:
    """A later choice of a left-to-right union: reached only by a value that failed the first
    choice (the models' stand-ins for a bad value), never by a good ticket."""
    return re.search(r"choices\[[1-9]\d*\]$", path) is not None


def fallbacks_for_bad_values() -> int:
    """How many Python fallbacks stand in for a bad value (not on the path of a good ticket)."""
    return sum(1 for path, node in _nodes(TicketEnvelope.__pydantic_core_schema__) if _fallback(path))


def python_validators_on_containers() -> list[str]:
    """Paths of Python validators that see a container (each one decodes its part twice)."""
    found = []
    for path, node in _nodes(TicketEnvelope.__pydantic_core_schema__):
        if node["type"] in _PYTHON_VALIDATORS and not _fallback(path):
            inner = _inner_type(node)
            if node["type"] == "function-plain" or inner in _CONTAINERS:
                found.append(f"{path} ({node['type']} around {inner})")
    return found


class Spies:
    """Count calls of the JSON decoders and of ``TicketEnvelope.model_validate_json``."""

    def __init__(self) -> None:
        self.validate_calls: list[tuple[type, int]] = []
        self.json_calls = 0

    def __enter__(self) -> Spies:
        self._loads = json.loads
        self._decode = json.JSONDecoder.decode
        spies = self
        original = TicketEnvelope.model_validate_json.__func__  # BaseModel's, inherited

        def model_validate_json(cls, data, *args, **kwargs):
            spies.validate_calls.append((type(data), len(data)))
            return original(cls, data, *args, **kwargs)

        def loads(*args, **kwargs):
            spies.json_calls += 1
            return spies._loads(*args, **kwargs)

        def decode(self, *args, **kwargs):
            spies.json_calls += 1
            return spies._decode(self, *args, **kwargs)

        TicketEnvelope.model_validate_json = classmethod(model_validate_json)
        json.loads = loads
        json.JSONDecoder.decode = decode
        return self

    def __exit__(self, *exc: object) -> None:
        del TicketEnvelope.model_validate_json  # the inherited method shows through again
        json.loads = self._loads
        json.JSONDecoder.decode = self._decode


def timed(function, repeats: int) -> Sample:
    sample = Sample("")
    function()  # warm-up
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        sample.values.append((time.perf_counter() - started) * 1000)
    return sample


async def fetch_times(base_url: str, repeats: int) -> list[float]:
    async with TicketClient(base_url, TOKEN) as client:
        await client.get_ticket(HUGE_ID)
        values = []
        for _ in range(repeats):
            started = time.perf_counter()
            await client.get_ticket(HUGE_ID)
            values.append((time.perf_counter() - started) * 1000)
    return values


async def spied_fetch(base_url: str) -> tuple[Spies, int]:
    async with TicketClient(base_url, TOKEN) as client:
        with Spies() as spies:
            ticket = await client.get_ticket(HUGE_ID)
    return spies, len(ticket.threads)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    import httpx

    server = demo_server()
    try:
        body = httpx.get(f"{server.base_url}/v2/support-tickets/{HUGE_ID}").content
        spies, messages = asyncio.run(spied_fetch(server.base_url))
        fetches = asyncio.run(fetch_times(server.base_url, args.repeats))
    finally:
        server.stop()

    print(f"parse.body: {len(body) / 1e6:.2f} MB, {messages:,} messages")
    print(
        f"parse.model_validate_json_calls: {len(spies.validate_calls)} {spies.validate_calls} (target 1, bytes of the body)"
    )
    print(f"parse.json_decoder_calls: {spies.json_calls} (target 0)")
    twice = python_validators_on_containers()
    print(f"parse.python_validators_on_containers: {len(twice)} {twice} (target 0)")
    print(f"parse.fallbacks_for_bad_values: {fallbacks_for_bad_values()} (not a target: reached only by a bad value)")
    one = timed(lambda: TicketEnvelope.model_validate_json(body), args.repeats)
    one.name = "parse.model_validate_json"
    two = timed(lambda: TicketEnvelope.model_validate(json.loads(body)), args.repeats)
    two.name = "parse.json_loads_then_model_validate (comparison)"
    fetch = Sample("parse.get_ticket_request_and_parse", values=fetches)
    for sample in (one, two, fetch):
        print(sample.line())
    print(f"parse.one_pass_vs_two: {statistics.median(one.values) / statistics.median(two.values):.2f}x")

    ok = spies.validate_calls == [(bytes, len(body))] and spies.json_calls == 0 and not twice and messages == 10_000
    verdict = Verdict(
        "parse.one_pass",
        f"{len(spies.validate_calls)} model_validate_json call(s) on the raw bytes, "
        f"{spies.json_calls} json decode(s), {len(twice)} Python validator(s) on containers, "
        f"{one.median:.1f} ms",
        "1 call on the body bytes, 0 decodes, 0 validators on containers",
        ok,
    )
    return finish([verdict])


if __name__ == "__main__":
    sys.exit(main())
