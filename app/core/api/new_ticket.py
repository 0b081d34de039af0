"""A new ticket as the agent writes it: its fields, their checks, and the create endpoint's body.

The command line (``--new``) and the app's "New ticket" form both build a ``NewTicket`` and ask
``problems()`` before anything is sent, so a missing title or an unknown priority is marked at the
field and costs no request. What the API says back (``TITLE_REQUIRED``, ``INVALID_PRIORITY``, ...)
maps to the same field names with ``field_for_code``.

Plain Python (no pydantic, no Textual): the command line checks flags with it before the client's
stack is imported.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from typing import Final, Literal

from app.core.api.filter_values import CATEGORIES, PRIORITIES, normalise

Field = Literal["title", "description", "priority", "category", "tags"]
FIELDS: Final[tuple[Field, ...]] = ("title", "description", "priority", "category", "tags")

MAX_TITLE: Final = 200
"""Characters of a title (the API states none; a subject line longer than this is a description)."""
MAX_DESCRIPTION: Final = 50_000
"""Characters of a description: a long report fits; a pasted log belongs in an attachment."""
MAX_TAGS: Final = 20
MAX_TAG: Final = 50

_CODE_FIELDS: Final[dict[str, Field]] = {
    "TITLE": "title",
    "DESCRIPTION": "description",
    "PRIORITY": "priority",
    "CATEGORY": "category",
    "TAG": "tags",
    "TAGS": "tags",
}


def _without_controls(text: str, *, keep_newlines: bool) -> str:
    """``text`` without control, bidi or invisible format characters (they are never meant)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if keep_newlines:
        text = text.replace("\t", "    ")
    kept = []
    for char in text:
        if (char == "\n" and keep_newlines) or char.isprintable():
            kept.append(char)
        elif unicodedata.category(char) == "Zs" or char in "\n\t":
            kept.append(" ")
    return "".join(kept)


def clean_title(text: str) -> str:
    """A title as one line: controls dropped, runs of spaces and line breaks made one space."""
    return " ".join(_without_controls(text, keep_newlines=False).split())


def clean_description(text: str) -> str:
    """A description with its line breaks kept, controls dropped and trailing spaces trimmed."""
    lines = _without_controls(text, keep_newlines=True).split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")


def parse_tags(values: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Tags from ``"api, auth"`` or ``["api", "auth"]``: trimmed, empty ones dropped, repeats once."""
    parts = values.split(",") if isinstance(values, str) else [p for value in values for p in value.split(",")]
    tags: list[str] = []
    for part in parts:
        tag = clean_title(part)
        if tag and tag not in tags:
            tags.append(tag)
    return tuple(tags)


@dataclass(frozen=True)
class NewTicket:
    """What the agent filled in. Values are kept as typed (cleaned of control characters only);
    ``problems()`` says what is missing or wrong."""

    title: str = ""
    description: str = ""
    priority: str = ""
    category: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def of(
        cls,
        *,
        title: str = "",
        description: str = "",
        priority: str = "",
        category: str = "",
        tags: str | list[str] | tuple[str, ...] = (),
    ) -> NewTicket:
        """A new ticket from raw values (flags, a form, a draft file): cleaned, priority and category
        spelled as the API spells them (``Feature request`` becomes ``feature_request``)."""
        return cls(
            title=clean_title(title),
            description=clean_description(description),
            priority=normalise(priority),
            category=normalise(category),
            tags=parse_tags(tags),
        )

    @property
    def empty(self) -> bool:
        """Nothing worth keeping was written (no title and no description)."""
        return not self.title and not self.description

    def with_values(self, **values: str | tuple[str, ...]) -> NewTicket:
        """This ticket with some fields replaced (already clean values)."""
        return replace(self, **values)  # type: ignore[arg-type]  # the keys are the dataclass's own

    def problems(self) -> dict[Field, str]:
        """Each field that cannot be sent, with why, in words; empty when the ticket can be sent."""
        found: dict[Field, str] = {}
        if not self.title:
            found["title"] = "A title is required."
        elif len(self.title) > MAX_TITLE:
            found["title"] = f"The title is {len(self.title)} characters; at most {MAX_TITLE}."
        if not self.description.strip():
            found["description"] = "A description is required."
        elif len(self.description) > MAX_DESCRIPTION:
            found["description"] = (
                f"The description is {len(self.description):,} characters; at most {MAX_DESCRIPTION:,}. "
                "Attach long logs as a file instead."
            )
        if not self.priority:
            found["priority"] = f"Choose a priority: {', '.join(PRIORITIES)}."
        elif self.priority not in PRIORITIES:
            found["priority"] = f"Unknown priority {self.priority!r}: choose one of {', '.join(PRIORITIES)}."
        if not self.category:
            found["category"] = f"Choose a category: {', '.join(CATEGORIES)}."
        elif self.category not in CATEGORIES:
            found["category"] = f"Unknown category {self.category!r}: choose one of {', '.join(CATEGORIES)}."
        if len(self.tags) > MAX_TAGS:
            found["tags"] = f"{len(self.tags)} tags; at most {MAX_TAGS}."
        else:
            long = [tag for tag in self.tags if len(tag) > MAX_TAG]
            if long:
                found["tags"] = f"A tag is at most {MAX_TAG} characters: {long[0][:MAX_TAG]!r}…"
        return found

    def body(self) -> dict[str, object]:
        """The create endpoint's JSON body (only for a ticket without ``problems()``)."""
        body: dict[str, object] = {
            "title": self.title,
            "description": self.description,
            "priority": self.priority,
            "category": self.category,
        }
        if self.tags:
            body["tags"] = list(self.tags)
        return body


def field_for_code(code: str | None) -> Field | None:
    """The field an API error code names: ``TITLE_REQUIRED`` is the title, ``INVALID_PRIORITY`` the
    priority; ``None`` when the code names no field (the form shows it at the top)."""
    if not code:
        return None
    words = code.upper().replace("-", "_").split("_")
    for word in words:
        if word in _CODE_FIELDS:
            return _CODE_FIELDS[word]
    return None
