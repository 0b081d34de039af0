"""The demo API's create endpoint: ``POST /v2/support-tickets`` checked as the API page documents.

A body that is not a JSON object, or a field missing or of the wrong kind, is answered 400 with the
API's error shape (``{"error": "Title is required", "message": "TITLE_REQUIRED"}``); a good one
becomes a ticket as the page's example shows it: status ``open``, no assignee, one ``user``
message holding the description, created and updated now.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any, Final

from app.core.api.filter_values import CATEGORIES, PRIORITIES
from app.core.api.new_ticket import MAX_DESCRIPTION, MAX_TAG, MAX_TAGS, MAX_TITLE
from app.demo.records import Json

MAX_CREATED: Final = 1000
"""New tickets one demo run keeps (memory stays bounded whatever a script sends)."""
MAX_ATTACHMENTS: Final = 20
CLIENT: Final = "client_123456789"
"""The client the demo's tickets are opened for (the API takes it from the token)."""


class Refused(Exception):
    """The body breaks the API's rules: answered 400 with ``words`` and ``code``."""

    def __init__(self, words: str, code: str) -> None:
        super().__init__(words)
        self.words = words
        self.code = code

    def body(self) -> Json:
        """The API's error shape."""
        return {"error": self.words, "message": self.code}


def _text(raw: Json, name: str, limit: int) -> str:
    value = raw.get(name)
    label = name.capitalize()
    if value is None or (isinstance(value, str) and not value.strip()):
        raise Refused(f"{label} is required", f"{name.upper()}_REQUIRED")
    if not isinstance(value, str):
        raise Refused(f"{label} must be text", f"INVALID_{name.upper()}")
    if len(value) > limit:
        raise Refused(f"{label} is too long (at most {limit} characters)", f"{name.upper()}_TOO_LONG")
    return value


def _choice(raw: Json, name: str, allowed: tuple[str, ...], words: str) -> str:
    value = raw.get(name)
    if value is None or value == "":
        raise Refused(f"{name.capitalize()} is required", f"{name.upper()}_REQUIRED")
    if value not in allowed:
        raise Refused(words, f"INVALID_{name.upper()}")
    return str(value)


def _tags(raw: Json) -> list[str]:
    tags = raw.get("tags")
    if tags is None:
        return []
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise Refused("Tags must be a list of text", "INVALID_TAGS")
    if len(tags) > MAX_TAGS or any(len(tag) > MAX_TAG for tag in tags):
        raise Refused(f"At most {MAX_TAGS} tags of at most {MAX_TAG} characters", "INVALID_TAGS")
    return list(tags)


def _attachments(raw: Json) -> list[Json]:
    attachments = raw.get("attachments")
    if attachments is None:
        return []
    kinds = {"filename": str, "url": str, "size": int, "type": str}
    if (
        not isinstance(attachments, list)
        or len(attachments) > MAX_ATTACHMENTS
        or not all(
            isinstance(item, dict)
            and all(
                isinstance(item.get(key), kind) and not isinstance(item.get(key), bool) for key, kind in kinds.items()
            )
            for item in attachments
        )
    ):
        raise Refused("Attachments must be a list of {filename, url, size, type}", "INVALID_ATTACHMENTS")
    return [{key: item[key] for key in kinds} for item in attachments]


def parse_new(body: bytes) -> Json:
    """The checked fields of a create request, or ``Refused``."""
    try:
        raw: Any = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise Refused("The body is not valid JSON", "INVALID_JSON") from None
    if not isinstance(raw, dict):
        raise Refused("The body must be a JSON object", "INVALID_JSON")
    return {
        "title": _text(raw, "title", MAX_TITLE),
        "description": _text(raw, "description", MAX_DESCRIPTION),
        "priority": _choice(raw, "priority", PRIORITIES, "Invalid priority level"),
        "category": _choice(raw, "category", CATEGORIES, "Invalid category"),
        "tags": _tags(raw),
        "attachments": _attachments(raw),
    }


def new_ticket(fields: Json, number: int, now: datetime | None = None) -> Json:
    """The ticket the API makes of checked ``fields``, in the page's field order."""
    stamp = (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    return {
        "_id": f"support_ticket_{number}",
        "title": fields["title"],
        "description": fields["description"],
        "status": "open",
        "priority": fields["priority"],
        "category": fields["category"],
        "client": CLIENT,
        "assignedTo": None,
        "threads": [{"author": CLIENT, "message": fields["description"], "timestamp": stamp, "type": "user"}],
        "attachments": fields["attachments"],
        "tags": fields["tags"],
        "resolution": None,
        "createdAt": stamp,
        "updatedAt": stamp,
        "resolvedAt": None,
    }
