"""The huge ticket: 10,000 messages and 200 attachments, made deterministically on first request."""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime, timedelta

from app.demo.records import DemoFile, Json, attachment_entry
from app.demo.samples import HUGE_ID

CLIENT = "client_900000001"
AGENTS = ("agent_551203984", "agent_662190437", "agent_884512076")

_USER_SENTENCES = (
    "We are still seeing failed validations from the kiosk in the main branch",
    "The error appears right after the user takes the selfie",
    "Our developers checked the token and it is the one from the dashboard",
    "It happens more often in the afternoon when traffic is higher",
    "I attached the latest log from the tablet to this message",
    "Could you tell us whether anything changed on your side this week",
    "Customers are waiting at the counter while the app retries",
    "We restarted the devices and cleared the cache as suggested",
    "The same phone works fine over mobile data but not over the branch network",
    "Our compliance team asks for an explanation they can file",
    "We updated the SDK to the latest version yesterday evening",
    "Some users report that the camera preview stays black",
    "The request IDs are in the spreadsheet our operations team shares every morning",
    "We need to know whether the failed attempts are billed",
)

_AGENT_SENTENCES = (
    "Thanks for the update and for the detailed log",
    "I checked the request IDs you sent and they reached our servers",
    "The validations failed at the liveness step because the frames arrived too dark",
    "Our engineers deployed a change that should reduce these timeouts",
    "Please confirm whether the kiosk uses the front or the back camera",
    "Failed attempts are not billed when the error code starts with CAPTURE",
    "I have escalated this to the biometrics team with all the details",
    "Could you try again with the lighting settings from our guide",
    "Nothing changed in the API this week, but the registry had a slow period",
    "I will keep monitoring your project and update this ticket",
    "The branch network seems to block our media upload domain",
    "Please add our upload domain to the firewall allow list",
    "I can schedule a call with your developers if that helps",
    "Your account manager is copied on this thread",
)

_SYSTEM_MESSAGES = (
    "Ticket status changed to in_progress",
    "Ticket reassigned to {agent}",
    "Priority changed to high",
    "Ticket status changed to pending",
    "Client replied: status changed to in_progress",
)

_USER_WORDS = tuple(sentence.split() for sentence in _USER_SENTENCES)
"""Each sentence as its words: counting words once makes 10,000 messages cheap."""
_AGENT_WORDS = tuple(sentence.split() for sentence in _AGENT_SENTENCES)
_FILE_NAME = re.compile(r"kiosk_log_(\d{4,})\.txt")


def _text(rng: random.Random, pool: tuple[list[str], ...]) -> str:
    """A message of 40 to 70 words made of whole, distinct sentences."""
    target = rng.randint(40, 70)
    sentences: list[str] = []
    count = 0
    for words in rng.sample(pool, 8):  # eight always make over 40 words
        if count >= target:
            break
        if count + len(words) > 70 and count >= 40:
            break
        sentences.append(" ".join(words) + ".")
        count += len(words)
    return " ".join(sentences)


def huge_file_name(index: int) -> str:
    """The name of the huge ticket's attachment number ``index`` (from 0)."""
    return f"kiosk_log_{index + 1:04d}.txt"


def _huge_file_bytes(index: int) -> bytes:
    rng = random.Random(index)
    lines = [f"# kiosk log {index + 1}, branch {rng.randint(1, 40)}"]
    for second in sorted(rng.sample(range(86_400), rng.randint(8, 40))):
        code = rng.choice(("OK", "OK", "OK", "CAPTURE_TIMEOUT", "LIVENESS_FAILED", "NETWORK_ERROR"))
        clock = f"{second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d}"
        lines.append(f"2024-02-{1 + index % 28:02d}T{clock}Z {code}")
    return ("\n".join(lines) + "\n").encode("ascii")


def huge_file(filename: str) -> DemoFile | None:
    """The huge ticket's attachment called ``filename``, made on request, or ``None``."""
    match = _FILE_NAME.fullmatch(filename)
    if match is None or int(match.group(1)) < 1:
        return None
    index = int(match.group(1)) - 1
    return DemoFile(filename, "text/plain", lambda: _huge_file_bytes(index))


_START = datetime(2024, 2, 1, 8, tzinfo=UTC)


def _timestamp(number: int) -> str:
    """When message ``number`` was sent: about 7.5 minutes apart, jittered, always increasing."""
    moment = _START + timedelta(seconds=number * 450 + number * 37 % 300)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def huge_meta(messages: int = 10_000) -> Json:
    """The huge ticket without threads and attachments (its list item)."""
    return {
        "_id": HUGE_ID,
        "title": "Kiosk verifications failing across all branches (long-running)",
        "description": (
            "Our branch kiosks fail a share of biometric validations every day. This ticket "
            "collects the daily reports from all branches."
        ),
        "status": "in_progress",
        "priority": "high",
        "category": "technical",
        "client": CLIENT,
        "assignedTo": AGENTS[0],
        "tags": ["kiosk", "biometric", "long-running"],
        "resolution": None,
        "createdAt": _timestamp(0),
        "updatedAt": _timestamp(max(messages - 1, 0)),
        "resolvedAt": None,
    }


def _threads(messages: int) -> list[Json]:
    rng = random.Random(10_000)
    threads: list[Json] = []
    speaker = 0
    for number in range(messages):
        agent = AGENTS[number // 50 % len(AGENTS)]
        if number % 50 == 49:
            author, kind, message = "system", "system", rng.choice(_SYSTEM_MESSAGES).format(agent=agent)
        elif speaker % 2 == 0:
            author, kind, message = CLIENT, "user", _text(rng, _USER_WORDS)
            speaker += 1
        else:
            author, kind, message = agent, "agent", _text(rng, _AGENT_WORDS)
            speaker += 1
        threads.append({"author": author, "message": message, "timestamp": _timestamp(number), "type": kind})
    return threads


def huge_ticket(messages: int = 10_000, attachments: int = 200) -> Json:
    """The huge ticket (or a variant of another size); URLs on the placeholder origin."""
    items = list(huge_meta(messages).items())
    files = [huge_file(huge_file_name(index)) for index in range(attachments)]
    body: Json = {
        "threads": _threads(messages),
        "attachments": [attachment_entry(HUGE_ID, demo_file) for demo_file in files if demo_file],
    }
    # The API's field order: threads and attachments come right after assignedTo.
    return dict(items[:8]) | body | dict(items[8:])
